"""A time limit on a page's parse (``PARSE_TIME_LIMIT`` seconds; 0: none).

Enforced with ``SIGALRM``, which only the main thread of a process receives: the reactor's
(``PARSE_PROCESSES = 0``) and each parse worker's. A parse past the limit raises
``ParseTimeout`` (counted ``parse_timeout``) at the next Python instruction; one stuck inside
a single C call is caught by the parse pool, which replaces the worker (crawler.run.parse_workers).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

from crawler.failures import ParseTimeout


@contextmanager
def time_limit(seconds: float):
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise ParseTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
