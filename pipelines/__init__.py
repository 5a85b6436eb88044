"""Item pipelines, one job each; their order is set once, in ``crawler/settings.py``.

An exception in a pipeline's ``process`` loses that one item, never the run: it is logged with
its traceback, counted as ``errors/exception/<stage>/<ExceptionClass>`` and the item dropped
(``crawler.run.record`` turns the count into the run's status).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

log = logging.getLogger(__name__)


class SourcePipeline:
    """Gives a pipeline its crawler (for stats and the spider's declarations), and counts the
    exceptions of its ``process(item)`` under its ``stage``."""

    stage = "pipeline"

    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider if self.crawler else None

    def process_item(self, item):
        try:
            return self.process(item)
        except DropItem:
            raise
        except Exception as error:
            kind = type(error).__name__
            self.count(f"errors/exception/{self.stage}/{kind}")
            log.error("%s lost to %s in the %s pipeline", getattr(item, "url", item), kind,
                      self.stage, exc_info=True)
            raise DropItem(f"exception/{self.stage}/{kind}: {error}", log_level="DEBUG") from None

    def process(self, item):
        return item

    def count(self, key: str, amount: int = 1) -> None:
        if self.crawler:
            self.crawler.stats.inc_value(key, amount)

    def drop(self, reason: str, message: str) -> DropItem:
        """Count a dropped item under its reason; the caller raises what this returns."""
        self.count(f"dropped/{reason}")
        return DropItem(f"{reason}: {message}", log_level="INFO")
