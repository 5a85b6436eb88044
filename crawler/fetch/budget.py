"""Downloader middleware: at most ``MAX_ARTICLES`` article pages downloaded per source per run.

``MAX_ARTICLES`` (the CLI's ``--max-articles``) caps the article pages a run downloads: the
cap is applied here, before the request, because pages already in flight when an item count
is reached would all be stored anyway (many at once, with parsing in worker processes). A
retry or a redirect hop is not a new page. The spider middleware ``crawler.fetch.drop_stored``
applies the same budget to discovery.

Settings read: ``MAX_ARTICLES``.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class ArticleBudgetMiddleware:
    """Counts each article page's first attempt against ``MAX_ARTICLES``; refuses the rest."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.downloads_left = crawler.settings.getint("MAX_ARTICLES") or None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request) -> None:
        meta = request.meta
        if (self.downloads_left is None or not meta.get("article") or not meta.get("canonical")
                or meta.get("retry_times") or meta.get("redirect_urls")):
            return None
        if self.downloads_left <= 0:
            self.crawler.stats.inc_value("articles/over_max_articles")
            raise IgnoreRequest("max articles reached")
        self.downloads_left -= 1
        return None
