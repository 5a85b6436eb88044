"""The Portugal News (theportugalnews.com): an English-language newspaper in Portugal.

A site of its own (Bootstrap markup): the standfirst is the semibold block under the headline,
the story ``div.article-body``, whose subheadings are bold paragraphs. The byline is a line of
text ("By TPN, in News, Portugal ·  31 Jan 2025, 20:02") rather than markup, so ``authors`` is
read from it; dates come from the JSON-LD. Discovery: the site's news sitemap, walked every run
(it lists every language edition; ``article_url`` keeps the English one's /news/ articles).
"""

from __future__ import annotations

import re

from spiders.base import NewsSpider

BYLINE = "article.full p.text-sm::text"


class ThePortugalNewsSpider(NewsSpider):
    name = "theportugalnews"
    origin = "https://www.theportugalnews.com"
    host_aliases = ("theportugalnews.com",)
    sitemaps = ("/sitemap-news.xml",)
    # /news/<yyyy-mm-dd>/<slug>/<id>
    article_url = r"^https?://[^/]+/news/\d{4}-\d\d-\d\d/[\w-]+/\d+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        "title": "article.full h1.article-heading",
        "summary": "article.full div.font-semibold",
        "body": "article.full div.article-body",
    }

    def extract_authors(self, response, css):
        """The names between "By" and the comma before the sections."""
        for text in response.css(BYLINE).getall():
            byline = re.match(r"\s*By\s+(.+?)\s*,", text)
            if byline:
                return [name for name in re.split(r"\s+and\s+|\s*&\s*", byline.group(1)) if name]
        return []  # the metadata's then
