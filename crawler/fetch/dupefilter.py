"""Scrapy's duplicate-request filter, for discovery pages only (feeds, sitemaps, listings).

Article requests are deduplicated by the spider, by canonical URL (``NewsSpider.
article_requests``), which catches more than a request fingerprint does. Fingerprinting and
remembering them here as well would cost a SHA-1 and ~150 bytes per article, for nothing.

Settings read: none (``DUPEFILTER_CLASS`` names it).
"""

from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter


class DiscoveryDupeFilter(RFPDupeFilter):
    def request_seen(self, request) -> bool:
        if request.meta.get("article"):
            return False
        return super().request_seen(request)
