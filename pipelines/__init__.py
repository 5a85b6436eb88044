"""Item pipelines, one job each; their order is set once, in ``crawler/settings.py``."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class SourcePipeline:
    """Gives a pipeline its crawler (for stats and the spider's declarations)."""

    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider if self.crawler else None

    def count(self, key: str, amount: int = 1) -> None:
        if self.crawler:
            self.crawler.stats.inc_value(key, amount)

    def drop(self, reason: str, message: str) -> DropItem:
        """Count a dropped item under its reason; the caller raises what this returns."""
        self.count(f"dropped/{reason}")
        return DropItem(f"{reason}: {message}", log_level="INFO")
