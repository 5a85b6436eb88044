"""The autothrottle: the first answer sets the delay; a 304 speeds a crawl up like a 200; an
error page does not."""

from __future__ import annotations

import pytest
from scrapy.core.downloader import Slot
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from crawler.fetch.throttle import AutoThrottle

START_DELAY = 1.0
LATENCY = 0.02  # a fast answer: the delay it asks for is far below the start delay
TARGET = LATENCY / 4  # AUTOTHROTTLE_TARGET_CONCURRENCY 4


def delays_after(*statuses: int) -> list[float]:
    throttle = started_throttle()
    slot = Slot(concurrency=8, delay=START_DELAY)
    delays = []
    for status in statuses:
        throttle._adjust_delay(slot, LATENCY, answer(status))
        delays.append(slot.delay)
    return delays


def started_throttle() -> AutoThrottle:
    throttle = AutoThrottle(get_crawler(settings_dict={
        "AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0,
        "AUTOTHROTTLE_START_DELAY": START_DELAY}))
    throttle.mindelay, throttle.maxdelay = 0.0, 60.0  # what opening the spider sets
    return throttle


def answer(status: int = 200) -> Response:
    url = "http://127.0.0.1/feed.xml"
    return Response(url, status=status, request=Request(url))


@pytest.mark.parametrize("status", [200, 304])
def test_the_first_answer_replaces_the_start_delay_and_later_ones_are_averaged_in(status):
    first, second = delays_after(status, status)
    assert first == pytest.approx(TARGET)
    assert delays_after(200, status)[1] == pytest.approx(TARGET)  # the mean of equal delays


def test_a_slow_answer_after_the_first_raises_the_delay_to_its_own():
    throttle = started_throttle()
    slot = Slot(concurrency=8, delay=START_DELAY)
    throttle._adjust_delay(slot, LATENCY, answer())
    throttle._adjust_delay(slot, 2.0, answer())
    assert slot.delay == pytest.approx(2.0 / throttle.target_concurrency)


@pytest.mark.parametrize("status", [404, 500])
def test_an_error_page_never_lowers_the_delay(status):
    assert delays_after(status, status) == [START_DELAY, START_DELAY]
    assert delays_after(200, status, status)[1:] == [TARGET, TARGET]
