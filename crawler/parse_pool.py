"""Article parsing off the reactor thread, in forked worker processes.

Scrapy's reactor is one thread, and on a small machine it is busy downloading; parsing a
news page (lxml, selectors, paragraph walking) costs about as much again. Workers forked
before the crawl starts inherit the spiders, so a page travels as (source, url, bytes) and
comes back as an ``Article``: no spider has to be rebuilt or pickled.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from scrapy.http import HtmlResponse

from crawler.items import Article

# Filled in the parent before the fork; the workers read their inherited copy.
_spiders: dict[str, object] = {}


def _build_article(source: str, url: str, body: bytes, encoding: str) -> Article:
    response = HtmlResponse(url, body=body, encoding=encoding)
    return _spiders[source].build_article(response)


def _ready() -> bool:
    return True


def _exit_with_parent(parent: int) -> None:
    """A worker ends when its crawl does, even one killed with -9 (cron must not leak)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


class ParsePool:
    """``processes`` forked workers that run ``spider.build_article`` for the given spiders."""

    def __init__(self, spiders, processes: int):
        _spiders.update({spider.name: spider for spider in spiders})
        self._executor = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_exit_with_parent, initargs=(os.getpid(),))
        # Fork every worker now, before the reactor starts threads a fork would not carry.
        for future in [self._executor.submit(_ready) for _ in range(processes)]:
            future.result()

    async def build_article(self, source: str, response) -> Article:
        future = self._executor.submit(_build_article, source, response.url, response.body,
                                       response.encoding)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)
        _spiders.clear()
