"""Dedupe and store as plain classes, without a crawler: what the distributed writer uses."""

import pytest

from crawler.dedupe import Deduper, Duplicate
from crawler.store import BatchWriter, Store
from tests.helpers import make_article


def test_dedupe_and_store_work_without_a_crawler(tmp_path):
    store, counts = Store(tmp_path / "news.db"), {}

    def count(key, amount=1):
        counts[key] = counts.get(key, 0) + amount

    dedupe, writer = Deduper(store, capacity=10, count=count), BatchWriter(store, "presstv", 2, 60, count)
    writer.add(dedupe.check(make_article(1)))
    with pytest.raises(Duplicate) as refused:
        dedupe.check(make_article(1))
    assert refused.value.reason == "duplicate_url"
    writer.add(dedupe.check(make_article(2)))  # the second of a batch: written
    assert counts == {"articles/new": 2, "articles/updated": 0, "articles/unchanged": 0,
                      "articles/older": 0}
    assert store.count_articles("presstv") == 2


def test_a_read_leaves_a_table_from_before_as_it_is(tmp_path):
    store = Store(tmp_path / "news.db")
    store.db["presstv"].create({"url": str, "title": str, "body": str, "published_at": str,
                                "fetched_at": str}, pk="url")
    store.db["presstv"].insert({"url": "https://www.presstv.ir/Detail/2024/05/01/700001",
                                "title": "T", "body": "B", "fetched_at": "2026-11-26T10:00:00Z"})
    state = store.fetch_state("presstv", "https://www.presstv.ir/Detail/2024/05/01/700001")
    assert state["direct"] and state["first_seen_at"] is None
    assert "first_seen_at" not in store.db["presstv"].columns_dict  # no ALTER TABLE on a read
    assert not store.db["presstv_fts"].exists()
