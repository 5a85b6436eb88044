"""Articles from every worker to the one writer, through a Redis list, none lost, none doubled.

Workers ``LPUSH`` cleaned, validated articles to ``items``. The writer moves a batch at a time
onto ``items:processing`` (``BLMOVE``, atomic), runs dedupe and store on it, commits, and only
then deletes ``items:processing`` (the ack). A writer killed before the ack leaves the batch
there; the next writer puts it back first. Storing an article twice is harmless: the store
upserts by URL and finds it unchanged.

Settings read: ``STORE_BATCH_SIZE`` and ``STORE_BATCH_SECONDS`` (as a crawl's store pipeline).
"""

from __future__ import annotations

import json
import signal
from collections import Counter
from contextlib import contextmanager

from scrapy.settings import Settings

from crawler.dedupe import Deduper, Duplicate
from crawler.distributed import PREFIX, WRITER_CLIENT
from crawler.distributed.crawl import connect, live_clients, new_id
from crawler.distributed.relay import ITEMS
from crawler.extract.dates import now_utc
from crawler.failures import prefixed, store_failed_reason
from crawler.items import Article
from crawler.store import BatchWriter, StoreError, check_source_name

PROCESSING = PREFIX + "items:processing"
UNREADABLE = PREFIX + "items:unreadable"
WRITER = PREFIX + "writer"
# Which runs row each worker's run key became: a table no source can be named (not [a-z]…).
RELAYED_RUNS = "_relayed_runs"


class WriterBusy(Exception):
    """Another writer is connected to this Redis: two would split (and misack) the items."""


class _SourceRun:
    """Dedupe and store for one crawl of one source (the classes the pipelines wrap); what they
    count goes to the run (its worker's ``runs`` row) the article came from."""

    def __init__(self, settings: Settings, store, source: str, crawl_id: str, totals: Counter):
        self.crawl_id, self.totals, self.counts = crawl_id, totals, Counter()
        self.dedupe = Deduper.from_settings(store, settings, self.count)
        self.store = BatchWriter.from_settings(store, source, settings, self.count)

    def count(self, key: str, amount: int = 1) -> None:
        self.totals[key] += amount
        self.counts[key] += amount

    def process(self, article: Article, counts: Counter) -> None:
        if counts is not self.counts:  # another worker's run: its pending articles are counted
            self.flush()               # for the run they came from
            self.counts = counts
        try:
            article = self.dedupe.check(article)
        except Duplicate as duplicate:
            self.count(f"dropped/{duplicate.reason}")
            return
        with self._failure_noted():
            self.store.add(article)

    def flush(self) -> None:
        with self._failure_noted():
            self.store.flush()

    @contextmanager
    def _failure_noted(self):
        """A failed write (counted as ``errors/store_failed``) leaves its error for the run."""
        try:
            yield
        except Exception as error:
            self.counts["store/last_error"] = f"{type(error).__name__}: {error}"
            raise


class Writer:
    """Stores the articles workers queue, into one database, as the only writer."""

    def __init__(self, redis_url: str, store, settings: Settings, batch_size: int = 200):
        self.id = new_id()
        self.server = connect(redis_url, WRITER_CLIENT + self.id)
        self.store, self.settings, self.batch_size = store, settings, batch_size
        self.stats: Counter = Counter()
        self.runs: dict[str, _SourceRun] = {}  # by source
        self.run_counts: dict[str, Counter] = {}  # by worker run key, until its run_finish
        self.stats_sink: Counter = Counter()  # articles of an older worker's, without a run
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
                apply = getattr(self, f"_apply_{message.get('type', 'article')}")
                apply(message)  # a message without a type: an article (an older worker's)
            except (ValueError, TypeError, KeyError, AttributeError, StoreError):
                # Not a message this version can apply: set aside for a look, not retried forever.
                self.server.lpush(UNREADABLE, raw)
                self.stats["unreadable"] += 1
        self.flush()  # commit before the ack
        self.server.delete(PROCESSING)

    def flush(self) -> None:
        for run in self.runs.values():
            run.flush()

    def _apply_article(self, message: dict) -> None:
        article = Article(**message["article"])
        check_source_name(article.source)
        run_key = message.get("run")
        counts = self.run_counts.setdefault(run_key, Counter()) if run_key else self.stats_sink
        self.source_run(article.source, message["crawl"]).process(article, counts)

    def _apply_run_start(self, message: dict) -> None:
        source = check_source_name(message["source"])
        self.flush()
        if self.run_id(message["run"]) is not None:
            return  # a batch this writer (or a killed one) applied, given again
        if message.get("exclusive"):  # one job per source: a row still running was killed
            self._fail_abandoned(source)
        with self.store.db.atomic():
            run_id = self.store.start_run(source, message["started_at"], message["options"])
            self.store.db[RELAYED_RUNS].insert({"run": message["run"], "id": run_id},
                                               pk="run", replace=True)

    def _apply_run_finish(self, message: dict) -> None:
        self.flush()
        run_id = self.run_id(message["run"])
        if run_id is None:
            raise KeyError(message["run"])  # its start never arrived
        record = with_writer_counts(message["record"], self.run_counts.pop(message["run"], {}))
        self.store.finish_run(run_id, record)
        for source, run in list(self.runs.items()):
            if run.crawl_id == message["run"]:  # the run's own dedupe memory ends with it
                run.flush()
                del self.runs[source]

    def _apply_alias(self, message: dict) -> None:
        self.store.record_alias(check_source_name(message["source"]), message["alias"],
                                message["url"], message["reason"], message["seen_at"])

    def _apply_discovery(self, message: dict) -> None:
        self.flush()  # the ETags of a read only once its articles are stored
        validators = {url: tuple(pair) for url, pair in message["validators"].items()}
        self.store.save_discovery_state(check_source_name(message["source"]), validators,
                                        message["checked_at"])

    def run_id(self, run_key: str) -> int | None:
        if not self.store.db[RELAYED_RUNS].exists():
            return None
        row = self.store.db.execute(f"SELECT id FROM [{RELAYED_RUNS}] WHERE run = ?",
                                    [run_key]).fetchone()
        return row and row[0]

    def _fail_abandoned(self, source: str) -> None:
        """A run of ``source`` still ``running`` when the next job starts was killed."""
        for row in self.store.runs(source, limit=50):
            if row["status"] != "running":
                continue
            key = self.store.db.execute(f"SELECT run FROM [{RELAYED_RUNS}] WHERE id = ?",
                                        [row["id"]]).fetchone()
            counts = self.run_counts.pop(key[0], {}) if key else {}
            record = with_writer_counts({"dropped": {}}, counts)
            self.store.finish_run(row["id"], {
                **record, "status": "failed", "finished_at": now_utc(),
                "reason": "the job was killed: it never recorded its end (the next job of the "
                          "source started)"})

    def source_run(self, source: str, crawl_id: str) -> _SourceRun:
        """Dedupe's memory ("this URL was seen in this run") lasts one crawl of one source."""
        run = self.runs.get(source)
        if run is None or run.crawl_id != crawl_id:
            if run is not None:
                run.flush()
            run = self.runs[source] = _SourceRun(self.settings, self.store, source, crawl_id,
                                                  self.stats)
        return run


def with_writer_counts(record: dict, counts: dict) -> dict:
    """A worker's run record with what the writer counted of its articles: new, updated and
    unchanged, dedupe's drops, and store failures (which fail the run, as in one process)."""
    record = dict(record)
    for outcome in ("new", "updated", "unchanged"):
        record[f"articles_{outcome}"] = counts.get(f"articles/{outcome}", 0)
    dropped = Counter(record.get("dropped") or {})
    dropped.update(prefixed(counts, "dropped/"))
    record["dropped"] = dict(sorted(dropped.items()))
    record["articles_dropped"] = sum(dropped.values())
    failed = counts.get("errors/store_failed", 0)
    if failed:
        kinds = Counter(record.get("error_kinds") or {})
        kinds["store_failed"] += failed
        record["error_kinds"] = dict(sorted(kinds.items()))
        record["errors"] = sum(kinds.values())
        record["status"] = "failed"
        record["reason"] = store_failed_reason(failed, counts.get("store/last_error"))
    return record
