"""Reading WARC files: the HTTP responses they hold, one ``Record`` each, and what was wrong
with the rest, one ``Problem`` each, so that one bad record never costs the rest of a file.

A ``.warc.gz`` file is read gzip member by gzip member (the WARC standard gzips each record on
its own): a member's offset is where a resumed read starts, and a truncated or corrupt member
is skipped by looking for the next member's magic bytes. A plain ``.warc`` file is split into
records by their Content-Length; a bad one is skipped by looking for the next line that starts
with ``WARC/1.``. Each record is parsed by warcio.
Locations are paths or HTTP(S) URLs; a URL is streamed, resumed with a Range request, and
read in a thread (``read_in_thread``) so that a slow server does not stop the crawl.
"""

from __future__ import annotations

import asyncio
import glob
import gzip
import io
import os
import re
import threading
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from http.client import IncompleteRead

from isal import isal_zlib  # ISA-L's inflate: zlib's, faster (docs/benchmarks.md)
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.extract.dates import format_utc


CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b\x08"
# Headers the payload no longer has: warcio undoes chunking and compression.
DECODED_AWAY = {"content-encoding", "transfer-encoding", "content-length"}
CC_NEWS_INDEX = "crawl-data/CC-NEWS/{year:04d}/{month:02d}/warc.paths.gz"


@dataclass
class Record:
    """An HTTP response as recorded: where it is, when it was fetched, what came back."""

    location: str
    offset: int
    target_uri: str
    date: str  # UTC ISO 8601, seconds
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    end: int | None = None  # where the next record starts, when known (gzip members)


@dataclass
class Problem:
    """A record that could not be used: ``kind`` is counted as ``errors/warc_<kind>``."""

    location: str
    offset: int
    kind: str  # truncated, not_http, revisit, bad_length, too_large, unreadable
    detail: str = ""
    end: int | None = None


@dataclass
class Skipped:
    """A record that is not a response (warcinfo, request, metadata): nothing to read, but its
    end is a place to resume from."""

    location: str
    offset: int
    end: int | None = None


def expand_locations(values: list[str]) -> list[str]:
    """Paths (globs expanded, made absolute: the stored ``warc_file``) and URLs, once each."""
    found = []
    for value in values:
        if is_url(value):
            found.append(value)
        elif glob.has_magic(value):
            found.extend(os.path.abspath(path) for path in sorted(glob.glob(value)))
        else:
            found.append(os.path.abspath(value))
    return list(dict.fromkeys(found))


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def open_location(location: str, offset: int = 0, timeout: float = 60):
    """A binary stream of ``location`` from ``offset`` (a file seeks; a URL asks for a range,
    and skips what a server that ignores ranges sends first)."""
    if is_url(location):
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        response = urllib.request.urlopen(urllib.request.Request(location, headers=headers),
                                          timeout=timeout)
        if offset and response.status != 206:
            _discard(response, offset)
        return response
    stream = open(location, "rb")
    stream.seek(offset)
    return stream


def _reader(stream):
    """What is there, up to n bytes: a slow stream's first bytes are not held back until n
    have come. A response that ends before its Content-Length raises IncompleteRead: the
    connection broke, the file did not end there."""
    read = getattr(stream, "read1", stream.read)

    def read_some(n: int) -> bytes:
        data = read(n)
        if not data and getattr(stream, "length", None):  # http.client: bytes still due
            raise IncompleteRead(b"", stream.length)
        return data

    return read_some


def _discard(stream, count: int) -> int:
    """Reads ``count`` bytes of ``stream`` and lets them go; returns how many there were."""
    left = count
    while left > 0:
        data = stream.read(min(CHUNK, left))
        if not data:
            break
        left -= len(data)
    return count - left


def read_records(location: str, stream, offset: int = 0, max_size: int = 10 * 1024 * 1024,
                 is_wanted=lambda uri: True) -> Iterator[Record | Problem | Skipped]:
    """Every record of ``stream`` (``location``, opened at ``offset`` by ``open_location``):
    a ``Record`` for an HTTP response whose target ``is_wanted``, a ``Problem`` for a bad
    one, a ``Skipped`` for the rest. The stream is closed at the end."""
    for member in members(location, stream, offset, max_size):
        yield from member_entries(location, member, max_size, is_wanted)


@dataclass
class Member:
    """One record's bytes as the file holds them (a gzip member inflated, or a plain WARC
    record), or why there are none: ``kind`` is a Problem's kind, ``detail`` its words."""

    start: int
    data: bytes | None
    end: int
    kind: str | None = None
    detail: str = ""


def members(location: str, stream, offset: int = 0, max_size: int = 10 * 1024 * 1024
            ) -> Iterator[Member]:
    """The members of ``stream`` (``location`` opened at ``offset``), for ``member_entries``
    to read: the part of reading that does not depend on which records are wanted, which the
    backfills of several sources share (crawler.warc.shared). The stream is closed at the end."""
    with stream:
        # Room for the WARC and HTTP headers around a payload of max_size.
        limit = max_size + MAX_HEADER
        if _is_gzip(location):
            for start, data, end, kind in gzip_members(stream, offset, limit):
                yield Member(start, data, end, kind, _GZIP_PROBLEMS.get(kind, ""))
            return
        for start, data, end, kind in plain_records(stream, offset, limit):
            yield Member(start, data, end, kind, _PLAIN_PROBLEMS.get(kind, ""))


_GZIP_PROBLEMS = {"truncated": "a gzip member is cut short or corrupt"}
_PLAIN_PROBLEMS = {"truncated": "the file ends inside a record",
                   "bad_length": "Content-Length does not match the block",
                   "unreadable": "no WARC record here"}


def member_entries(location: str, member: Member, max_size: int, is_wanted
                   ) -> Iterator[Record | Problem | Skipped]:
    """What one member holds for a reader that wants the targets ``is_wanted`` says."""
    if member.kind == "too_large":  # read past: ``data`` is its first bytes
        match = _TARGET.search(member.data)
        uri = _target_uri(match) if match else ""
        yield (Problem(location, member.start, member.kind, uri, member.end) if is_wanted(uri)
               else Skipped(location, member.start, member.end))
        return
    if member.data is None:
        yield Problem(location, member.start, member.kind, member.detail, member.end)
        return
    for entry in _member_records(location, member.start, member.data, max_size, is_wanted):
        entry.end = member.end
        yield entry


async def read_in_thread(entries: Iterator, ahead: int = 16) -> AsyncIterator:
    """``entries`` (a URL's ``members`` or ``read_records``) taken in a thread of their own,
    up to ``ahead`` in advance, so that the event loop goes on with what was read while a slow server is
    waited for. What the reading raises is raised here; closing this closes ``entries``."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    room, stop = threading.Semaphore(ahead), threading.Event()

    def put(item) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the loop is closed: nobody is waiting any more
            stop.set()

    def produce() -> None:
        try:
            for entry in entries:
                room.acquire()
                if stop.is_set():
                    return
                put((entry, None))
        except Exception as error:  # the connection broke: the consumer counts it
            put((_END, error))
        else:
            put((_END, None))
        finally:
            entries.close()

    threading.Thread(target=produce, name="warc-reader", daemon=True).start()
    try:
        while True:
            entry, error = await queue.get()
            if entry is _END:
                if error is not None:
                    raise error
                return
            room.release()
            yield entry
    finally:
        stop.set()
        room.release()  # a reader waiting for room sees the stop


_END = object()


def _is_gzip(location: str) -> bool:
    return location.split("?", 1)[0].endswith(".gz")


def gzip_members(stream, offset: int = 0, limit: int = 1 << 62
                 ) -> Iterator[tuple[int, bytes | None, int, str | None]]:
    """(offset, inflated bytes, offset of what follows, None) per gzip member of ``stream``,
    which starts at ``offset``. A truncated or corrupt member is (offset, None, end,
    "truncated"). One that inflates to more than ``limit`` bytes is inflated on to find its
    end but not kept: (offset, its first MAX_HEADER bytes, end, "too_large")."""
    read = _reader(stream)
    data = b""  # read and not yet given out
    while data or (data := read(CHUNK)):
        inflate, out, size, over = isal_zlib.decompressobj(wbits=31), [], 0, False
        taken, held, dropped = [], 0, 0  # the member's bytes before ``data``, to resynchronise
        tail, whole = data, False  # tail: what inflate has not taken of ``data``
        while True:
            try:  # CHUNK bytes out at most: a small member may inflate to gigabytes
                piece = inflate.decompress(tail, CHUNK)
            except isal_zlib.error:
                break
            size += len(piece)
            if not over:
                out.append(piece)
                if size > limit:
                    over, out = True, [b"".join(out)[:MAX_HEADER]]
            if inflate.eof:
                whole = True
                break
            tail = inflate.unconsumed_tail
            if tail or len(piece) == CHUNK:  # more to inflate from what was read
                continue
            taken.append(data)
            held += len(data)
            while held > limit:  # a corrupt member is searched for the next one only so far
                held -= len(first := taken.pop(0))
                dropped += len(first)
            data = tail = read(CHUNK)
            if not data:
                break  # the file ends inside the member
        if whole:
            rest = inflate.unused_data
            used = dropped + held + len(data) - len(rest)
            yield offset, b"".join(out), offset + used, "too_large" if over else None
            offset, data = offset + used, rest
            continue
        # Resynchronise on the next member's magic bytes after this member's first byte.
        start, base, raw = offset, offset + dropped, b"".join([*taken, data])  # base: raw[0]'s
        while (at := raw.find(GZIP_MAGIC, 1 if base == start else 0)) < 0:
            more = read(CHUNK)
            if not more:
                yield start, None, base + len(raw), "truncated"
                return
            drop = max(0, len(raw) - (len(GZIP_MAGIC) - 1))  # a magic may straddle two reads
            base, raw = base + drop, raw[drop:] + more
        yield start, None, base + at, "truncated"
        offset, data = base + at, raw[at:]


def _member_records(location, start, data, max_size, is_wanted):
    """The record of one gzip member (a whole-file gzip holds them all, at one offset)."""
    head_end = data.find(b"\r\n\r\n")
    rest = _after_first_record(data, head_end)
    if rest is None or (rest and not rest.startswith(b"WARC/")):
        yield Problem(location, start, "bad_length", "Content-Length does not match the block")
        return
    target = _TARGET.search(data, 0, head_end + 2)
    if not rest and target and not is_wanted(_target_uri(target)):
        yield Skipped(location, start)  # another source's page: not parsed
        return
    stream = io.BytesIO(data)
    try:
        for record in ArchiveIterator(stream, arc2warc=True, ensure_http_headers=False,
                                      check_digests=False):
            yield _convert(location, start, record, max_size, is_wanted)
    except (ArchiveLoadFailed, ValueError, EOFError) as error:
        yield Problem(location, start, "unreadable", str(error)[:200])


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_TARGET = re.compile(rb"\r\nWARC-Target-URI:[ \t]*<?([^\r\n>]*)", re.IGNORECASE)


def _after_first_record(data: bytes, head_end: int) -> bytes | None:
    """What follows the first record, stripped ("" when it is the only one), if its block is
    as long as its Content-Length says (two line ends follow it); None if not."""
    match = _CONTENT_LENGTH.search(data, 0, head_end + 2) if head_end > 0 else None
    if not match:
        return None
    end = head_end + 4 + int(match.group(1))
    if data[end:end + 4] != b"\r\n\r\n":
        return None
    return data[end + 4:].strip()


def _target_uri(match) -> str:
    return match.group(1).decode("utf-8", "replace").strip()


def plain_records(stream, offset: int = 0, limit: int = 1 << 62
                  ) -> Iterator[tuple[int, bytes | None, int, str | None]]:
    """(offset, the record's bytes, offset of what follows, None) per record of an
    uncompressed WARC ``stream`` that starts at ``offset``: a ``WARC/1.x`` header, the
    Content-Length bytes of its block, two line ends. A record that is not is
    (offset, None, end, kind), ``kind`` "truncated" (the file ends inside it), "bad_length"
    or "unreadable" (no header), and reading goes on at the next ``WARC/1.x`` line. A record
    longer than ``limit`` is read past, not kept: (offset, its header, end, "too_large");
    should it not end where it says, a file is read again after its first byte, but what a
    stream (a URL) gave since is lost."""
    read = _reader(stream)
    buffer, base, ended = bytearray(), offset, False  # base: the offset of buffer[0]
    origin = stream.tell() if _seekable(stream) else 0  # where ``offset`` is in the stream

    def more() -> bool:
        nonlocal ended
        data = b"" if ended else read(CHUNK)
        ended = not data
        buffer.extend(data)
        return bool(data)

    def consume(count: int) -> None:
        nonlocal base
        del buffer[:count]
        base += count

    while True:
        while True:  # the blank lines between records go
            consume(len(buffer) - len(buffer.lstrip(b"\r\n")))
            if buffer or not more():
                break
        if not buffer:
            return
        start = base
        head_end = buffer.find(b"\r\n\r\n")
        while head_end < 0 and len(buffer) < MAX_HEADER and more():
            head_end = buffer.find(b"\r\n\r\n")
        length = _declared_length(buffer, head_end)
        if length is None:
            kind = "truncated" if head_end < 0 and ended else "unreadable"
        elif (end := head_end + 4 + length + 4) > limit:
            head = bytes(buffer[:head_end])
            skip = max(0, end - 4 - len(buffer))
            consume(min(len(buffer), end - 4))
            base += _discard(stream, skip)
            while len(buffer) < 4 and more():
                pass
            if buffer.startswith(b"\r\n\r\n"):
                consume(4)
                yield start, head, base, "too_large"
                continue
            kind = "truncated" if base - start < end - 4 or len(buffer) < 4 else "bad_length"
            if _seekable(stream):  # look for the next record in what was read past
                stream.seek(start + 1 - offset + origin)
                consume(len(buffer))
                base, ended = start + 1, False
        else:
            while len(buffer) < end and more():
                pass
            if buffer[end - 4:end] == b"\r\n\r\n":
                yield start, bytes(buffer[:end]), start + end, None
                consume(end)
                continue
            kind = "truncated" if len(buffer) < end else "bad_length"
        # Resynchronise on the next record's first line, after this one's first byte (a
        # record cut short is followed by the next with no line end between).
        while not (found := _WARC_LINE.search(buffer, 0 if base > start else 1)):
            keep = len(b"WARC/1.1\r\n") - 1  # a first line may straddle two reads
            consume(max(len(buffer) - keep, 0 if base > start else 1))
            if not more():
                consume(len(buffer))
                break
        else:
            consume(found.start())
        yield start, None, base, kind


def _seekable(stream) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, OSError, ValueError):
        return False


MAX_HEADER = 1 << 20  # a WARC header longer than this is no header
_WARC_LINE = re.compile(rb"WARC/1\.[01]\r\n")
_WARC_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)


def _declared_length(buffer: bytearray, head_end: int) -> int | None:
    if head_end < 0 or not buffer.startswith(b"WARC/1."):
        return None
    match = _WARC_LENGTH.search(buffer, 0, head_end + 2)
    return int(match.group(1)) if match else None


def _convert(location, offset, record, max_size, is_wanted) -> Record | Problem | Skipped:
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if kind == "revisit":
        return Problem(location, offset, "revisit", uri)
    if kind not in ("response", "resource"):
        return Skipped(location, offset)
    if not is_wanted(uri):
        return Skipped(location, offset)
    content_type = record.rec_headers.get_header("Content-Type") or ""
    if kind == "resource" or "application/http" not in content_type or not record.http_headers:
        return Problem(location, offset, "not_http", uri)
    body = record.content_stream().read(max_size + 1)
    if len(body) > max_size:
        return Problem(location, offset, "too_large", uri)
    http = record.http_headers
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        return Problem(location, offset, "not_http", uri)
    headers = [(name, value) for name, value in http.headers
               if name.lower() not in DECODED_AWAY]
    moment = warc_date(record.rec_headers.get_header("WARC-Date"))
    return Record(location, offset, uri, moment, status, headers, body)


def warc_date(value: str | None) -> str:
    """A WARC-Date (ISO 8601 UTC, maybe with fractions of a second) as a stored date; ""
    when there is none. Not a page's date: a fetch may be dated in any year."""
    try:
        moment = datetime.fromisoformat((value or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return format_utc(moment)


def cc_news_locations(base_url: str, first: date, last: date, timeout: float = 60) -> list[str]:
    """The CC-NEWS WARC files of the days ``first``..``last``: each month's
    ``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`` lists its files, one path a line, under
    ``base_url``; a file's name carries its date (``CC-NEWS-YYYYMMDDhhmmss-NNNNN.warc.gz``)."""
    base = base_url.rstrip("/")
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        index = f"{base}/{CC_NEWS_INDEX.format(year=year, month=month)}"
        with urllib.request.urlopen(index, timeout=timeout) as response:
            lines = gzip.decompress(response.read()).decode("utf-8").split()
        for path in lines:
            day = _day_of(path)
            if day is None or first <= day <= last:
                found.append(f"{base}/{path.lstrip('/')}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _day_of(path: str) -> date | None:
    name = path.rsplit("/", 1)[-1]
    parts = name.split("-")
    stamp = next((part for part in parts if len(part) == 14 and part.isdigit()), None)
    if stamp is None:
        return None
    try:
        return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return None
