"""Dedupe: one row per article, however many URLs and runs it comes by.

The same canonical URL twice in one run is stored once. The same text under another URL of
the same source (in this run or already stored) is dropped, counted, and recorded as an alias
of the first URL. A URL already stored passes: the store decides between unchanged and updated.
"""

from __future__ import annotations

from itemadapter import ItemAdapter

from crawler.store import store_for
from pipelines import SourcePipeline


class DedupePipeline(SourcePipeline):
    def open_spider(self):
        self.store = store_for(self.crawler)
        self.urls_seen: set[str] = set()
        self.url_by_hash: dict[str, str] = {}

    def process_item(self, item):
        adapter = ItemAdapter(item)
        url, source, digest = adapter["url"], adapter["source"], adapter["content_hash"]
        if url in self.urls_seen:
            raise self.drop("duplicate_url", url)
        first_url = self.url_by_hash.get(digest) or self.store.url_with_content(source, digest)
        if first_url and first_url != url:
            self.store.record_alias(source, url, first_url, "same_content", adapter["fetched_at"])
            raise self.drop("duplicate_content", f"{url} has the text of {first_url}")
        self.urls_seen.add(url)
        self.url_by_hash.setdefault(digest, url)
        return item
