"""Articles from every worker to the one writer, through a Redis list, none lost, none doubled.

Workers ``LPUSH`` cleaned, validated articles to ``items``. The writer moves a batch at a time
onto ``items:processing`` (``BLMOVE``, atomic), runs dedupe and store on it, commits, and only
then deletes ``items:processing`` (the ack). A writer killed before the ack leaves the batch
there; the next writer puts it back first. Storing an article twice is harmless: the store
upserts by URL and finds it unchanged.
"""

from __future__ import annotations

import json
import signal
from collections import Counter
from dataclasses import asdict
from types import SimpleNamespace

from scrapy.exceptions import DropItem
from scrapy.settings import Settings

from crawler.distributed import PREFIX, WRITER_CLIENT
from crawler.distributed.crawl import connect, live_clients, new_id
from crawler.distributed.scheduler import shared_crawl_for
from crawler.items import Article
from crawler.store import StoreError, check_source_name
from pipelines import SourcePipeline
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline

ITEMS = PREFIX + "items"
PROCESSING = PREFIX + "items:processing"
UNREADABLE = PREFIX + "items:unreadable"
WRITER = PREFIX + "writer"


class WriterBusy(Exception):
    """Another writer is connected to this Redis: two would split (and misack) the items."""


class QueueItemsPipeline(SourcePipeline):
    """A worker's last step: the article goes to the writer's list."""

    def open_spider(self):
        self.crawl = shared_crawl_for(self.crawler)

    def process_item(self, item):
        message = {"crawl": self.crawl.crawl_id, "article": asdict(item)}
        self.crawl.server.lpush(ITEMS, json.dumps(message, ensure_ascii=False))
        self.count("articles/queued")
        return item


class _SourceRun:
    """What Dedupe and Store pipelines need of a crawler, for one crawl of one source."""

    def __init__(self, settings: Settings, store, source: str, crawl_id: str, stats: Counter):
        self.settings, self.news_store, self.crawl_id = settings, store, crawl_id
        self.spider = SimpleNamespace(name=source)
        self.stats = SimpleNamespace(inc_value=lambda key, amount=1: stats.update({key: amount}))
        self.signals = SimpleNamespace(send_catch_log=lambda signal, **kwargs: [])  # none heard
        self.dedupe, self.store = DedupePipeline(self), StorePipeline(self)
        self.dedupe.open_spider()
        self.store.open_spider()

    def process(self, article: Article) -> None:
        try:
            self.store.process_item(self.dedupe.process_item(article))
        except DropItem:
            pass  # counted by the pipeline, under its reason


class Writer:
    """Stores the articles workers queue, into one database, as the only writer."""

    def __init__(self, redis_url: str, store, settings: Settings, batch_size: int = 200):
        self.id = new_id()
        self.server = connect(redis_url, WRITER_CLIENT + self.id)
        self.store, self.settings, self.batch_size = store, settings, batch_size
        self.stats: Counter = Counter()
        self.runs: dict[str, _SourceRun] = {}
        self.stopping = False

    def claim(self) -> None:
        holder = self.server.set(WRITER, self.id, nx=True, get=True)
        if holder and holder.decode() in live_clients(self.server, WRITER_CLIENT):
            raise WriterBusy(f"another writer ({holder.decode()}) is storing this Redis's items")
        self.server.set(WRITER, self.id)
        # A batch a killed writer had taken but not acknowledged goes first.
        while self.server.lmove(PROCESSING, ITEMS, "LEFT", "RIGHT") is not None:
            self.stats["requeued"] += 1

    def run(self, drain: bool = False, wait: float = 1.0) -> Counter:
        """Store batches until stopped (SIGTERM, Ctrl-C), or with ``drain`` until none is left."""
        self.claim()
        signal.signal(signal.SIGTERM, lambda *_: setattr(self, "stopping", True))
        try:
            while not self.stopping:
                batch = self.take(timeout=0 if drain else wait)
                if batch:
                    self.write(batch)
                elif drain:
                    break
        finally:
            self.server.delete(WRITER)
            self.server.close()
        return self.stats

    def take(self, timeout: float) -> list[bytes]:
        first = (self.server.blmove(ITEMS, PROCESSING, timeout, "RIGHT", "LEFT") if timeout
                 else self.server.lmove(ITEMS, PROCESSING, "RIGHT", "LEFT"))
        if first is None:
            return []
        batch = [first]
        while len(batch) < self.batch_size:
            more = self.server.lmove(ITEMS, PROCESSING, "RIGHT", "LEFT")
            if more is None:
                break
            batch.append(more)
        return batch

    def write(self, batch: list[bytes]) -> None:
        for raw in batch:
            try:
                message = json.loads(raw)
                article = Article(**message["article"])
                check_source_name(article.source)
            except (ValueError, TypeError, KeyError, StoreError):
                # Not an article this version can store: set aside for a look, not retried forever.
                self.server.lpush(UNREADABLE, raw)
                self.stats["unreadable"] += 1
                continue
            self.source_run(article.source, message["crawl"]).process(article)
        for run in self.runs.values():
            run.store.flush()  # commit before the ack
        self.server.delete(PROCESSING)

    def source_run(self, source: str, crawl_id: str) -> _SourceRun:
        """Dedupe's memory ("this URL was seen in this run") lasts one crawl of one source."""
        run = self.runs.get(source)
        if run is None or run.crawl_id != crawl_id:
            if run is not None:
                run.store.close_spider()
            run = self.runs[source] = _SourceRun(self.settings, self.store, source, crawl_id,
                                                  self.stats)
        return run
