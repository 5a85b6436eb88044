"""The Namibian (namibian.com.na): Namibia's largest independent daily.

WordPress with a block theme (``wp-block-post-content``). The standfirst is the story's first
paragraph, set in bold: kept as the summary, not repeated in the body. Dates and authors come
from the page metadata; the subscription box and the reporting credit that close the story are
left out. Discovery: WordPress's /feed/ and Yoast's sitemap index on the bare domain, as Fundus
declares them (both mix English and Oshikwanyama posts; ``language`` is the English edition's).
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS, WORDPRESS_EXCLUDE, WordPressSpider


class TheNamibianSpider(WordPressSpider):
    name = "thenamibian"
    origin = "https://www.namibian.com.na"
    # ww2. served the same posts during the 2024 move; the sitemap is on the bare domain.
    host_aliases = ("namibian.com.na", "ww2.namibian.com.na")
    article_url = r"^https?://[^/]+/[a-z0-9]+(?:-[a-z0-9]+)+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        **WORDPRESS,
        "title": "h1.wp-block-post-title",
        "summary": ("div.entry-content > p:first-child > strong:only-child",
                    "div.entry-content > p:first-child > b:only-child"),
    }
    summary_opens_body = True
    backfill_sitemaps = ("https://namibian.com.na/sitemap_index.xml",)
    body_exclude = (*WORDPRESS_EXCLUDE, ".namps-single-cta")  # the subscription box
    footer_markers = ("– additional reporting by", "- additional reporting by")
