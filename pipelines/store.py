"""Store pipeline: the crawl's articles to their source's table (``crawler.store.BatchWriter``).

Reads ``STORE_BATCH_SIZE`` and ``STORE_BATCH_SECONDS``. After each commit it sends the
``crawler.store.articles_stored`` signal with the batch (a backfill's checkpoint advances on it).
"""

from __future__ import annotations

from contextlib import contextmanager

from crawler.store import BatchWriter, articles_stored, store_for
from pipelines import SourcePipeline


class StorePipeline(SourcePipeline):
    """A batch that cannot be written is counted as ``errors/store_failed`` (per article) and
    its error raised on, for callers that acknowledge what was written (the distributed
    writer)."""

    stage = "store"

    def open_spider(self):
        self.writer = BatchWriter.from_settings(store_for(self.crawler), self.spider.name,
                                                self.crawler.settings, self.count,
                                                committed=self.committed)

    def process_item(self, item):
        with self._failure_noted():
            self.writer.add(item)
        return item

    def committed(self, batch):
        self.crawler.signals.send_catch_log(signal=articles_stored, items=batch)

    def close_spider(self):
        self.flush()

    def flush(self):
        with self._failure_noted():
            self.writer.flush()

    @contextmanager
    def _failure_noted(self):
        """A failed write (counted by the writer) also leaves its error in the stats."""
        try:
            yield
        except Exception as error:
            self.crawler.stats.set_value("store/last_error", f"{type(error).__name__}: {error}")
            raise
