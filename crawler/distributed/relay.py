"""A worker's store: it reads its node's database, and everything it would write goes to the
one writer as a typed message on the ``items`` list, in the order the crawl wrote it.

Messages (JSON, ``type`` first; the writer applies them in order, ``crawler.distributed.items``)::

    run_start   run, source, started_at, options, exclusive   a runs row begins
    article     run, crawl, article                            a cleaned, validated article
    alias       source, alias, url, reason, seen_at            a redirect or duplicate URL
    discovery   source, validators, checked_at                 ETags of a complete read
    run_finish  run, record                                    the run's record (its share)

``run`` is a key the worker makes (the writer maps it to its ``runs`` row id); ``exclusive``
says the source runs one job at a time (Scrapyd nodes, under ``crawler.distributed.lock``), so
a row of the source still ``running`` then belongs to a killed job. Reads (stored articles to
skip, the last ETags) come from the node's own database: on the writer's machine give workers
the writer's file; elsewhere they fetch what the writer already has, and it finds it unchanged.
"""

from __future__ import annotations

import json
import uuid

import redis

from crawler.distributed import PREFIX
from crawler.items import stored_fields
from crawler.store import Store

ITEMS = PREFIX + "items"


class RelayStore:
    def __init__(self, local: Store, redis_url: str, exclusive: bool = False):
        self.local, self.path = local, local.path
        self.server = redis.Redis.from_url(redis_url)
        self.exclusive = exclusive
        self.run_key: str | None = None

    @classmethod
    def from_settings(cls, local: Store, settings) -> RelayStore:
        """``open_store``'s way in (``STORE_RELAY``): one job per source unless the crawl is
        shared (``REDIS_SHARED_CRAWL``)."""
        return cls(local, settings.get("REDIS_URL"),
                   exclusive=not settings.getbool("REDIS_SHARED_CRAWL"))

    def __getattr__(self, name):
        if name == "local":
            raise AttributeError(name)
        return getattr(self.local, name)  # every read: the node's own database

    def send(self, message: dict) -> None:
        self.server.lpush(ITEMS, json.dumps(message, ensure_ascii=False))

    def start_run(self, source: str, started_at: str, options: dict) -> str:
        self.run_key = uuid.uuid4().hex
        self.send({"type": "run_start", "run": self.run_key, "source": source,
                   "started_at": started_at, "options": options, "exclusive": self.exclusive})
        return self.run_key

    def finish_run(self, run_key: str, record: dict) -> None:
        self.send({"type": "run_finish", "run": run_key, "record": record})

    def queue_article(self, article, crawl_id: str | None = None) -> None:
        """``crawl_id``: the shared crawl the article's dedupe memory belongs to (one crawl
        over a shared frontier); by default this run's own."""
        self.send({"type": "article", "run": self.run_key, "crawl": crawl_id or self.run_key,
                   "article": stored_fields(article)})

    def record_alias(self, source: str, alias: str, url: str, reason: str, seen_at: str) -> None:
        self.send({"type": "alias", "source": source, "alias": alias, "url": url,
                   "reason": reason, "seen_at": seen_at})

    def save_discovery_state(self, source: str, validators: dict, checked_at: str) -> None:
        self.send({"type": "discovery", "source": source, "checked_at": checked_at,
                   "validators": {url: list(pair) for url, pair in validators.items()}})

    def save_articles(self, source, articles):
        raise TypeError("a worker's articles go to the writer (queue_article), not its database")

    def close(self) -> None:
        self.local.close()
        self.server.close()
