"""A worker's scheduler and start: the shared crawl's queue in Redis instead of memory.

Not scrapy-redis's scheduler (0.9.1), for three reasons: its pop is destructive, so the
requests a killed worker had taken are lost, and still marked seen so never found again; with
``SCHEDULER_PERSIST`` off the first worker to finish deletes the queue and seen set under the
others (and with it on they are never deleted); and it fingerprints the fetched URL, where one
article comes by many URLs (our canonical URL is the key). It does run under Scrapy 2.19
(``async def start()``, the asyncio reactor; only deprecation warnings for ``inc_value(spider=)``),
so these are problems of its design, which an adapter would have to replace whole.
Settings read: ``REDIS_URL``, ``REDIS_CRAWL_TTL``.
"""

from __future__ import annotations

import pickle

from scrapy.utils.request import request_from_dict

from crawler.distributed.crawl import SharedCrawl

DEFAULT_CRAWL_TTL = 24 * 3600


def shared_crawl_for(crawler) -> SharedCrawl:
    """The crawl this worker joined, shared by its scheduler, middleware and pipeline."""
    crawl = getattr(crawler, "shared_crawl", None)
    if crawl is None:
        settings = crawler.settings
        crawl = crawler.shared_crawl = SharedCrawl(
            settings.get("REDIS_URL"), crawler.spidercls.name,
            settings.getint("REDIS_CRAWL_TTL", DEFAULT_CRAWL_TTL))
    return crawl


class RedisScheduler:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open(self, spider) -> None:
        self.spider = spider
        self.crawl = shared_crawl_for(self.crawler)

    def close(self, reason: str) -> None:
        self.crawl.leave(finished=reason == "finished")

    def enqueue_request(self, request) -> bool:
        data = pickle.dumps(request.to_dict(spider=self.spider))
        if request.dont_filter:  # retries
            self.crawl.requeue(data)
        elif not self.crawl.queue_if_new(self.fingerprint(request), data):
            self.crawler.stats.inc_value("dupefilter/filtered")
            return False
        self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        data = self.crawl.take()
        if data is None:
            return None
        self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return request_from_dict(pickle.loads(data), spider=self.spider)

    def has_pending_requests(self) -> bool:
        # Scrapy asks only when this worker's engine is idle (nothing downloading or being
        # scraped), so every request it took is done. It stays while another worker is busy:
        # that worker may still queue requests, or be killed and leave its requests to us.
        self.crawl.finished_taken()
        return bool(self.crawl.queue_length() or self.crawl.recover_dead_workers()
                    or self.crawl.others_busy())

    def fingerprint(self, request) -> str:
        if request.meta.get("article"):  # whichever of its URLs it was linked or redirected to
            return f"article {self.spider.canonical_url(request.url)}"
        return self.crawler.request_fingerprinter.fingerprint(request).hex()


class SeedOnceMiddleware:
    """Only the worker that claims the crawl's seed yields the start requests; others join."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start):
        if shared_crawl_for(self.crawler).claim_seed():
            async for request in start:
                yield request
        else:
            # Discovery is another worker's: this worker's run is not "no start page".
            self.crawler.stats.set_value("discovery/shared", 1)
