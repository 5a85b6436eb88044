"""The run record: one row in ``runs`` per source per crawl, with an honest status.

Every error is counted by kind in the run record (``error_kinds``: the ``errors/*`` stats).
An exception while parsing a page, in a discovery callback or in a pipeline is caught where it
happens, for that one page or item, and counted as ``errors/exception/<stage>/<Class>``
(stage: ``parse``, ``discovery``, or the pipeline: ``clean``, ``validate``, ``dedupe``,
``store``). The status, the first rule that applies:

``failed``
    the crawl was stopped before it finished; an article could not be written
    (``store_failed``: the next run fetches it again); no start page could be fetched; nothing
    could be parsed; an article was lost to SQLite's ``DatabaseError`` (a damaged file: the
    message says to check it); an exception was counted and none of the article pages
    fetched was stored; or the run record itself could not be saved.
``degraded``
    an exception lost an article or part of a feed or sitemap (the reason names the kinds);
    or too many article pages lack a title, body or date, or had their title or body only
    from a fallback (metadata, generic extraction) because the source's selectors did not
    recognise their layout (a redesigned site), or a limit on hostile input was hit
    (``errors/limit/<name>``: a sitemap too large, too deep, too long, with a DTD; too many
    sitemaps). The reason names the field; an ok run whose pages needed the fallback names it
    too.
``ok``
    otherwise.

Settings read: ``HEALTH_MISSING_SHARE``; ``CRAWL_SINCE`` (the run's ``--since``, recorded);
``REDIS_URL`` (workers of a distributed crawl share a source's runs; see
``RunRecorder.spider_opened``).
"""

from __future__ import annotations

import logging
import sqlite3

from scrapy import signals

from crawler.extract.dates import now_utc
from crawler.failures import prefixed, store_failed_reason
from crawler.items import HEALTH_FIELDS
from crawler.store import StoreError, store_for

FINISHED_REASONS = ("finished", "closespider_itemcount")

log = logging.getLogger(__name__)


class RunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.health_threshold = crawler.settings.getfloat("HEALTH_MISSING_SHARE", 0.2)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        if self.crawler.stats.get_value("lock/held_by"):
            return  # another job runs this source (crawler.distributed.lock): no run of ours
        options = {"base_url": getattr(spider, "base_url", None),
                   "since": self.crawler.settings.get("CRAWL_SINCE"),
                   **getattr(spider, "run_options", {})}  # a backfill names its WARC files
        store = store_for(self.crawler)
        self.run_id, self.start_error = None, None
        try:
            self.run_id = store.start_run(spider.name, now_utc(), options)
            if not self.crawler.settings.get("REDIS_URL"):
                # The source lock is ours: an older run still "running" died without its record.
                store.close_abandoned_runs(spider.name, before_id=self.run_id)
        except (sqlite3.Error, StoreError) as error:  # the runner checked the file just now
            log.error("the run record could not be started: %s", error)
            self.start_error = error

    def spider_closed(self, spider, reason):
        if not hasattr(self, "run_id"):
            return
        stats = self.crawler.stats.get_stats()
        record = summarize(stats, reason, self.health_threshold)
        record["finished_at"] = now_utc()
        store = store_for(self.crawler)
        try:
            if self.run_id is None:
                raise self.start_error
            store.finish_run(self.run_id, record)
        except (sqlite3.Error, StoreError) as error:
            # The row stays "running" until the next run of the source closes it; the
            # crawl's own result says what happened.
            log.error("the run record could not be saved: %s", error)
            record = {**record, "status": "failed",
                      "reason": f"its run record could not be saved ({type(error).__name__}: "
                                f"{error})" + (f"; {record['reason']}" if record["reason"] else "")}
        finally:
            store.close()
        self.crawler.run_record = {"source": spider.name, **record}


def summarize(stats: dict, close_reason: str, health_threshold: float = 0.2) -> dict:
    """The run record of a finished crawl, from its Scrapy stats."""
    dropped = prefixed(stats, "dropped/")
    errors = prefixed(stats, "errors/")
    record = {
        "pages_fetched": stats.get("response_received_count", 0),
        "articles_new": stats.get("articles/new", 0),
        "articles_updated": stats.get("articles/updated", 0),
        "articles_unchanged": stats.get("articles/unchanged", 0),
        "articles_dropped": sum(dropped.values()),
        "dropped": dropped,
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }
    record["status"], record["reason"] = _status(stats, close_reason, errors, health_threshold)
    return record


def _status(stats, close_reason, errors, health_threshold) -> tuple[str, str | None]:
    discovered = sum(v for k, v in stats.items() if k.startswith("discovery/")
                     and k != "discovery/failed")
    fetched = stats.get("articles/fetched", 0)
    paywalled = stats.get("parsed/paywalled", 0)  # teasers: not full articles, not judged
    parsed = stats.get("parsed/articles", 0) - paywalled
    valid = parsed - sum(stats.get(f"parsed/missing_{name}", 0) for name in ("url", "title", "body"))
    if close_reason == "throttled":  # crawler/fetch/throttle.py: the site kept answering 429/503
        return "throttled", (f"the site answered 429/503 {stats.get('throttle/backoff', 0)} "
                              f"times; stopped after {stats.get('articles/new', 0)} new articles, "
                              f"the rest next run")
    if close_reason not in FINISHED_REASONS:
        return "failed", f"crawl stopped before it finished ({close_reason})"
    if errors.get("store_failed"):
        return "failed", store_failed_reason(errors["store_failed"], stats.get("store/last_error"))
    exceptions = {kind: count for kind, count in errors.items() if kind.startswith("exception/")}
    damaged = sum(count for kind, count in exceptions.items() if kind.endswith("/DatabaseError"))
    if damaged:  # SQLite's DatabaseError proper (not its OperationalError): a damaged file
        return "failed", (f"the database file looks damaged: {damaged} articles lost to "
                          f"DatabaseError ({_top(exceptions)}); check it with "
                          f"PRAGMA integrity_check; the next run fetches them again")
    stored = sum(stats.get(f"articles/{outcome}", 0) for outcome in ("new", "updated", "unchanged"))
    # A feed URL that answers with an HTML page (or garbage) was fetched but gave nothing.
    readable = discovered - errors.get("invalid_feed", 0)
    unreadable = sum(errors.get(kind, 0) for kind in ("invalid_feed", "invalid_sitemap"))
    if readable <= 0 and not fetched and unreadable:
        return "failed", (f"no feed, sitemap or section could be read: {unreadable} fetched, "
                          f"not a feed or sitemap ({_top(errors)})")
    if not discovered and not fetched:
        return "failed", f"no start page could be fetched ({_top(errors) or 'no response'})"
    if exceptions and fetched and not stored:
        return "failed", (f"nothing stored: {fetched} article pages, {sum(exceptions.values())} "
                          f"lost to exceptions ({_top(exceptions)}); the next run fetches them "
                          f"again")
    if fetched and valid <= 0 and not paywalled:
        return "failed", f"nothing parsed: {fetched} article pages, none with a title and body"
    if exceptions:
        return "degraded", (f"{sum(exceptions.values())} lost to exceptions ({_top(exceptions)}); "
                            f"the next run fetches them again")
    if parsed:
        missing = {name: stats.get(f"parsed/missing_{name}", 0) / parsed for name in HEALTH_FIELDS}
        worst = max(missing, key=missing.get)
        if missing[worst] > health_threshold:
            return "degraded", (f"parser health: {missing[worst]:.0%} of {parsed} article pages "
                                f"had no {worst}")
    limits = {kind: count for kind, count in errors.items() if kind.startswith("limit/")}
    if limits:  # what lay past the limit was not read: the run is not the whole story
        return "degraded", f"limits hit: {_top(limits)}"
    fallbacks = prefixed(stats, "parser/fallback/")
    if parsed and fallbacks:
        worst = max(fallbacks, key=fallbacks.get)
        fields = ", ".join(f"{name} on {count}" for name, count in fallbacks.items())
        reason = (f"parser health: layout not recognised, fallback for {fields} "
                  f"of {parsed} article pages")
        return ("degraded" if fallbacks[worst] / parsed > health_threshold else "ok"), reason
    return "ok", None


def _top(errors: dict[str, int]) -> str:
    return ", ".join(f"{kind} ×{count}" for kind, count in sorted(errors.items(), key=lambda kv: -kv[1])[:3])
