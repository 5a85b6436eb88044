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

    assert [start for start, _, _ in found] == offsets[:-1]
    assert [end for _, _, end in found] == offsets[1:]
    assert [i for i, (_, data, _) in enumerate(found) if data is None] == [3, 9]
    resumed = list(reader.gzip_members(io.BytesIO(blob[offsets[5]:]), offsets[5]))
    assert [start for start, _, _ in resumed] == offsets[5:-1]


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
