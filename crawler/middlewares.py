"""Downloader middleware: an article the store already has (under its URL or an alias) is not
downloaded again."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from crawler.extract.dates import now_utc
from crawler.store import store_for


class SkipStoredArticlesMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        canonical = request.meta.get("canonical")
        if not request.meta.get("article") or not canonical:
            return None
        spider, store = self.crawler.spider, store_for(self.crawler)
        if request.meta.get("redirect_urls"):
            # Remember where the old URL leads, so the next run skips it before the redirect.
            target = spider.canonical_url(request.url)
            if target != canonical:
                store.record_alias(spider.name, canonical, target, "redirect", now_utc())
                request.meta["canonical"] = canonical = target
        if store.has_article(spider.name, canonical):
            self.crawler.stats.inc_value("articles/skipped_stored")
            raise IgnoreRequest(f"already stored: {canonical}")
        return None
