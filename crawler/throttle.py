"""Scrapy's AutoThrottle, except that a 304 Not Modified may speed the crawl up like a 200.

Scrapy lets only a 200 lower the delay (an error page can come back fast without the site
being any less loaded). An incremental run's discovery is mostly 304s (conditional feeds and
sitemaps, crawler.incremental), so with Scrapy's rule such a run crawled at the start delay
until its first new article came back: three of the four seconds an hourly run took. A 304 is
a success, and its latency is the site's.
"""

from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle


class NotModifiedAwareAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot, latency, response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)
