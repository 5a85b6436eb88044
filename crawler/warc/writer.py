"""The crawl's own archive: with ``WARC_DIR`` set, every response an article was stored from
is written there (its request and response records, WARC/1.1, each record gzipped on its own),
and the article's row names the file and the response record's offset (``warc_file``,
``warc_offset``), so that each version in the table and in ``revisions`` can be traced to its
bytes, and ``crawler backfill --warc`` can rebuild the table from them.

The spider middleware puts the exchange on the article (``Article.capture``); the pipeline
(pipelines/warc.py), after dedupe and before the store, writes it and takes it off again. The payload is written
as Scrapy handed it over: decompressed and unchunked, with headers to match.

Settings: ``WARC_DIR`` (off when empty), ``WARC_MAX_SIZE`` (bytes per file before the next).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.items import Article
from crawler.warc.reader import DECODED_AWAY


@dataclass
class Capture:
    """One request and its response, as the spider saw them."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes


class WarcArchive:
    """WARC files in ``directory``, a new one when the current one passed ``max_size``."""

    def __init__(self, directory: str | os.PathLike, max_size: int, prefix: str):
        self.directory = Path(directory).resolve()
        self.max_size = max_size
        self.prefix = prefix
        self.serial = 0
        self.file = None
        self.path: Path | None = None

    def write(self, capture: Capture, date: str) -> tuple[str, int]:
        """Write the exchange; return the file and the offset of its response record."""
        if self.file is None or self.file.tell() >= self.max_size:
            self._rotate()
        writer = WARCWriter(self.file, gzip=True, warc_version="1.1")
        warc_date = {"WARC-Date": date}
        response = writer.create_warc_record(
            capture.url, "response", payload=io.BytesIO(capture.body),
            length=len(capture.body), warc_headers_dict=dict(warc_date),
            http_headers=StatusAndHeaders(
                f"{capture.status} {_reason(capture.status)}",
                [*capture.response_headers, ("Content-Length", str(len(capture.body)))],
                protocol="HTTP/1.1"))
        split = urlsplit(capture.url)
        target = (split.path or "/") + (f"?{split.query}" if split.query else "")
        request = writer.create_warc_record(
            capture.url, "request", payload=io.BytesIO(b""), length=0,
            warc_headers_dict={**warc_date, "WARC-Concurrent-To":
                               response.rec_headers.get_header("WARC-Record-ID")},
            http_headers=StatusAndHeaders(f"{capture.method} {target} HTTP/1.1",
                                          [("Host", split.netloc), *capture.request_headers],
                                          is_http_request=True))
        writer.write_record(request)
        offset = self.file.tell()
        writer.write_record(response)
        self.file.flush()
        return str(self.path), offset

    def _rotate(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        self.serial += 1
        self.path = self.directory / f"{self.prefix}-{stamp}-{os.getpid()}-{self.serial:05d}.warc.gz"
        self.file = open(self.path, "ab")

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def capture_of(response) -> Capture:
    request = response.request
    return Capture(
        url=response.url, method=request.method if request else "GET",
        request_headers=_pairs(request.headers) if request else [],
        status=response.status,
        response_headers=[(name, value) for name, value in _pairs(response.headers)
                          if name.lower() not in DECODED_AWAY],
        body=response.body)


def _pairs(headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class WarcCaptureMiddleware:
    """Spider middleware: each article rides with the exchange it was parsed from."""

    def __init__(self, crawler):
        if not crawler.settings.get("WARC_DIR"):
            raise NotConfigured

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_spider_output_async(self, response, result):
        async for entry in result:
            if isinstance(entry, Article):
                entry.capture = capture_of(response)
            yield entry

    def process_spider_output(self, response, result):
        for entry in result:
            if isinstance(entry, Article):
                entry.capture = capture_of(response)
            yield entry
