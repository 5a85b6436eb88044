"""TechCrunch (techcrunch.com): technology and start-up news.

WordPress with a block theme (``wp-block-post-content``). The story's first paragraph is its
lede, which TechCrunch writes as the standfirst: kept as the summary and out of the body. The
title is og:title (the <h1> curls the quotes the headline is written with); dates and authors
come from Yoast's JSON-LD. Discovery: the news sitemap (every run) and Yoast's sitemap index
(backfill), as Fundus declares them, and WordPress's /feed/.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS_EXCLUDE, WordPressSpider


class TechCrunchSpider(WordPressSpider):
    name = "techcrunch"
    origin = "https://techcrunch.com"
    host_aliases = ("www.techcrunch.com",)
    sitemaps = ("/news-sitemap.xml",)
    # /<yyyy>/<mm>/<dd>/<slug>/
    article_url = r"^https?://[^/]+/\d{4}/\d\d/\d\d/[\w-]+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        "title": "meta[property='og:title']::attr(content)",
        "summary": "div.entry-content > p:first-of-type",
        "body": "div.entry-content",
    }
    summary_opens_body = True
    body_exclude = (*WORDPRESS_EXCLUDE, ".wp-block-tc-ads-ad-slot")
    title_suffix = r"\s*\|\s*TechCrunch$"
