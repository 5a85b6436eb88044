"""A live progress line per source on stderr, rewritten in place, for crawls run by hand.

The CLI turns it on (setting ``PROGRESS``) only when stderr is a terminal and ``--quiet`` is not
given, so cron mail stays one summary line. It reads the crawler's stats every
``PROGRESS_INTERVAL`` seconds; nothing here counts anything itself.
"""

from __future__ import annotations

import sys
import time
from functools import cache

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall


def progress_line(source: str, stats: dict, seconds: float) -> str:
    pages = stats.get("response_received_count", 0)
    dropped = sum(v for k, v in stats.items() if k.startswith("dropped/"))
    errors = sum(v for k, v in stats.items() if k.startswith("errors/"))
    if "articles/queued" in stats:  # a distributed worker: the writer knows new from updated
        articles = f"{stats['articles/queued']} queued"
    else:
        articles = (f"+{stats.get('articles/new', 0)} new, "
                    f"{stats.get('articles/updated', 0)} updated")
    rate = pages / seconds if seconds > 0 else 0.0
    return (f"{source}: {pages} pages, {articles}, {dropped} dropped, {errors} errors, "
            f"{rate:.1f} pages/s")


class Board:
    """The lines of every source of this process, redrawn together: one line each."""

    def __init__(self, stream):
        self.stream = stream
        self.lines: dict[str, str] = {}
        self.drawn = 0

    def show(self, source: str, line: str) -> None:
        self.lines[source] = line
        # Back to the first of our lines, then each rewritten and its old tail erased.
        up = f"\x1b[{self.drawn}F" if self.drawn else ""
        self.stream.write(up + "".join(f"\x1b[2K{text}\n" for text in self.lines.values()))
        self.stream.flush()
        self.drawn = len(self.lines)


@cache
def board_for(stream) -> Board:
    return Board(stream)


class ProgressLine:
    def __init__(self, crawler, interval: float, stream=None):
        self.crawler = crawler
        self.board = board_for(stream or sys.stderr)
        self.interval = interval
        self.loop = LoopingCall(self.refresh)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("PROGRESS"):
            raise NotConfigured
        return cls(crawler, crawler.settings.getfloat("PROGRESS_INTERVAL", 1.0))

    def spider_opened(self, spider):
        self.source, self.started = spider.name, time.monotonic()
        self.loop.start(self.interval)

    def spider_closed(self, spider, reason):
        if self.loop.running:
            self.loop.stop()
        self.refresh()

    def refresh(self) -> None:
        stats = self.crawler.stats.get_stats()
        self.board.show(self.source, progress_line(self.source, stats,
                                                   time.monotonic() - self.started))
