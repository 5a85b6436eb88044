"""Washington Free Beacon (freebeacon.com): a conservative political news site, US.

- Discovery: WordPress's own sitemap index `/wp-sitemap.xml`, the only one the site publishes;
  it lists posts by number, so it is walked only with `--since` (a backfill); a normal run
  reads the feed `/feed/` that every page links (`<link rel="alternate">`; not in the
  reference's list).
- Articles: `/<category>/<slug>/`; category, author, tag and page archives are not articles.
- Fields: title, authors and dates from the page's metadata; summary: the excerpt
  (`h2.article-excerpt`) under the headline; body: the paragraphs, subheadings and lists
  directly in `.article-content`; ads and the "Published under:" tag list stay out.
"""

from __future__ import annotations

from spiders.base import NewsSpider, children

BODY = "article.single-post-container .article-content"


class FreeBeaconSpider(NewsSpider):
    name = "freebeacon"
    origin = "https://freebeacon.com"
    host_aliases = ("www.freebeacon.com",)
    feeds = ("/feed/",)
    backfill_sitemaps = ("/wp-sitemap.xml",)
    article_url = (r"^https?://[^/]+/(?!(?:category|author|tag|page|feed|wp-[a-z]+|search)/)"
                   r"[\w-]+/[\w-]+/?(?=[?#]|$)")
    language = "en"
    timezone = "America/New_York"
    selectors = {
        "summary": "article.single-post-container .article-head h2.article-excerpt",
        "body": children(BODY),
    }
