"""Dedupe pipeline: ``crawler.dedupe.Deduper`` for the crawl's source; a duplicate is dropped
and counted under its reason. Reads ``STORE_BATCH_SIZE`` (this run's memory is five batches).
"""

from __future__ import annotations

from crawler.dedupe import Deduper, Duplicate
from crawler.store import store_for
from pipelines import SourcePipeline


class DedupePipeline(SourcePipeline):
    stage = "dedupe"

    def open_spider(self):
        self.dedupe = Deduper.from_settings(store_for(self.crawler), self.crawler.settings,
                                            self.count)

    def process(self, item):
        try:
            return self.dedupe.check(item)
        except Duplicate as duplicate:
            raise self.drop(duplicate.reason, duplicate.message) from None
