"""The autothrottle: a 304 Not Modified speeds a crawl up like a 200; an error page does not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from crawler.throttle import NotModifiedAwareAutoThrottle

START_DELAY = 1.0
LATENCY = 0.02  # a fast answer: the delay it asks for is far below the start delay


def delay_after(status: int) -> float:
    throttle = NotModifiedAwareAutoThrottle(get_crawler(settings_dict={
        "AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0}))
    throttle.mindelay, throttle.maxdelay = 0.0, 60.0
    slot = SimpleNamespace(delay=START_DELAY)  # what the policy reads and sets of a slot
    url = "http://127.0.0.1/feed.xml"
    throttle._adjust_delay(slot, LATENCY, Response(url, status=status, request=Request(url)))
    return slot.delay


@pytest.mark.parametrize("status", [200, 304])
def test_a_success_halves_the_distance_to_the_latency_based_delay(status):
    assert delay_after(status) == pytest.approx((START_DELAY + LATENCY / 4) / 2)


@pytest.mark.parametrize("status", [404, 500])
def test_an_error_page_never_lowers_the_delay(status):
    assert delay_after(status) == START_DELAY
