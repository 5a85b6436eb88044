"""Mexico News Daily (mexiconewsdaily.com): English-language news on Mexico.

WordPress with tagDiv's "Newspaper" theme (page-builder blocks, ``tdb_`` classes): the title is
the title block's ``h1.tdb-title-text`` (og:title straightens its quotes), the story the
single-content block, less its embedded tweets and the closing credit of the
Spanish-language sources. No standfirst. Dates and authors come from Yoast's JSON-LD.
Discovery: WordPress's /feed/ and Yoast's sitemap index.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS_EXCLUDE, WordPressSpider


class MexicoNewsDailySpider(WordPressSpider):
    name = "mexiconewsdaily"
    origin = "https://mexiconewsdaily.com"
    host_aliases = ("www.mexiconewsdaily.com",)
    # /<category>/<slug>/ (news, politics, business, …); not /category/… listings.
    article_url = (r"^https?://[^/]+/(?!category/|tag/|author/)[a-z-]+/[a-z0-9]+(?:-[a-z0-9]+)+/?"
                   r"(?=[?#]|$)")
    language = "en"
    selectors = {"title": "h1.tdb-title-text",
                 "body": "div.tdb_single_content div.tdb-block-inner"}
    body_exclude = (*WORDPRESS_EXCLUDE, "blockquote.twitter-tweet")
    footer_markers = ("With reports from",)  # the closing credit of the Spanish-language sources
