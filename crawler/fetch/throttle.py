"""One throttle per site: Scrapy's AutoThrottle, never faster than the site asks.

A site's delay (seconds between two requests to it, whatever the concurrency) is AutoThrottle's
latency-driven delay, but never below the site's *floor*, which is the largest of:

- ``DOWNLOAD_DELAY`` (a source may set its own in ``custom_settings``, or ``download_delay``
  in sources.toml);
- the ``Crawl-delay`` of the site's robots.txt for our user agent, and its ``Request-rate``
  (``1/5`` is one request per 5 seconds);
- a back-off: a 429 or 503 from the site raises its floor for the rest of the run, to the
  response's ``Retry-After`` or twice the delay before (at least ``THROTTLE_BACKOFF_MIN``), up
  to ``AUTOTHROTTLE_MAX_DELAY``.

``THROTTLE_STOP_AFTER`` such answers in a row from one site stop the source's run: it closes
with the reason ``throttled`` (the articles stored so far stay; the run record says so).

A 304 Not Modified may lower the delay like a 200: an incremental run's discovery is mostly
304s, and with Scrapy's rule (only a 200 lowers it) such a run crawled at the start delay.
The first answer of a site sets the delay its latency asks for, rather than being averaged
with the start delay, which was a guess made before the site said anything. Delays with a
floor are not randomized (``DOWNLOAD_DELAY_JITTER`` would halve some of them).

Settings: ``AUTOTHROTTLE_*``, ``DOWNLOAD_DELAY``, ``THROTTLE_BACKOFF_MIN``,
``THROTTLE_STOP_AFTER``, ``ROBOTSTXT_USER_AGENT`` (the name robots.txt rules are matched by).
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.extensions import throttle

from crawler.fetch.retry_after import retry_after_seconds

log = logging.getLogger(__name__)

BACKOFF_STATUSES = (429, 503)


def robots_floor(robotparser, user_agent: str) -> float:
    """Seconds between requests that a parsed robots.txt asks of ``user_agent`` (0: none)."""
    delays = [robotparser.crawl_delay(user_agent) or 0.0]
    protego = getattr(robotparser, "rp", None)  # Scrapy's default parser wraps Protego
    rate = protego.request_rate(user_agent) if hasattr(protego, "request_rate") else None
    if rate and rate.requests:
        delays.append(rate.seconds / rate.requests)
    return max(delays)


def backoff_floor(delay: float, retry_after: float | None, minimum: float,
                  maximum: float) -> float:
    """The site's new floor after a 429/503: what it asked for, else twice the delay."""
    wanted = retry_after if retry_after is not None else 2 * delay
    return min(max(wanted, minimum, delay), maximum)


class AutoThrottle(throttle.AutoThrottle):
    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.backoff_min = settings.getfloat("THROTTLE_BACKOFF_MIN", 1.0)
        self.stop_after = settings.getint("THROTTLE_STOP_AFTER", 5)
        self.floors: dict[str, float] = {}  # slot key -> seconds
        self.refusals: dict[str, int] = {}  # slot key -> 429/503 answers in a row
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)

    def floor(self, key: str) -> float:
        return max(self.mindelay, self.floors.get(key, 0.0))

    def _raise_floor(self, key: str, seconds: float) -> None:
        if seconds <= self.floors.get(key, 0.0):
            return
        self.floors[key] = seconds
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, seconds)
            slot.jitter = 0.0

    def _robots_parsed(self, robotparser, request) -> None:
        seconds = robots_floor(robotparser, self.user_agent)
        if seconds:
            key = self.crawler.engine.downloader.get_slot_key(request)
            self._raise_floor(key, min(seconds, self.maxdelay))
            self.crawler.stats.set_value(f"throttle/robots_delay/{key}", seconds)

    def _response_downloaded(self, response, request, spider) -> None:
        key, slot = self._get_slot(request, spider)
        if slot is not None and response.status in BACKOFF_STATUSES:
            self._back_off(key, slot, response, spider)
        elif key is not None:
            self.refusals.pop(key, None)
        super()._response_downloaded(response, request, spider)
        if slot is not None:
            slot.delay = max(slot.delay, self.floor(key))

    def _back_off(self, key, slot, response, spider) -> None:
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        self._raise_floor(key, backoff_floor(slot.delay, retry_after, self.backoff_min,
                                             self.maxdelay))
        self.crawler.stats.inc_value("throttle/backoff")
        self.refusals[key] = self.refusals.get(key, 0) + 1
        if self.refusals[key] == self.stop_after:
            log.warning("throttled: %s answered %d times in a row with 429/503; stopping",
                        key, self.stop_after)
            self.crawler.engine.close_spider(spider, "throttled")

    def _adjust_delay(self, slot, latency, response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        if response.status == 200 and slot.delay == self._start_delay():  # no answer yet
            slot.delay = min(max(self.mindelay, latency / self.target_concurrency), self.maxdelay)
            return
        super()._adjust_delay(slot, latency, response)
