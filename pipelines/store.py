"""Store: articles go to their source's table in batched transactions.

After each commit the ``articles_stored`` signal names the batch (a backfill advances its
checkpoint on it, crawler.warc.backfill).
"""

from __future__ import annotations

import time

from crawler.store import store_for
from pipelines import SourcePipeline

articles_stored = object()  # signal: items=the batch just committed


class StorePipeline(SourcePipeline):
    """A batch that cannot be written is counted as ``errors/store_failed`` (per article) and
    its error raised on, for callers that acknowledge what was written (the distributed
    writer)."""

    stage = "store"

    def open_spider(self):
        settings = self.crawler.settings
        self.batch_size = settings.getint("STORE_BATCH_SIZE", 200)
        self.batch_seconds = settings.getfloat("STORE_BATCH_SECONDS", 2.0)
        self.store = store_for(self.crawler)
        self.pending = []
        self.last_flush = time.monotonic()

    def process_item(self, item):
        self.pending.append(item)
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last_flush > self.batch_seconds:
            self.flush()
        return item

    def close_spider(self):
        self.flush()

    def flush(self):
        self.last_flush = time.monotonic()
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        try:
            counts = self.store.save_articles(self.spider.name, batch)
        except Exception as error:
            # The transaction rolled back whole: nothing of the batch is stored, so the next run
            # downloads it again. The run must say so (crawler.runs), and callers that
            # acknowledge what was written (the distributed writer) must see the error.
            self.count("errors/store_failed", len(batch))
            self.crawler.stats.set_value("store/last_error", f"{type(error).__name__}: {error}")
            raise
        for outcome, amount in counts.items():
            self.count(f"articles/{outcome}", amount)
        self.crawler.signals.send_catch_log(signal=articles_stored, items=batch)
