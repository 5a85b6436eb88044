"""WARC pipeline: with ``WARC_DIR`` set, the exchange of each article about to be stored is
written to the crawl's archive (``crawler.warc.writer.WarcArchive``), and the row names the
file and offset. Reads ``WARC_DIR`` (off when empty) and ``WARC_MAX_SIZE``.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured

from crawler.warc.writer import WarcArchive
from pipelines import SourcePipeline


class WarcPipeline(SourcePipeline):
    """Writes the exchange of each article about to be stored; the row names where."""

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("WARC_DIR"):
            raise NotConfigured
        return super().from_crawler(crawler)

    def open_spider(self):
        settings = self.crawler.settings
        self.archive = WarcArchive(settings.get("WARC_DIR"), settings.getint("WARC_MAX_SIZE"),
                                   self.spider.name)

    def process_item(self, item):
        capture, item.capture = item.capture, None
        if capture is not None:
            item.warc_file, item.warc_offset = self.archive.write(capture, item.fetched_at)
            self.count("warc/written")
        return item

    def close_spider(self):
        self.archive.close()
