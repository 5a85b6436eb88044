"""Queue pipeline, a distributed worker's last step: each article goes to the writer's Redis
list (``crawler.distributed.items``) after its run's start, in place of dedupe and store."""

from __future__ import annotations

from crawler.distributed.scheduler import shared_crawl_for
from crawler.store import store_for
from pipelines import SourcePipeline


class QueueItemsPipeline(SourcePipeline):
    def open_spider(self):
        self.store = store_for(self.crawler)  # a RelayStore (crawler.distributed.relay)
        shared = self.crawler.settings.getbool("REDIS_SHARED_CRAWL")
        self.crawl_id = shared_crawl_for(self.crawler).crawl_id if shared else None

    def process_item(self, item):
        self.store.queue_article(item, self.crawl_id)
        self.count("articles/queued")
        return item
