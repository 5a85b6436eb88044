"""Downloader middleware: Scrapy's RetryMiddleware waits before it retries a 429 or 5xx
(``RetryAfterMiddleware``); ``retry_after_seconds`` reads the header for the throttles too.

Settings read: ``RETRY_ENABLED``, ``RETRY_HTTP_CODES``, ``RETRY_TIMES``, ``RETRY_AFTER_MAX``,
``RETRY_BACKOFF_BASE``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.exceptions import NotConfigured


class RetryAfterMiddleware:
    """Wait before a retry: as long as the response's ``Retry-After`` says, up to
    ``RETRY_AFTER_MAX`` seconds — a longer wait is not retried in this run at all (the next
    run comes sooner) — and without the header ``RETRY_BACKOFF_BASE`` seconds, doubled on
    every retry. The wait holds only this request; the rest of the crawl goes on.

    It sits outside RetryMiddleware (550) so it sees the response before the retry is made.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.retry_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self.max_retries = settings.getint("RETRY_TIMES")
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX")
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request, response):
        retries = request.meta.get("retry_times", 0)
        if (response.status not in self.retry_codes or request.meta.get("dont_retry")
                or retries >= request.meta.get("max_retry_times", self.max_retries)):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_wait:
            self.crawler.stats.inc_value("retry/retry_after_too_long")
            request.meta["dont_retry"] = True
            return response
        if wait is None:
            wait = min(self.backoff_base * 2 ** retries, self.max_wait)
        self.crawler.stats.inc_value("retry/waited_seconds", wait)
        await asyncio.sleep(wait)
        return response


def retry_after_seconds(value: bytes | None) -> float | None:
    """``Retry-After`` in seconds: a number of seconds or an HTTP date; None when absent or
    unreadable."""
    text = value.decode("latin-1").strip() if value else ""
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC, by RFC 5322
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())
