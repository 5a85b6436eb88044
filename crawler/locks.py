"""One crawl per source at a time: a POSIX lock (``lockf``) on ``<db dir>/locks/<source>.lock``.

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
