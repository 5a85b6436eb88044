"""An article the store already has (under its URL or an alias) is not downloaded again,
except a young one, re-fetched now and then to catch edits.

Young means published (else first stored) less than ``REVISIT_WINDOW_HOURS`` ago; it is
re-fetched when its last fetch is ``REVISIT_INTERVAL_HOURS`` old. An alias is never re-fetched:
its article is, under its own URL, when a listing links it.

Checked twice: a spider middleware drops the request as the spider yields it (an hourly run's
feeds and listings name hundreds of stored articles, and each request refused later, with
``IgnoreRequest``, would go the whole way through the downloader middlewares and
errbacks); a downloader middleware checks again where a redirect led, which only the download
shows.

``MAX_ARTICLES`` (the CLI's ``--max-articles``) caps the article pages a run downloads: the
cap is applied in the downloader middleware, before the request, because pages already in
flight when an item count is reached would all be stored anyway (many at once, with parsing
in worker processes). The spider middleware applies it to discovery too: once the spider has
yielded as many article requests (not stored) as the budget allows, the callback is read no
further (stat ``discovery/stopped_by_max_articles``), so a sitemap of 200,000 URLs does not
fill the scheduler with requests that would never be sent.
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


class DropStoredArticlesMiddleware:
    """Spider middleware: requests for stored articles never reach the scheduler, nor
    any request once the article budget (``MAX_ARTICLES``) is spent."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stored = StoredArticles(crawler)
        self.requests_left = crawler.settings.getint("MAX_ARTICLES") or None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result):
        for entry in result:
            if self._stored(entry):
                continue
            if self._spent(entry):
                return
            yield entry

    async def process_spider_output_async(self, response, result):
        async for entry in result:
            if self._stored(entry):
                continue
            if self._spent(entry):
                return
            yield entry

    def _spent(self, entry) -> bool:
        """Whether ``entry`` is a request after the budget is spent: the callback is read no
        further (an article page yields only its item, which always passes)."""
        if self.requests_left is None or getattr(entry, "meta", None) is None:
            return False
        if self.requests_left <= 0:
            self.crawler.stats.inc_value("discovery/stopped_by_max_articles")
            return True
        if entry.meta.get("article"):
            self.requests_left -= 1
        return False

    def _stored(self, entry) -> bool:
        meta = getattr(entry, "meta", None)  # requests have it; articles do not
        return bool(meta and meta.get("article") and meta.get("canonical")
                    and self.stored.need_no_download(meta["canonical"]))


class SkipStoredArticlesMiddleware:
    """Downloader middleware: where a redirect led to a stored article, and the article budget."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stored = StoredArticles(crawler)
        self.downloads_left = crawler.settings.getint("MAX_ARTICLES") or None

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
        return self.within_budget(request)

    def within_budget(self, request) -> None:
        """Count a first attempt (not a retry or a redirect hop) against ``MAX_ARTICLES``."""
        if self.downloads_left is None or request.meta.get("retry_times") or request.meta.get("redirect_urls"):
            return None
        if self.downloads_left <= 0:
            self.crawler.stats.inc_value("articles/over_max_articles")
            raise IgnoreRequest("max articles reached")
        self.downloads_left -= 1
        return None
