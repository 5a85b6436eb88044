"""How a crawler process starts, where it differs from a plain Python program.

Each of these is kept because the crawl benchmark's hourly run, against a site that answers
with network latency, shows it worth more than 5% of that run (the figures, and the tricks
that did not pass, are in docs/benchmarks.md):

- ``setting_up``: no garbage collection while the ``crawler`` command imports its modules
  (crawler/__main__.py) and while the runner sets up Scrapy's crawlers: what is made then lives as
  long as the process, so a collection finds nothing and only walks it.
- ``import_http_handler``: Scrapy's HTTP download handler imported with a cheap
  ``inspect.stack``.
- ``extensions_base`` (crawler/settings.py): Scrapy's base extensions without those the
  crawler turns off, which Scrapy would import only to read their names.
"""

from __future__ import annotations

import gc
import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager

HTTP_HANDLER = "scrapy.core.downloader.handlers.http11"
# Turned off (crawler/settings.py); RemoteControl's import alone pulls in aiohttp.
EXTENSIONS_OFF = (
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.memdebug.MemoryDebugger",
    "scrapy.extensions.throttle.AutoThrottle",  # replaced by crawler.fetch.throttle
)


@contextmanager
def setting_up() -> Iterator[None]:
    """No garbage collection inside: for code that only makes objects the process keeps."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extensions_base(base: dict[str, int]) -> dict[str, int]:
    """Scrapy's ``EXTENSIONS_BASE`` without ``EXTENSIONS_OFF``: Scrapy imports every extension
    it names, even one set to None, to resolve its name."""
    return {name: order for name, order in base.items() if name not in EXTENSIONS_OFF}


def import_http_handler() -> None:
    """Import Scrapy's HTTP download handler before the engine does, with a cheap
    ``inspect.stack``.

    Its TLS modules declare deprecated aliases through a shim that calls ``inspect.stack()``
    only to name the caller's module; the full call reads the source of every frame of the
    import and scans ``sys.modules`` for each frozen one. Frames without source context name
    it as well.
    """
    if HTTP_HANDLER in sys.modules:
        return
    full_stack = inspect.stack
    inspect.stack = _stack_without_source
    try:
        __import__(HTTP_HANDLER)
    finally:
        inspect.stack = full_stack


def _stack_without_source(context: int = 1) -> list[inspect.FrameInfo]:
    """``inspect.stack()``, the caller first, without the lines of source around each frame."""
    frames = []
    frame = sys._getframe(1)
    while frame is not None:
        frames.append(inspect.FrameInfo(frame, frame.f_code.co_filename, frame.f_lineno,
                                        frame.f_code.co_name, None, None))
        frame = frame.f_back
    return frames
