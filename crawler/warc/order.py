"""The order in which a backfill hands the copies of one URL to the crawl.

The store takes the copies of a URL in the order they reach it: a copy that differs from the
stored one becomes a revision when it is newer, and a copy older than the stored one changes
nothing. For a backfill to store what taking its records in WARC-Date order would store, the
copies of a URL must reach the store oldest first, so ``CopyOrder``:

- holds the last ``window`` records read; when one leaves the window, the oldest copy of its
  URL in the window goes in its place (copies out of date order in an archive, within
  ``window`` records of each other, are taken in date order);
- hands over a copy only when the previous copy of its URL is finished (it passed the store
  pipeline, which writes in the order items reach it, or it was dropped or failed); the copies
  that wait meanwhile go oldest first.

A copy read after a newer one of its URL was handed over is still handed over; the store
counts it ``older``. The key of a copy is its canonical URL; records without a WARC-Date
count as the newest (their article is dated by the backfill's clock).
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")
UNDATED = "\uffff"  # sorts after every ISO 8601 date


class CopyOrder(Generic[T]):
    def __init__(self, window: int):
        self.window = max(0, window)
        self._slots: deque[str] = deque()  # the window, in read order: each record's key
        self._held: dict[str, list] = {}  # key -> heap of (date, read number, copy) in the window
        self._waiting: dict[str, list] = {}  # key -> heap: out of the window, its URL busy
        self._busy: set[str] = set()  # keys with a copy in the crawl
        self._read = itertools.count()

    def add(self, key: str, date: str, copy: T) -> list[T]:
        """A record read; returns the copies to hand over now."""
        heapq.heappush(self._held.setdefault(key, []), (date or UNDATED, next(self._read), copy))
        self._slots.append(key)
        released = []
        while len(self._slots) > self.window:
            released.extend(self._leave_window(self._slots.popleft()))
        return released

    def drain(self) -> list[T]:
        """Everything read is read: the copies of the window to hand over now."""
        released = []
        while self._slots:
            released.extend(self._leave_window(self._slots.popleft()))
        return released

    def finished(self, key: str) -> T | None:
        """The copy of ``key`` in the crawl is finished: the next one to hand over, if any."""
        waiting = self._waiting.get(key)
        if not waiting:
            self._busy.discard(key)
            return None
        copy = heapq.heappop(waiting)[2]
        if not waiting:
            del self._waiting[key]
        return copy  # the key stays busy with it

    def _leave_window(self, key: str) -> list[T]:
        held = self._held[key]
        entry = heapq.heappop(held)
        if not held:
            del self._held[key]
        if key in self._busy:
            heapq.heappush(self._waiting.setdefault(key, []), entry)
            return []
        self._busy.add(key)
        return [entry[2]]

    def waiting(self) -> int:
        """Copies read and not handed over yet."""
        return len(self._slots) + sum(map(len, self._waiting.values()))

    def unstick(self) -> list[T]:
        """Nothing is in the crawl any more: the next copy of each URL that still waits."""
        self._busy.clear()
        return [copy for key in list(self._waiting) if (copy := self.finished(key)) is not None]
