"""An article the store already has (under its URL or an alias) is not downloaded again,
except a young one, re-fetched now and then to catch edits.

Young means published (else first stored) less than ``REVISIT_WINDOW_HOURS`` ago; it is
re-fetched when its last fetch is ``REVISIT_INTERVAL_HOURS`` old. An alias is never re-fetched:
its article is, under its own URL, when a listing links it.

Checked twice: a spider middleware (``crawler.fetch.drop_stored``) drops the request as the
spider yields it (an hourly run's feeds and listings name hundreds of stored articles, and each
request refused later, with ``IgnoreRequest``, would go the whole way through the downloader
middlewares and errbacks); the downloader middleware here checks again where a redirect led,
which only the download shows.

Settings read: ``REVISIT_WINDOW_HOURS``, ``REVISIT_INTERVAL_HOURS``, and the store's
(``crawler.store.store_for``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from scrapy.exceptions import IgnoreRequest

from crawler.extract.dates import now_utc, parse_datetime
from crawler.store import store_for


class StoredArticles:
    """Whether the store makes an article request unnecessary; counts what it decides."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.revisit_window = timedelta(hours=settings.getfloat("REVISIT_WINDOW_HOURS", 48))
        self.revisit_interval = timedelta(hours=settings.getfloat("REVISIT_INTERVAL_HOURS", 6))

    def need_no_download(self, canonical: str) -> bool:
        stored = store_for(self.crawler).fetch_state(self.crawler.spider.name, canonical)
        if stored is None:
            return False
        if stored["direct"] and self.due_for_revisit(stored):
            self.crawler.stats.inc_value("articles/revisited")
            return False
        self.crawler.stats.inc_value("articles/skipped_stored")
        return True

    def due_for_revisit(self, stored: dict) -> bool:
        now = datetime.now(timezone.utc)
        born = parse_datetime(stored["published_at"] or stored["first_seen_at"])
        fetched = parse_datetime(stored["fetched_at"])
        return (born is not None and now - born < self.revisit_window
                and (fetched is None or now - fetched >= self.revisit_interval))


class SkipStoredArticlesMiddleware:
    """Downloader middleware: a redirect that led to a stored article goes no further."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stored = StoredArticles(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        canonical = request.meta.get("canonical")
        if not request.meta.get("article") or not canonical:
            return None
        if request.meta.get("redirect_urls"):
            spider, store = self.crawler.spider, store_for(self.crawler)
            # Remember where the old URL leads, so the next run skips it before the redirect.
            target = spider.canonical_url(request.url)
            if target != canonical:
                store.record_alias(spider.name, canonical, target, "redirect", now_utc())
                request.meta["canonical"] = canonical = target
                if self.stored.need_no_download(canonical):
                    raise IgnoreRequest(f"already stored: {canonical}")
        return None
