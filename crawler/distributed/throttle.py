"""One throttle per site across the workers of distributed crawls: a slot each in Redis.

Each worker throttles a site locally (crawler/fetch/throttle.py); N workers would hit it N times as
hard. So as a worker is about to send a request — in its download handler, past its own
queue, so that nothing delays it after — it reserves the site's next free moment in Redis (one
key per site, whatever the source or crawl) and waits until then: the moment after it is
``delay`` later, ``delay`` being the worker's own delay for the site or the site's shared
back-off, whichever is longer. Two workers together send no more than one would.

A 429/503 answer raises the site's shared back-off (``throttle:<site>:backoff``, for
``THROTTLE_SHARED_BACKOFF_TTL`` seconds) to the delay the worker that got it now uses, so every
worker slows down, not only that one. Redis's clock decides, so the workers' clocks need not
agree. Settings: ``REDIS_URL``, ``THROTTLE_SHARED_BACKOFF_TTL``, and the back-off's
``THROTTLE_BACKOFF_MIN`` and ``AUTOTHROTTLE_MAX_DELAY``.

Keys (prefix ``newscrawler:``)::

    throttle:<site>            the site's next free moment (Redis time, seconds), expiring then
    throttle:<site>:backoff    the shared back-off delay, seconds
"""

from __future__ import annotations

import asyncio

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from crawler.distributed import PREFIX
from crawler.distributed.crawl import connect, new_id
from crawler.fetch.retry_after import retry_after_seconds
from crawler.fetch.throttle import BACKOFF_STATUSES, backoff_floor

# The next free moment of a site, reserved atomically: returns how long to wait (seconds, as
# text: Redis would turn a Lua number into an integer).
_RESERVE = """
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local delay = math.max(tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[2]) or '0'))
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(at + delay), 'PX', math.ceil((at + delay - now) * 1000) + 1000)
return tostring(at - now)
"""
_RAISE_BACKOFF = """
if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
"""


class SiteSlots:
    """The sites' shared next-free moments, on one Redis connection."""

    def __init__(self, redis_url: str, backoff_ttl: int):
        self.server = connect(redis_url, f"newscrawler-throttle-{new_id()}")
        self.backoff_ttl = backoff_ttl
        self._reserve = self.server.register_script(_RESERVE)
        self._raise_backoff = self.server.register_script(_RAISE_BACKOFF)

    def reserve(self, site: str, delay: float) -> float:
        """Seconds to wait before this request to ``site`` may go."""
        key = f"{PREFIX}throttle:{site}"
        return float(self._reserve(keys=[key, f"{key}:backoff"], args=[repr(delay)]))

    def back_off(self, site: str, delay: float) -> None:
        self._raise_backoff(keys=[f"{PREFIX}throttle:{site}:backoff"],
                            args=[repr(delay), self.backoff_ttl])


class SharedThrottleHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler, sending each request at the moment its site's slot says."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.crawler = crawler
        settings = crawler.settings
        self.slots = SiteSlots(settings["REDIS_URL"], settings.getint("THROTTLE_SHARED_BACKOFF_TTL"))
        self.backoff_min = settings.getfloat("THROTTLE_BACKOFF_MIN")
        self.max_delay = settings.getfloat("AUTOTHROTTLE_MAX_DELAY")

    def _site_and_delay(self, request) -> tuple[str, float]:
        downloader = self.crawler.engine.downloader
        site = downloader.get_slot_key(request)
        slot = downloader.slots.get(site)
        return site, slot.delay if slot is not None else downloader._delay

    async def download_request(self, request):
        site, delay = self._site_and_delay(request)
        wait = await asyncio.to_thread(self.slots.reserve, site, delay)
        if wait > 0:
            self.crawler.stats.inc_value("throttle/shared_wait_seconds", wait)
            await asyncio.sleep(wait)
        response = await super().download_request(request)
        if response.status in BACKOFF_STATUSES:  # the same back-off as the local throttle's
            retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
            self.slots.back_off(site, backoff_floor(delay, retry_after, self.backoff_min,
                                                    self.max_delay))
        return response
