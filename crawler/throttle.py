"""Scrapy's AutoThrottle with two changes for short, mostly incremental runs.

- A 304 Not Modified may lower the delay like a 200. Scrapy lets only a 200 do so (an error
  page can come back fast without the site being any less loaded), but an incremental run's
  discovery is mostly 304s (conditional feeds and sitemaps, crawler.incremental): with
  Scrapy's rule such a run crawled at the start delay until its first new article came back.
  A 304 is a success, and its latency is the site's.
- The first answer of a site sets the delay its latency asks for. The start delay is a guess
  made before the site said anything; Scrapy averages each answer with the delay before it,
  so the guess went on slowing the next four or five requests (~0.1 s of every run).
  From the second answer on, Scrapy's averaging applies.
"""

from __future__ import annotations

from scrapy.extensions import throttle


class AutoThrottle(throttle.AutoThrottle):
    def _adjust_delay(self, slot, latency, response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        if response.status == 200 and slot.delay == self._start_delay():  # no answer yet
            slot.delay = min(max(self.mindelay, latency / self.target_concurrency), self.maxdelay)
            return
        super()._adjust_delay(slot, latency, response)
