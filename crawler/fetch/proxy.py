"""Requests through an HTTP(S) proxy: one for every source, or a source's own.

A source declares ``proxy = "http://user:pass@proxy.example:3128"`` (coded or in
sources.toml); ``PROXY`` (``$CRAWLER_PROXY``, or ``crawl -s PROXY=…``) serves the others.
This only sets ``request.meta["proxy"]``: Scrapy's own HttpProxyMiddleware does the rest
(credentials, CONNECT tunnels for https). A request that names its proxy keeps it.
Settings: ``PROXY``.
"""

from __future__ import annotations


def proxy_for(spider, default: str | None) -> str | None:
    return getattr(spider, "proxy", None) or default or None


class SourceProxyMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.default = crawler.settings.get("PROXY")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        proxy = proxy_for(self.crawler.spider, self.default)
        if proxy and "proxy" not in request.meta:
            request.meta["proxy"] = proxy
