"""Downloader middleware: look at what a server sent as HTML before a spider reads it.

An empty page or a binary file served as ``text/html`` is refused (counted as ``empty_body`` /
``binary_body``) instead of reaching the parser as a page without a title; the text of the
rest is read in the encoding ``crawler.fetch.charsets`` chooses, not only the one the header
claims. It sits inside HttpCompressionMiddleware (590), so it sees decompressed bodies.

Settings read: none.
"""

from __future__ import annotations

from scrapy.http import HtmlResponse

from crawler.failures import Refused
from crawler.fetch.charsets import choose_encoding

# Files that are not text, whatever their Content-Type says: PDF, PNG, JPEG, GIF, ZIP, gzip.
# Control characters no text has; ESC (0x1b) is left out, ISO-2022 encodings use it.
CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class HtmlResponseMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if not isinstance(response, HtmlResponse) or not 200 <= response.status < 300:
            return response
        if not response.body.strip():
            raise self._refuse("empty_body", response)
        if looks_binary(response.body):
            raise self._refuse("binary_body", response)
        language = getattr(self.crawler.spider, "language", None)
        encoding = choose_encoding(response.body, _header(response, b"Content-Type"), language)
        if encoding != response.encoding:
            return response.replace(encoding=encoding)
        return response

    def _refuse(self, reason: str, response) -> Refused:
        self.crawler.stats.inc_value(f"refused/{reason}")
        return Refused(reason, response.url)


def looks_binary(body: bytes) -> bool:
    head = body[:1024]
    if head.startswith(BINARY_SIGNATURES):
        return True
    if head.startswith(UTF16_BOMS):
        return False
    # NUL bytes, or more control bytes than text has (random or compressed data has ~10%).
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return b"\x00" in head or controls > len(head) * 0.05


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
