"""The Redis side of one shared crawl of one source: its queue, seen set, seed and workers."""

from __future__ import annotations

import os
import socket
import uuid

import redis

from crawler.distributed import PREFIX, WORKER_CLIENT

# Add a request unless its fingerprint was seen, atomically: a worker killed in between must
# not leave a request marked seen but never queued. Every write renews the crawl's expiry.
_QUEUE_IF_NEW = """
local added = redis.call('SADD', KEYS[1], ARGV[1])
if added == 1 then redis.call('LPUSH', KEYS[2], ARGV[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return added
"""


def connect(redis_url: str, client_name: str) -> redis.Redis:
    """A connection whose every socket carries ``client_name``, so others can see we live."""
    return redis.Redis.from_url(redis_url, client_name=client_name, socket_keepalive=True)


def new_id() -> str:
    """A worker's or writer's id: where it runs, and unique even if a pid is reused."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def live_clients(server: redis.Redis, prefix: str) -> set[str]:
    """Names of the connected clients starting with ``prefix`` (without it)."""
    return {client["name"][len(prefix):] for client in server.client_list()
            if client.get("name", "").startswith(prefix)}


class SharedCrawl:
    """One worker's handle on the crawl of ``source`` it joined (or started)."""

    def __init__(self, redis_url: str, source: str, ttl: int):
        self.worker = new_id()
        self.server = connect(redis_url, WORKER_CLIENT + self.worker)
        self.source, self.ttl = source, ttl
        current = f"{PREFIX}crawl:{source}:current"
        # Join the running crawl of this source, or start one: SET NX GET answers atomically.
        proposed = uuid.uuid4().hex[:12]
        running = self.server.set(current, proposed, nx=True, get=True, ex=ttl)
        self.crawl_id = (running or proposed.encode()).decode()
        base = f"{PREFIX}crawl:{source}:{self.crawl_id}"
        self.keys = {"current": current, "queue": f"{base}:queue", "seen": f"{base}:seen",
                     "seeded": f"{base}:seeded", "workers": f"{base}:workers"}
        self.taken_prefix = f"{base}:taken:"
        self.taken = self.taken_prefix + self.worker
        self._queue_if_new = self.server.register_script(_QUEUE_IF_NEW)
        with self.server.pipeline() as pipe:
            pipe.sadd(self.keys["workers"], self.worker)
            pipe.expire(self.keys["workers"], ttl)
            pipe.execute()

    def claim_seed(self) -> bool:
        """True for exactly one worker of the crawl: the one that yields the start requests."""
        return bool(self.server.set(self.keys["seeded"], self.worker, nx=True, ex=self.ttl))

    def queue_if_new(self, fingerprint: str, data: bytes) -> bool:
        return bool(self._queue_if_new(keys=[self.keys["seen"], self.keys["queue"]],
                                       args=[fingerprint, data, self.ttl]))

    def requeue(self, data: bytes) -> None:
        """Queue again without the seen check (retries, which Scrapy marks ``dont_filter``)."""
        with self.server.pipeline() as pipe:
            pipe.lpush(self.keys["queue"], data)
            pipe.expire(self.keys["queue"], self.ttl)
            pipe.execute()

    def take(self) -> bytes | None:
        """The next request, moved atomically onto this worker's taken list."""
        with self.server.pipeline() as pipe:
            pipe.lmove(self.keys["queue"], self.taken, "RIGHT", "LEFT")
            for key in (self.taken, *self.keys.values()):  # a crawl in progress does not expire
                pipe.expire(key, self.ttl)
            data, *_ = pipe.execute()
        return data

    def finished_taken(self) -> None:
        """Everything this worker took is done (its engine is idle)."""
        self.server.delete(self.taken)

    def queue_length(self) -> int:
        return self.server.llen(self.keys["queue"])

    def return_taken(self, worker: str | None = None) -> int:
        """Put a worker's unfinished requests back in the queue; how many there were."""
        taken, moved = self.taken_prefix + (worker or self.worker), 0
        while self.server.lmove(taken, self.keys["queue"], "RIGHT", "LEFT") is not None:
            moved += 1
        self.server.expire(self.keys["queue"], self.ttl)
        return moved

    def recover_dead_workers(self) -> int:
        """Requeue what killed workers had taken; their requests are fetched again."""
        alive = live_clients(self.server, WORKER_CLIENT)
        moved = 0
        for worker in self.server.smembers(self.keys["workers"]):
            worker = worker.decode()
            if worker not in alive:
                moved += self.return_taken(worker)
                self.server.srem(self.keys["workers"], worker)
        return moved

    def others_busy(self) -> bool:
        """Whether another live worker is fetching: what it finds may be queued for us."""
        alive = live_clients(self.server, WORKER_CLIENT) - {self.worker}
        return any(self.server.llen(self.taken_prefix + worker) for worker in alive
                   if self.server.sismember(self.keys["workers"], worker))

    def leave(self, finished: bool) -> None:
        """Leave the crawl; the last worker out of a finished crawl deletes its keys."""
        if finished:
            self.finished_taken()
        else:
            self.return_taken()  # stopped early: another worker (or the next run) finishes
        self.server.srem(self.keys["workers"], self.worker)
        alive = live_clients(self.server, WORKER_CLIENT) - {self.worker}
        others = {w.decode() for w in self.server.smembers(self.keys["workers"])} & alive
        if finished and not others and not self.queue_length():
            self._delete_keys()
        self.server.close()

    def _delete_keys(self) -> None:
        stale = list(self.server.scan_iter(match=self.taken_prefix + "*"))
        self.server.delete(*[self.keys[name] for name in ("queue", "seen", "seeded", "workers")],
                           *stale)
        # End the "current" pointer only if it still names this crawl.
        if self.server.get(self.keys["current"]) == self.crawl_id.encode():
            self.server.delete(self.keys["current"])
