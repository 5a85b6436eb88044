"""The backfill crawl: a source's spider whose pages come out of WARC files, not the network.

``backfill_spider(SourceSpider, files)`` subclasses the source's own spider: its start
yields one request per recorded 2xx response of an article URL of the source (its hosts and
``article_url`` pattern), carrying the record; ``RecordedResponseMiddleware`` answers each
with the recorded response and refuses any other request (nothing is fetched). From there it
is the crawl's own path: parse workers, clean, validate, dedupe, store, the run record. The
article's ``fetched_at`` is the record's WARC-Date, its ``warc_file``/``warc_offset`` the
record's place. Copies of one URL go to the crawl one at a time, oldest first
(crawler.warc.order), so the store takes them as it would in WARC-Date order. The sources of
one backfill read each file once between them (crawler.warc.shared).

Resuming: per source and file, the offset before which every record is finished (stored,
dropped or refused) is saved in ``warc_checkpoints`` after each store commit and when the crawl
closes; the next backfill reads on from there. Records finished after it are read again and
change nothing (the store finds them unchanged, or older than what it has).

Settings: ``DOWNLOAD_MAXSIZE`` (a larger recorded payload is counted as ``warc_too_large``),
``WARC_REORDER_WINDOW`` (records held back to put copies of one URL in date order).
"""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes

from crawler.extract.dates import now_utc
from crawler.store import articles_stored, store_for
from crawler.warc.order import CopyOrder
from crawler.warc.reader import Problem, Record, member_entries
from crawler.warc.shared import CannotOpen, ReadBroken, WarcFiles

RECORD = "warc_record"
UTF8 = ("utf-8", "utf8", "ascii")

# A backfill reads what was fetched: nothing goes to the network, nothing is waited for, and
# every recorded copy reaches the store, which decides (an article stored already is not
# skipped: a newer copy is a revision).
BACKFILL_SETTINGS = {
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_ENABLED": False,
    "REDIRECT_ENABLED": False,
    "METAREFRESH_ENABLED": False,
    "COOKIES_ENABLED": False,
    "WARC_DIR": None,  # the bytes are in an archive already
    "DOWNLOADER_MIDDLEWARES": {
        "crawler.warc.backfill.RecordedResponseMiddleware": 1,
        "crawler.fetch.stored.SkipStoredArticlesMiddleware": None,
        "crawler.fetch.budget.ArticleBudgetMiddleware": None,
        "crawler.fetch.conditional.ConditionalDiscoveryMiddleware": None,
    },
    "SPIDER_MIDDLEWARES": {"crawler.fetch.drop_stored.DropStoredArticlesMiddleware": None},
}


class Checkpoint:
    """Per file: the records handed to the crawl and not yet finished, and how far it is read."""

    def __init__(self):
        self.pending: dict[str, dict[int, int]] = defaultdict(dict)  # offset -> records there
        self.read_to: dict[str, int] = {}

    def started(self, location: str, offset: int) -> None:
        self.read_to[location] = offset

    def reading(self, location: str, offset: int, end: int | None) -> None:
        at = self.pending[location]
        at[offset] = at.get(offset, 0) + 1
        self.passed(location, end if end is not None else offset)

    def passed(self, location: str, end: int) -> None:
        self.read_to[location] = max(self.read_to.get(location, 0), end)

    def finished(self, location: str | None, offset: int | None) -> None:
        at = self.pending.get(location)
        if at is None or offset not in at:
            return
        at[offset] -= 1
        if not at[offset]:
            del at[offset]

    def positions(self) -> dict[str, int]:
        """Per file, the offset to resume from: the first unfinished record, or where the
        reading got to."""
        return {location: next(iter(self.pending[location]), read_to)
                for location, read_to in self.read_to.items()}


class BackfillMixin:
    """What turns a source's spider into its backfill (see the module docstring)."""

    warc_files: ClassVar[WarcFiles]

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.checkpoint = Checkpoint()
        spider.copy_order = CopyOrder(crawler.settings.getint("WARC_REORDER_WINDOW"))
        spider.run_options = {"backfill": True, "warc": list(cls.warc_files.locations)}
        crawler.signals.connect(spider._item_passed, signal=signals.item_scraped)
        crawler.signals.connect(spider._item_finished, signal=signals.item_dropped)
        crawler.signals.connect(spider._item_finished, signal=signals.item_error)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._stored, signal=articles_stored)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    async def start(self):
        store = store_for(self.crawler)
        max_size = self.settings.getint("DOWNLOAD_MAXSIZE") or 1 << 62
        for location in self.warc_files.locations:
            offset = store.warc_checkpoint(self.name, location)
            self.checkpoint.started(location, offset)
            members = self.warc_files.reading(location).members(self.name, offset, max_size,
                                                                store.warc_checkpoint)
            try:
                async for member in members:
                    for entry in member_entries(location, member, max_size, self.is_article_url):
                        for record in self._take(location, entry):
                            yield self._request(record)
            except CannotOpen as error:  # gone since it was listed
                self._problem(Problem(location, offset, "unreadable", str(error)))
                self._count("discovery/failed")
                continue
            except ReadBroken as error:  # the connection broke: read on next time
                self._problem(Problem(location, self.checkpoint.read_to[location],
                                      "unreadable", str(error)))
            self._count("discovery/warc")
        for record in self.copy_order.drain():
            yield self._request(record)

    def _take(self, location: str, entry) -> list[Record]:
        """An entry read: the records to hand to the crawl now."""
        if isinstance(entry, Record) and 200 <= entry.status < 300:
            self._count("warc/records")
            self.checkpoint.reading(location, entry.offset, entry.end)
            return self.copy_order.add(self.canonical_url(entry.target_uri), entry.date, entry)
        if isinstance(entry, Problem):
            self._problem(entry)
        elif isinstance(entry, Record):  # a redirect, a 404: no article in it
            self._count(f"warc/status_{entry.status}")
        self.checkpoint.passed(location, entry.end or entry.offset)
        return []

    def _request(self, record: Record) -> scrapy.Request:
        return scrapy.Request(record.target_uri, self.parse_article, errback=self.on_error,
                              dont_filter=True, meta={RECORD: record, "article": True})

    def _next_copy(self, key: str) -> None:
        """The copy of ``key`` in the crawl is finished: the next one waiting goes in."""
        record = self.copy_order.finished(key)
        if record is not None:
            self.crawler.engine.crawl(self._request(record))

    def _idle(self):
        # Nothing is in the crawl, so no copy should wait; should one, it is not lost.
        records = self.copy_order.unstick()
        for record in records:
            self.crawler.engine.crawl(self._request(record))
        if records:
            raise DontCloseSpider

    def _problem(self, problem: Problem) -> None:
        self._count(f"errors/warc_{problem.kind}")
        self.logger.warning("warc_%s: %s at %d %s", problem.kind, problem.location,
                            problem.offset, problem.detail)

    async def parse_article(self, response):
        record: Record = response.meta[RECORD]
        found = False
        try:
            if isinstance(response, TextResponse) and response.encoding not in UTF8:
                self._count("errors/warc_non_utf8")  # read right, in its own charset
            async for article in super().parse_article(response):
                found = True
                article.fetched_at = record.date or article.fetched_at
                article.warc_file, article.warc_offset = record.location, record.offset
                yield article
        finally:
            if not found:  # nothing to store: the record is finished here
                self.checkpoint.finished(record.location, record.offset)
                self._next_copy(self.canonical_url(record.target_uri))

    def on_error(self, failure):
        record = failure.request.meta.get(RECORD)
        if record is not None:
            self.checkpoint.finished(record.location, record.offset)
            self._next_copy(self.canonical_url(record.target_uri))
        return super().on_error(failure)

    def _item_passed(self, item, **kwargs):
        # Past the store pipeline, which takes items in the order they reach it.
        self._next_copy(getattr(item, "url", None))

    def _item_finished(self, item, **kwargs):  # dropped, or failed in a pipeline
        self.checkpoint.finished(getattr(item, "warc_file", None),
                                 getattr(item, "warc_offset", None))
        self._next_copy(getattr(item, "url", None))

    def _stored(self, items):
        for item in items:
            self.checkpoint.finished(item.warc_file, item.warc_offset)
        self._save_checkpoint()

    def _closed(self, **kwargs):
        self._save_checkpoint()
        self.warc_files.leave(self.name)  # the other sources' reading waits for it no more

    def _save_checkpoint(self):
        store_for(self.crawler).save_warc_checkpoints(self.name, self.checkpoint.positions(),
                                                      now_utc())


def backfill_spider(source: type, files: WarcFiles) -> type:
    """``source``'s spider, reading ``files`` instead of its site."""
    settings = {**(source.custom_settings or {}), **BACKFILL_SETTINGS}
    return type(f"{source.__name__}Backfill", (BackfillMixin, source),
                {"warc_files": files, "custom_settings": settings,
                 "__module__": source.__module__})


class RecordedResponseMiddleware:
    """Downloader middleware: the recorded response of a backfill request; nothing else is
    downloaded."""

    def process_request(self, request):
        record: Record | None = request.meta.get(RECORD)
        if record is None:
            raise IgnoreRequest(f"a backfill fetches nothing: {request.url}")
        headers = Headers([(name, value) for name, value in record.headers])
        cls = responsetypes.from_args(headers=headers, url=record.target_uri, body=record.body)
        return cls(url=request.url, status=record.status, headers=headers, body=record.body,
                   request=request)
