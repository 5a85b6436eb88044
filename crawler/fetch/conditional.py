"""Downloader middleware: feeds and sitemaps cost one 304 when they have not changed.

A spider marks its feed and sitemap requests ``meta["conditional"]``. They are sent with the
``If-None-Match`` / ``If-Modified-Since`` of the response a complete run last saw; a 304
reaches the spider's callback, which yields nothing (stat ``discovery/not_modified``). A sitemap
index is always read in full.

What this run saw is saved only when it finished (close reason ``finished``), and only for
the feeds and sitemaps whose articles could all be fetched: a killed run, one stopped by
``--max-articles``, or an article that failed (a 500, a timeout) leaves the feed that listed it
to be read again in full by the next run. Nor is anything saved when an article fetched this
run was lost on its way to the table (a write that failed, an exception while parsing or in a
pipeline: ``crawler.failures.articles_lost``): the next run reads every feed and sitemap in full
and fetches those articles again (stored ones are still skipped without a request).

Each feed and sitemap request carries ``meta["discovery_checked_at"]``: per feed or sitemap
URL, when the last complete run read it, minus ``SITEMAP_LASTMOD_SLACK_HOURS`` (sites stamp
``lastmod`` when an article is published, and may publish the sitemap later). Sitemap entries
with an older ``lastmod`` were listed then already; the spider skips them without a request.

Settings read: ``SITEMAP_LASTMOD_SLACK_HOURS``, and the store's (``crawler.store.open_store``).
"""

from __future__ import annotations

from datetime import timedelta

from scrapy import signals
from twisted.python.failure import Failure

from crawler.extract.dates import now_utc, parse_datetime
from crawler.failures import articles_lost, failure_kind
from crawler.store import open_store, store_for

# The request meta key under which a feed or sitemap request carries it (spiders.base).
CHECKED_AT = "discovery_checked_at"


class ConditionalDiscoveryMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.slack = timedelta(hours=crawler.settings.getfloat("SITEMAP_LASTMOD_SLACK_HOURS", 24))
        self.known: dict[str, dict] = {}  # url -> the stored discovery_state row
        self.checked_at: dict = {}  # url -> when a complete run read it, less the slack
        self.seen: dict[str, tuple[str | None, str | None]] = {}  # url -> (etag, last_modified)
        self.incomplete: set[str] = set()  # feeds and sitemaps that listed an article that failed
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        self.started_at = now_utc()
        self.known = store_for(self.crawler).discovery_state(spider.name)
        self.checked_at = {url: parse_datetime(row["checked_at"]) - self.slack
                           for url, row in self.known.items()}

    def process_request(self, request):
        if not request.meta.get("conditional"):
            return None
        request.meta[CHECKED_AT] = self.checked_at
        known = self.known.get(request.url)
        if known and (known["etag"] or known["last_modified"]):
            if known["etag"]:
                request.headers["If-None-Match"] = known["etag"]
            if known["last_modified"]:
                request.headers["If-Modified-Since"] = known["last_modified"]
            request.meta["handle_httpstatus_list"] = [
                *request.meta.get("handle_httpstatus_list", ()), 304]
        return None

    def process_response(self, request, response):
        if request.meta.get("listed_by") and response.status != 200:  # retries are over
            self.incomplete.add(request.meta["listed_by"])
        if request.meta.get("conditional"):
            if response.status == 304 and request.url in self.known:
                known = self.known[request.url]
                self.seen[request.url] = (known["etag"], known["last_modified"])
            elif response.status == 200 and _is_sitemap_index(response):
                # Read in full every time: its children may change while it does not (their
                # own requests are conditional), and a 304 would hide them all.
                self.seen[request.url] = (None, None)
            elif response.status == 200:
                self.seen[request.url] = (_header(response, b"ETag"),
                                          _header(response, b"Last-Modified"))
        return response

    def process_exception(self, request, exception):
        # Skipping a stored article is no failure; a timeout or a refused request is.
        if request.meta.get("listed_by") and failure_kind(Failure(exception)) is not None:
            self.incomplete.add(request.meta["listed_by"])
        return None

    def spider_closed(self, spider, reason):
        read = {url: validators for url, validators in self.seen.items()
                if url not in self.incomplete}
        if reason != "finished" or not read or articles_lost(self.crawler.stats.get_stats()):
            return
        # The crawl's own store may be closed by now (the run recorder closes it).
        store = open_store(self.crawler.settings)
        try:
            store.save_discovery_state(spider.name, read, checked_at=self.started_at)
        finally:
            store.close()


def _is_sitemap_index(response) -> bool:
    return b"<sitemapindex" in response.body[:4096]


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
