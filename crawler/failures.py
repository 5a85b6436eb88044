"""What a failed request counts as in the run record (``errors/<kind>``, ``error_kinds``).

Our middlewares refuse requests and responses with ``Refused``, which names its reason.
Scrapy's own refusals are plain ``IgnoreRequest``s told apart by their message; HTTP errors
count by status; everything else (timeouts, connection errors) by exception name.
``articles_lost``: what a run fetched that never reached its table.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

EXCEPTION_PREFIX = "errors/exception/"
SCRAPY_REFUSALS = {
    "Forbidden by robots.txt": "robots_txt",
    "max redirections reached": "too_many_redirects",
}


class Refused(IgnoreRequest):
    """A request not sent, or a response not handed to the spider, for ``reason``."""

    def __init__(self, reason: str, url: str):
        super().__init__(f"{reason}: {url}")
        self.reason = reason


def failure_kind(failure: Failure) -> str | None:
    """The kind a failure is counted under; None for a request skipped on purpose (an
    article already stored), which is no error."""
    error = failure.value
    if isinstance(error, Refused):
        return error.reason
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if isinstance(error, IgnoreRequest):
        if str(error).endswith("during decompression."):  # a gzip or brotli bomb
            return "limit/inflated_size"
        return SCRAPY_REFUSALS.get(str(error))
    return failure.type.__name__


class ParseFailed(Exception):
    """A page (or a feed or sitemap entry) that could not be read, counted as ``kind``."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail = kind, detail


class ParseTimeout(ParseFailed):
    def __init__(self, seconds: float):
        super().__init__("parse_timeout", f"over {seconds:g} s")


def exception_kind(stage: str, error: BaseException) -> str:
    """What an exception raised in a spider callback counts as: ``exception/<stage>/<Class>``
    (``stage``: ``parse`` for an article page, ``discovery`` for a feed, sitemap or listing),
    or the kind a ``ParseFailed`` names."""
    if isinstance(error, ParseFailed):
        return error.kind
    return f"exception/{stage}/{type(error).__name__}"


def articles_lost(stats: dict) -> int:
    """Articles this run fetched that did not reach their table, or discovery pages that were
    not read to the end: failed writes and exceptions."""
    return stats.get("errors/store_failed", 0) + sum(
        value for key, value in stats.items() if key.startswith(EXCEPTION_PREFIX))


def store_failed_reason(failed: int, last_error: str | None) -> str:
    """Why a run with ``failed`` unwritten articles failed (one process, or the writer's)."""
    last_error = last_error or ""
    damaged = ("; the database file looks damaged: check it with PRAGMA integrity_check"
               if last_error.startswith("DatabaseError:") else "")
    return (f"{failed} articles could not be written ({last_error}){damaged}; "
            f"the next run fetches them again")


def prefixed(stats: dict, prefix: str) -> dict[str, int]:
    """The counts under ``prefix`` (``dropped/``, ``errors/``), by the rest of their key."""
    return {key[len(prefix):]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}
