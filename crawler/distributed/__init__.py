"""Distributed crawling on Redis: workers crawl, one writer stores everything they find.

Two ways (docs/distributed.md). ``crawler crawl SOURCE --redis URL`` runs a worker of one
shared crawl; start as many as you like, on any machine that reaches the Redis server. They
share the crawl's request queue and its "seen" set, and the first one seeds the start points.
Or each source runs as a Scrapyd job (``crawler schedule --scrapyd``; a job given ``REDIS_URL``
is a worker through ``NodeAddon``), one at a time under a Redis lock (``lock``). Either way a
worker writes nothing: its articles, ``runs`` rows, discovery state and aliases go as messages
to one Redis list (``relay``), and ``crawler store --redis URL --db PATH``, the only process that
writes the database, applies them in order with the dedupe and store steps of a single crawl.

Settings read: ``REDIS_URL`` (a Scrapyd job's: makes it a worker), ``REDIS_SHARED_CRAWL``; a
worker is given ``STORE_RELAY``, its scheduler, throttle handler and lock (``configure_worker``).

Redis keys (prefix ``newscrawler:``)::

    crawl:<source>:current            id of the crawl of <source> that new workers join
    crawl:<source>:<id>:queue         requests waiting to be fetched (a list, FIFO)
    crawl:<source>:<id>:seen          fingerprints of every request ever queued (a set)
    crawl:<source>:<id>:seeded        set by the one worker that yields the start requests
    crawl:<source>:<id>:workers       ids of the workers that joined
    crawl:<source>:<id>:taken:<worker>  requests a worker took and may not have finished
    items, items:processing           messages for the writer; the batch being written
    lock:<source>                     the Scrapyd job that runs <source> now
    throttle:<site>[:backoff]         one throttle per site for all workers (throttle.py)

A crawl's keys are deleted by its last worker when the crawl is finished, and expire
``REDIS_CRAWL_TTL`` seconds after the last request was queued or taken in any case (a crawl
whose workers were all killed). Workers and the writer are known alive by their Redis client
name: a killed process's connection closes, and its unfinished requests go back to the queue.
"""

from __future__ import annotations

PREFIX = "newscrawler:"
WORKER_CLIENT = "newscrawler-worker-"
WRITER_CLIENT = "newscrawler-writer-"


def configure_worker(settings, redis_url: str, shared: bool = True) -> None:
    """Turn a crawl's settings into a worker's: items and every other write to the writer;
    ``shared``: one crawl over a shared frontier (seed once), else one job per source at a
    time under a Redis lock (Scrapyd nodes, ``crawler.distributed.lock``)."""
    pipelines = settings.getdict("ITEM_PIPELINES")
    for step in ("pipelines.dedupe.DedupePipeline", "pipelines.store.StorePipeline"):
        pipelines.pop(step, None)  # the writer runs these, so one process writes the file
    pipelines["pipelines.queue.QueueItemsPipeline"] = 300
    settings.set("REDIS_URL", redis_url, priority="cmdline")
    settings.set("STORE_RELAY", "crawler.distributed.relay.RelayStore", priority="cmdline")
    settings.set("REDIS_SHARED_CRAWL", shared, priority="cmdline")
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
    if shared:
        spider_middlewares = settings.getdict("SPIDER_MIDDLEWARES")
        spider_middlewares["crawler.distributed.scheduler.SeedOnceMiddleware"] = 10
        settings.set("SCHEDULER", "crawler.distributed.scheduler.RedisScheduler",
                     priority="cmdline")
        settings.set("SPIDER_MIDDLEWARES", spider_middlewares, priority="cmdline")
        # One throttle per site for all workers, applied as each request is sent.
        handler = "crawler.distributed.throttle.SharedThrottleHandler"
        settings.set("DOWNLOAD_HANDLERS", {**settings.getdict("DOWNLOAD_HANDLERS"),
                                           "http": handler, "https": handler}, priority="cmdline")
    else:
        extensions = settings.getdict("EXTENSIONS")
        extensions["crawler.distributed.lock.RedisLockExtension"] = -1  # before the run record
        settings.set("EXTENSIONS", extensions, priority="cmdline")


class NodeAddon:
    """A Scrapy add-on: a job given ``REDIS_URL`` (``setting=REDIS_URL=…`` in Scrapyd's
    ``schedule.json``) runs as a worker that writes through the writer, under a Redis lock."""

    def update_settings(self, settings) -> None:
        url = settings.get("REDIS_URL")
        if url and "pipelines.queue.QueueItemsPipeline" not in \
                settings.getdict("ITEM_PIPELINES"):  # `crawl --redis` configured it already
            configure_worker(settings, url, shared=settings.getbool("REDIS_SHARED_CRAWL"))
