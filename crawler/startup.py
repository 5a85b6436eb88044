"""Start-up costs of every run that are Scrapy's, not the crawl's, kept out of the hourly run."""

from __future__ import annotations

import inspect
import sys

HTTP_HANDLER = "scrapy.core.downloader.handlers.http11"


def import_http_handler() -> None:
    """Import Scrapy's HTTP download handler before the engine does, with a cheap
    ``inspect.stack``.

    Its TLS modules declare deprecated aliases through a shim that calls ``inspect.stack()``
    only to name the caller's module; the full call reads the source of every frame of the
    import and scans ``sys.modules`` for each frozen one (its cost: docs/benchmarks.md).
    Frames without source context name it as well.
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
