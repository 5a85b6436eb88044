"""One job per source across every node: a Redis lock with expiry, in place of the file lock.

``SET newscrawler:lock:<source> <holder> NX PX <ttl>`` takes it; the job renews it every third
of the ttl while it runs and deletes it at the end (only if it still holds it). A holder is
known alive by its Redis connection's client name, as workers are (``crawler.distributed``):
a killed job's lock is free at once for the next, and expires after ``REDIS_LOCK_TTL_MS`` in
any case (a node cut off from Redis). A job that finds its source locked closes at once with
reason ``locked`` and records no run, as ``crawler crawl`` skips a locked source.

Settings: ``REDIS_URL``, ``REDIS_LOCK_TTL_MS``. Scrapyd's ``_job`` spider argument names the
holder, for the refusal's message.
"""

from __future__ import annotations

import logging

from scrapy import signals
from twisted.internet import task

from crawler.distributed import PREFIX
from crawler.distributed.crawl import connect, live_clients, new_id

log = logging.getLogger(__name__)

JOB_CLIENT = "newscrawler-job-"
DEFAULT_TTL_MS = 60_000

# Take a lock whose holder is gone, only if nobody took it in between.
_TAKE_OVER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return false
"""
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def lock_key(source: str) -> str:
    return f"{PREFIX}lock:{source}"


def holder_of(server, source: str) -> str | None:
    """Who runs ``source`` now (a live holder), else None."""
    holder = server.get(lock_key(source))
    if holder is None:
        return None
    holder = holder.decode()
    return holder if holder.split(" ", 1)[0] in live_clients(server, JOB_CLIENT) else None


class SourceLockHeld(Exception):
    pass


class RedisSourceLock:
    def __init__(self, redis_url: str, source: str, ttl_ms: int = DEFAULT_TTL_MS,
                 job: str | None = None):
        self.id = new_id()
        self.server = connect(redis_url, JOB_CLIENT + self.id)
        self.key, self.ttl_ms, self.source = lock_key(source), ttl_ms, source
        self.value = f"{self.id} job {job}" if job else self.id

    def acquire(self) -> "RedisSourceLock":
        if self.server.set(self.key, self.value, nx=True, px=self.ttl_ms):
            return self
        holder = self.server.get(self.key)
        if holder is not None and holder_of(self.server, self.source) is None:
            if self.server.eval(_TAKE_OVER, 1, self.key, holder, self.value, self.ttl_ms):
                return self  # its holder was killed: its connection is gone
        holder = (holder or b"another job").decode()
        self.server.close()
        raise SourceLockHeld(f"{self.source} is running elsewhere ({holder})")

    def renew(self) -> bool:
        return bool(self.server.eval(_RENEW, 1, self.key, self.value, self.ttl_ms))

    def release(self) -> None:
        self.server.eval(_RELEASE, 1, self.key, self.value)
        self.server.close()


class RedisLockExtension:
    """A Scrapyd job's lock on its source, taken before the run record starts."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler, self.lock, self.renewal = crawler, None, None
        ttl = settings.getint("REDIS_LOCK_TTL_MS", DEFAULT_TTL_MS)
        job = getattr(crawler.spider, "_job", None)  # Scrapyd's job id, a spider argument
        try:
            self.lock = RedisSourceLock(settings.get("REDIS_URL"), crawler.spidercls.name,
                                        ttl, job).acquire()
        except SourceLockHeld as held:
            crawler.stats.set_value("lock/held_by", str(held))  # the run recorder skips the run
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        if self.lock is None:
            log.warning("LOCKED %s", self.crawler.stats.get_value("lock/held_by"))
            from twisted.internet import reactor
            reactor.callLater(0, self._close_locked)
            return
        self.renewal = task.LoopingCall(self._renew)
        self.renewal.start(self.lock.ttl_ms / 3000, now=False)

    def _close_locked(self):
        from scrapy.utils.defer import deferred_from_coro
        return deferred_from_coro(self.crawler.engine.close_spider_async(reason="locked"))

    def _renew(self):
        if not self.lock.renew():
            log.error("lost the lock on %s: another job may run it too", self.lock.source)

    def spider_closed(self, spider, reason):
        if self.renewal is not None and self.renewal.running:
            self.renewal.stop()
        if self.lock is not None:
            self.lock.release()
