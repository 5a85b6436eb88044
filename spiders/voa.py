"""Voice of America (voanews.com), English service.

- Discovery: the "Top Stories" feed `/api/` and one page of each main section (`/usa`,
  `/africa`, `/europe`, …; robots.txt forbids their `?p=` paging); with `--since` the sitemap
  index `/sitemap.xml`.
- One article = one numeric id: any slug, `/amp/`, `m.voanews.com` or no slug at all give
  `https://www.voanews.com/a/<id>.html`.
- Title `h1.pg-title`; body `#article-content .wsw` without the dateline ("AUBURN, Wash. — ")
  and the photos embedded in it; caption of the cover photo. Authors, dates (UTC in the
  JSON-LD; the page shows Washington time), section, keywords and image from the metadata. VOA
  prints no standfirst: `summary` is the page description.
"""

from __future__ import annotations

import re

from spiders.base import NewsSpider

# The id identifies the article; the slug is decoration and may be missing. AMP pages sit
# under /amp/ instead of /a/.
ARTICLE_URL = r"/(?:a|amp)/(?:[^/?#]+/)?(\d+)\.html(?=[?#]|$)"


class VOASpider(NewsSpider):
    name = "voa"
    origin = "https://www.voanews.com"
    host_aliases = ("voanews.com", "m.voanews.com", "www1.voanews.com")
    feeds = ("/api/",)  # "VOA - Top Stories", the feed every page links in its <head>
    sections = ("/usa", "/africa", "/americas", "/east-asia", "/europe", "/middle-east",
                "/south-central-asia", "/china", "/iran", "/immigration", "/press-freedom")
    # robots.txt forbids the listings' "?p=" paging: one page per section.
    section_pages = 1
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = ARTICLE_URL
    language = "en"
    selectors = {
        "title": "h1.pg-title",
        "body": "#article-content .wsw",
        "image_caption": ".cover-media figcaption .caption",
    }
    # The dateline ("AUBURN, Wash. — ") is set apart from the first paragraph.
    body_exclude = (".dateline", ".wsw__embed")

    def canonical_url(self, url: str) -> str:
        match = re.search(ARTICLE_URL, url)
        return f"{self.origin}/a/{match.group(1)}.html" if match else self.default_canonical_url(url)
