"""The WARC reader's gzip members and the store's versions of one URL, without a crawl."""

import gzip
import io
import random

import pytest

from crawler.items import Article
from crawler.store import Store
from crawler.warc import reader


@pytest.mark.parametrize("chunk", [7, 100, 65536])
def test_gzip_members_skip_cut_members_and_resume_at_an_offset(monkeypatch, chunk):
    monkeypatch.setattr(reader, "CHUNK", chunk)
    rng = random.Random(1)
    members = [gzip.compress(rng.randbytes(rng.randrange(10, 50_000))) for _ in range(10)]
    members[3] = members[3][:len(members[3]) // 2]  # cut in the middle
    members[9] = members[9][:-10]  # the file ends inside the last one
    offsets = [0]
    for member in members:
        offsets.append(offsets[-1] + len(member))
    blob = b"".join(members)

    found = list(reader.gzip_members(io.BytesIO(blob)))

    assert [start for start, _, _, _ in found] == offsets[:-1]
    assert [end for _, _, end, _ in found] == offsets[1:]
    assert [i for i, (_, data, _, _) in enumerate(found) if data is None] == [3, 9]
    assert {kind for _, data, _, kind in found if data is None} == {"truncated"}
    resumed = list(reader.gzip_members(io.BytesIO(blob[offsets[5]:]), offsets[5]))
    assert [start for start, _, _, _ in resumed] == offsets[5:-1]


def test_warc_dates_keep_their_year_and_drop_fractions():
    assert reader.warc_date("2031-02-03T04:05:06.789Z") == "2031-02-03T04:05:06Z"
    assert reader.warc_date("2024-01-01T01:00:00+01:00") == "2024-01-01T00:00:00Z"
    assert reader.warc_date("yesterday") == ""


def article(body, fetched_at):
    return Article(source="presstv", url="https://www.presstv.ir/Detail/1", title="A title",
                   body=body, content_hash=body[:8], fetched_at=fetched_at)


def test_versions_of_one_url_in_one_batch_are_taken_in_order_and_an_older_one_changes_nothing(
        tmp_path):
    store = Store(tmp_path / "news.db")
    first = "The first version of the story, long enough to compare with another one."
    second = "A rewritten story: the ministry confirmed the figures later on Tuesday night."

    counts = store.save_articles("presstv", [article(first, "2024-01-01T00:00:00Z"),
                                             article(second, "2024-01-02T00:00:00Z")])
    older = store.save_articles("presstv", [article(first, "2023-12-31T00:00:00Z")])

    assert counts == {"new": 1, "updated": 1, "unchanged": 0, "older": 0}
    assert older == {"new": 0, "updated": 0, "unchanged": 0, "older": 1}
    [row] = store.articles("presstv")
    assert (row["body"], row["first_seen_at"], row["fetched_at"]) == (
        second, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")
    [revision] = store.revisions_of("presstv", row["url"])
    assert (revision["body"], revision["replaced_at"]) == (first, "2024-01-02T00:00:00Z")


def plain_record(block: bytes, length: int | None = None) -> bytes:
    head = (f"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/{len(block)}"
            f"\r\nContent-Length: {len(block) if length is None else length}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


@pytest.mark.parametrize("chunk", [7, 100, 65536])
def test_plain_records_skip_bad_ones_to_the_next_warc_line(monkeypatch, chunk):
    monkeypatch.setattr(reader, "CHUNK", chunk)
    rng = random.Random(2)
    parts = [plain_record(rng.randbytes(rng.randrange(10, 1500)).replace(b"\nWARC", b"\nwarc"))
             for _ in range(8)]
    parts[2] = plain_record(b"short block", length=5000)  # says more than it has
    parts[4] = b"no record here\r\n\r\n"
    parts[6] = plain_record(b"x" * 3000)  # longer than the limit: read past
    parts[7] = plain_record(b"the file ends in here")[:-12]
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    blob = b"".join(parts)

    found = list(reader.plain_records(io.BytesIO(blob), limit=2000))

    assert [start for start, *_ in found] == offsets[:-1]
    assert [end for _, _, end, _ in found] == offsets[1:]
    assert [kind for *_, kind in found] == [
        None, None, "bad_length", None, "unreadable", None, "too_large", "truncated"]
    assert [data for data, kind in ((d, k) for _, d, _, k in found) if kind is None] == [
        parts[n] for n in (0, 1, 3, 5)]
    resumed = list(reader.plain_records(io.BytesIO(blob[offsets[3]:]), offsets[3], limit=2000))
    assert [start for start, *_ in resumed] == offsets[3:-1]

    class Stream:  # a URL's body: no seeking back
        def __init__(self, data):
            self.read = io.BytesIO(data).read

    # What the record saying 5000 bytes spans is lost; what follows it is read.
    streamed = list(reader.plain_records(Stream(blob), limit=2000))
    assert [(start, kind) for start, _, _, kind in streamed][:3] == [
        (offsets[0], None), (offsets[1], None), (offsets[2], "bad_length")]
    assert streamed[-1] == (offsets[7], None, offsets[8], "truncated")


def test_a_member_that_inflates_past_the_limit_is_read_past_in_little_memory():
    import tracemalloc
    import zlib

    squeeze = zlib.compressobj(wbits=31)  # a gzip member of 64 MB, written without holding it
    bomb = [squeeze.compress(b"WARC/1.1\r\nWARC-Target-URI: https://www.presstv.ir/a\r\n\r\n")]
    bomb += [squeeze.compress(bytes(1 << 20)) for _ in range(64)] + [squeeze.flush()]
    bomb = b"".join(bomb)
    after = gzip.compress(b"the next record")
    tracemalloc.start()
    try:
        found = list(reader.gzip_members(io.BytesIO(bomb + after), limit=2 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    (start, head, end, kind), following = found
    assert (start, end, kind) == (0, len(bomb), "too_large")
    assert head.startswith(b"WARC/1.1\r\nWARC-Target-URI: https://www.presstv.ir/a")
    assert len(head) <= reader.MAX_HEADER
    assert following == (len(bomb), b"the next record", len(bomb) + len(after), None)
    assert peak < 8 << 20  # the limit and the head, not the 64 MB
