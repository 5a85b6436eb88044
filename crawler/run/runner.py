"""Run crawls in one Scrapy process: locks, settings, logging, and the results of each source.

Settings read: ``LOG_LEVEL``; ``MAX_CONCURRENT_CRAWLS`` and ``CRAWL_SLOT_WAIT`` (crawls at once on
one database, and how long one more waits for a slot); ``PARSE_PROCESSES`` and
``PARSE_TIME_LIMIT`` (the parse workers, crawler.run.parse_workers).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from crawler.distributed import configure_worker
from crawler.paths import project_settings
from crawler.run.locks import SourceLock, SourceLocked, acquire_crawl_slot
from crawler.run.parse_workers import ParsePool
from crawler.run.startup import import_http_handler, setting_up
from crawler.sources import spider_class
from crawler.store import StoreBusy, open_store, resolve_db_path
from spiders.parser import ArticleParser

log = logging.getLogger(__name__)


@dataclass
class CrawlResult:
    source: str
    status: str  # ok | degraded | failed | locked
    reason: str | None = None
    record: dict = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class CrawlOptions:
    db: str | None = None
    base_url: str | None = None
    max_articles: int | None = None
    since: str | None = None
    settings: dict = field(default_factory=dict)
    redis: str | None = None  # a worker of a distributed crawl (crawler.distributed)
    progress: bool = False  # a live progress line per source on stderr (crawler.run.progress)
    log_level: str | None = None  # None: LOG_LEVEL
    verbose: bool = False  # the log on stderr too


def log_path_for(db_path: Path) -> Path:
    """Logs live beside the database: ``data/logs/`` for the default one."""
    return db_path.parent / "logs" / f"crawl-{datetime.now(timezone.utc):%Y-%m-%d}.log"


def run_crawls(sources: list, options: CrawlOptions) -> list[CrawlResult]:
    """Crawl ``sources``: names, or spider classes (an ad-hoc source has no name to look up)."""
    db_path = resolve_db_path(options.db)
    results, running, locks = [], [], []
    with setting_up():  # what is made here lives as long as the crawl (crawler.run.startup)
        settings = _crawl_settings(options, db_path)
        spiders = [source if isinstance(source, type) else spider_class(source)
                   for source in sources]
        try:
            _check_store(settings)
        except StoreBusy as busy:
            return [CrawlResult(spider.name, "failed", f"{busy}; nothing was fetched")
                    for spider in spiders]
        import_http_handler()
        process = CrawlerProcess(settings)
        if options.log_level:
            settings.set("LOG_LEVEL", options.log_level, priority="cmdline")
        _log_to_file(log_path_for(db_path), settings.get("LOG_LEVEL"), options.verbose)
        try:  # machines running many sources' cron jobs cap how many crawl at once
            slot = acquire_crawl_slot(db_path.parent / "locks",
                                      settings.getint("MAX_CONCURRENT_CRAWLS"),
                                      settings.getfloat("CRAWL_SLOT_WAIT"))
        except SourceLocked as busy:
            return [CrawlResult(spider.name, "locked", str(busy)) for spider in spiders]
        if slot:
            locks.append(slot)
        for spider in spiders:
            try:
                if not options.redis:  # workers of one distributed crawl share it, through Redis
                    locks.append(SourceLock(db_path.parent / "locks", spider.name).acquire())
            except SourceLocked as locked:
                results.append(CrawlResult(spider.name, "locked", str(locked)))
                continue
            running.append((spider.name, process.create_crawler(spider)))
    # What the set-up made lives as long as the crawl: frozen, the parse workers forked next
    # keep sharing its memory pages instead of copying those a collection would touch.
    gc.freeze()
    pool = _parse_pool([ArticleParser(crawler.spidercls, options.base_url)
                        for _, crawler in running], settings)
    kwargs = {key: value for key, value in (("base_url", options.base_url),
                                            ("since", options.since), ("parse_pool", pool))
              if value}
    for _, crawler in running:
        process.crawl(crawler, **kwargs)
    started = time.monotonic()
    try:
        if running:
            process.start()
    finally:
        if pool:
            pool.close()
        for lock in locks:
            lock.release()
    elapsed = time.monotonic() - started
    for source, crawler in running:
        record = getattr(crawler, "run_record", None)
        if record is None:
            results.append(CrawlResult(source, "failed", "the crawl did not start (see the log)",
                                       seconds=elapsed))
        else:
            if options.redis:  # a worker stores nothing: it queues articles for the writer
                queued = crawler.stats.get_value("articles/queued", 0)
                record = {**record, "articles_queued": queued}
            results.append(CrawlResult(source, record["status"], record["reason"], record, elapsed))
    return results


def _crawl_settings(options: CrawlOptions, db_path: Path):
    """The project's settings with the command's options."""
    settings = project_settings()
    settings.set("CRAWLER_DB", str(db_path), priority="cmdline")
    if options.max_articles:
        settings.set("MAX_ARTICLES", options.max_articles, priority="cmdline")
        settings.set("CLOSESPIDER_ITEMCOUNT", options.max_articles, priority="cmdline")
    if options.since:
        settings.set("CRAWL_SINCE", options.since, priority="cmdline")
    for name, value in options.settings.items():
        settings.set(name, value, priority="cmdline")
    if options.redis:
        configure_worker(settings, options.redis)
    settings.set("PROGRESS", options.progress, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    return settings


def _check_store(settings) -> None:
    """The database opens and takes a write, before any request: a file that is no database,
    read-only or full fails here (StoreError), not after a whole crawl."""
    store = open_store(settings)
    try:
        store.check_writable()
    finally:
        store.close()


def _parse_pool(parsers, settings) -> ParsePool | None:
    """Worker processes parsing with ``parsers``, given to the spiders (PARSE_PROCESSES)."""
    processes = settings.getint("PARSE_PROCESSES")
    if processes < 0:
        processes = max(1, (os.cpu_count() or 1) - 1)
    if not processes or not parsers:
        return None
    return ParsePool(parsers, processes, settings.getfloat("PARSE_TIME_LIMIT"))


class _LogFile(logging.FileHandler):
    """The day's log file; a record it cannot write (a full disk) is let go without a word:
    logging's default prints a traceback on the terminal, and the run record says what failed."""

    def handleError(self, record):
        pass


def _log_to_file(path: Path, level: str, verbose: bool = False) -> None:
    """Scrapy's whole log goes to the day's file; the terminal gets only our summary, unless
    ``verbose``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handlers = [_LogFile(path, encoding="utf-8")]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    root = logging.getLogger()
    root.handlers = handlers
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        handler.setLevel(level or "INFO")
    # On the loggers too: Scrapy sets its own to DEBUG (after CrawlerProcess is made, hence
    # here), and every DEBUG record ("Crawled", "Scraped from <whole item>") costs building
    # even when no handler writes it.
    for logger in (root, logging.getLogger("scrapy")):
        logger.setLevel(level or "INFO")
