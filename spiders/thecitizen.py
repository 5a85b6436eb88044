"""The Citizen (citizen.co.za): a South African daily.

WordPress with a theme of its own (``single-`` classes): headline in ``div.single-title``,
standfirst in ``div.single-excerpt``, story in ``div.single-content``. Dates and authors come
from Yoast's JSON-LD. Discovery: Yoast's sitemap index, the one point Fundus declares.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS_EXCLUDE, WordPressSpider


class TheCitizenSpider(WordPressSpider):
    name = "thecitizen"
    origin = "https://www.citizen.co.za"
    host_aliases = ("citizen.co.za",)
    # /<section>[/<subsection>…]/<slug>/; listings are /category/, /tag/, /author/.
    article_url = (r"^https?://[^/]+/(?!category/|tag/|author/|page/)(?:[a-z0-9-]+/){1,3}"
                   r"[a-z0-9]+(?:-[a-z0-9]+){2,}/?(?=[?#]|$)")
    language = "en"
    # The pages link no feed: the sitemap index, walked every run, is the listing (its
    # unchanged child sitemaps are skipped by their lastmod).
    feeds = ()
    sitemaps = ("/sitemap_index.xml",)
    backfill_sitemaps = ()
    selectors = {
        "title": "div.single-title h1",
        "summary": "div.single-excerpt",
        "body": "div.single-content",
    }
    # Story links set into the text: "read more" cards, related posts of partner papers and
    # "READ NEXT:" lines.
    body_exclude = (*WORDPRESS_EXCLUDE, ".read-more-posts-container", ".related-posts-container",
                    "./p[starts-with(normalize-space(), 'READ NEXT:')]")
    title_suffix = r"\s*\|\s*The Citizen$"
