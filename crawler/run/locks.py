"""One crawl per source at a time: a POSIX lock (``lockf``) on ``<db dir>/locks/<source>.lock``;
and at most ``MAX_CONCURRENT_CRAWLS`` crawl processes at once on one database, each holding one
of as many slot locks (``locks/slot-<n>.lock``; a source name never has a hyphen).

The kernel releases the lock when its process dies, so a killed run never blocks the next.
Not ``flock``: an flock is shared with the worker processes a crawl forks (parse pool), so a
``kill -9``-ed crawl's orphaned workers would hold it on; a POSIX lock is never inherited.
The file says who holds it, for the message the second run prints.
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import time
from pathlib import Path

from crawler.extract.dates import now_utc


class SourceLocked(Exception):
    pass


class SourceLock:
    def __init__(self, directory: Path, source: str):
        self.path = Path(directory) / f"{source}.lock"
        self.source = source
        self._file = None

    def acquire(self) -> "SourceLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise SourceLocked(f"{self.source} is locked by {holder} ({self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()} since {now_utc()}\n")
        handle.flush()
        self._file = handle
        return self

    def release(self) -> None:
        if self._file:
            fcntl.lockf(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def acquire_crawl_slot(directory: Path, limit: int, wait: float) -> SourceLock | None:
    """One of ``limit`` slots (None when there is no limit), waiting up to ``wait`` seconds
    for one to be free; SourceLocked when none was."""
    if limit <= 0:
        return None
    deadline = time.monotonic() + wait
    while True:
        for number in range(limit):
            try:
                return SourceLock(directory, f"slot-{number}").acquire()
            except SourceLocked:
                continue
        if time.monotonic() >= deadline:
            crawls = "crawl" if limit == 1 else "crawls"
            raise SourceLocked(f"{limit} {crawls} already running on this machine "
                               f"(MAX_CONCURRENT_CRAWLS), none finished within {wait:g} s")
        time.sleep(min(1.0, max(0.0, deadline - time.monotonic())) or 0.05)
