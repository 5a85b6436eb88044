"""WARC files for tests, written record by record: good ones by warcio, bad ones by hand."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def response_member(uri: str, body: bytes, date: str = "2024-05-02T08:00:00Z",
                    status: int = 200, content_type: str = "text/html; charset=utf-8",
                    record_type: str = "response", extra_headers=()) -> bytes:
    """One gzipped response (or revisit) record, as a crawler writes it."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    http = StatusAndHeaders(f"{status} OK", [("Content-Type", content_type),
                                              ("Content-Length", str(len(body))),
                                              *extra_headers], protocol="HTTP/1.1")
    if record_type == "revisit":
        record = writer.create_revisit_record(uri, digest="sha1:AAAA", refers_to_uri=uri,
                                              refers_to_date=date, http_headers=http)
        record.rec_headers.replace_header("WARC-Date", date)
    else:
        record = writer.create_warc_record(uri, record_type, payload=io.BytesIO(body),
                                           length=len(body), http_headers=http,
                                           warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)
    return out.getvalue()


def raw_member(head: str, block: bytes) -> bytes:
    """A record written by hand (for wrong lengths and odd types), gzipped on its own."""
    return gzip.compress(head.replace("\n", "\r\n").encode() + b"\r\n" + block + b"\r\n\r\n")


def write_warc(path: Path, members: list[bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(members))
    return path
