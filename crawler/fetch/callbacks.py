"""Spider middleware: an exception that escapes a spider callback is counted, not a traceback.

The spider catches exceptions per article page and per feed or sitemap entry itself (see
spiders/base.py); this catches the rest (a listing page, a spider's own override), counted as
``errors/exception/<stage>/<ExceptionClass>`` (``parse`` for an article page, ``discovery``
otherwise) with one warning line. A sitemap's callback hands on the walk of its index, which
rides in the request (``LATER_SITEMAPS``), so one bad sitemap never ends the walk.

Settings read: none.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.failures import exception_kind


class CallbackExceptionsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_exception(self, response, exception):
        if isinstance(exception, (HttpError, IgnoreRequest)):  # Scrapy's own, handled by it
            return None
        request = response.request
        stage = "parse" if request is not None and request.meta.get("article") else "discovery"
        kind = exception_kind(stage, exception)
        self.crawler.stats.inc_value(f"errors/{kind}")
        spider = self.crawler.spider
        spider.logger.warning("%s: %s (%s)", kind, response.url, str(exception)[:200])
        next_sitemap = getattr(spider, "_next_sitemap", None)
        if request is not None and next_sitemap and request.callback == spider.parse_sitemap:
            return list(next_sitemap(request))
        return []
