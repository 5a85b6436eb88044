"""Near duplicates: shingles and MinHash LSH (crawler.similarity), their index in the store,
and what the dedupe pipeline does with them, within a source and across sources."""

import random
import sqlite3

import pytest
from scrapy.exceptions import DropItem

from crawler.run.record import summarize
from crawler.similarity import LshIndex, Recent, fingerprint, jaccard, same_text
from crawler.store import Store
from pipelines.dedupe import DedupePipeline
from tests.helpers import make_article

VOCABULARY = [f"{stem}{n}" for stem in ("talks", "minister", "forces", "report", "region")
              for n in range(60)]


def story(seed: int, words: int = 300) -> str:
    """A text of its own per seed, in paragraphs of 50 words."""
    rng = random.Random(seed)
    chosen = [rng.choice(VOCABULARY) for _ in range(words)]
    return "\n\n".join(" ".join(chosen[i:i + 50]) for i in range(0, words, 50))


def reworded(text: str, *positions: int) -> str:
    """``text`` with the words at ``positions`` replaced: a copy with a small edit."""
    words = text.split(" ")
    for position in positions:
        words[position] = "changed"
    return " ".join(words)


# --- crawler.similarity ----------------------------------------------------------------------

def test_a_near_copy_is_similar_and_shares_a_band_key():
    original = fingerprint("Title", story(1))
    copy = fingerprint("Title", reworded(story(1), 100, 200))
    assert jaccard(original.shingles, copy.shingles) >= 0.9
    assert set(original.band_keys) & set(copy.band_keys)


def test_different_stories_are_not_similar_and_share_no_band_key():
    first, second = fingerprint("Title", story(1)), fingerprint("Title", story(2))
    assert jaccard(first.shingles, second.shingles) < 0.1
    assert not set(first.band_keys) & set(second.band_keys)


def test_a_rewritten_story_is_below_the_threshold():
    # Every tenth word changed: a rewrite, not a copy.
    original = fingerprint("Title", story(1))
    rewrite = fingerprint("Title", reworded(story(1), *range(0, 300, 10)))
    assert jaccard(original.shingles, rewrite.shingles) < 0.9


def test_band_keys_never_change():
    # Keys stored by earlier runs must match those computed now: seeds and hashes are fixed.
    assert fingerprint("A title", "One two three four five six.").band_keys[:2] == (
        (0, 7099470778818706671), (1, -4858836201842085925))
    assert fingerprint("x", "the same text") == fingerprint("x", "the  SAME text")


def test_spacing_case_and_counters_are_no_change_but_words_are():
    body = "The minister said so.\n\n12 shares\n\n5 comments"
    assert same_text("Title", body, "TITLE", "The  minister said so.\n\n1,234 shares\n\n7 Comments")
    assert not same_text("Title", body, "Title", "The minister denied it.\n\n12 shares")
    assert not same_text("Title", body, "New title", body)


def test_the_run_index_finds_near_copies_only():
    index = LshIndex()
    index.add("a", fingerprint("T", story(1)))
    index.add("b", fingerprint("T", story(2)))
    assert index.near_duplicates(fingerprint("T", reworded(story(1), 150))) == ["a"]
    assert index.near_duplicates(fingerprint("T", story(3))) == []


# --- the index in the store ------------------------------------------------------------------

def test_candidates_come_from_an_indexed_lookup_across_sources(tmp_path):
    store = Store(tmp_path / "news.db")
    store.save_articles("wire", [make_article(1, source="wire", body=story(1))])
    store.save_articles("presstv", [make_article(n, body=story(n)) for n in range(2, 40)])
    statements = []
    store.db.conn.set_trace_callback(statements.append)
    found = store.similar_articles(fingerprint("Title 1", reworded(story(1), 10)).band_keys)
    store.db.conn.set_trace_callback(None)
    assert [(row["source"], row["url"][-6:]) for row in found] == [("wire", "700001")]
    for statement in statements:
        plan = store.db.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
        assert not [step for step in plan if step[3].startswith("SCAN")], (statement, plan)


def test_an_updated_article_replaces_its_band_keys(tmp_path):
    store = Store(tmp_path / "news.db")
    store.save_articles("presstv", [make_article(1, body=story(1))])
    store.save_articles("presstv", [make_article(1, body=story(2), fetched_at="2026-11-26T11:00:00Z")])
    keys = {(band, key) for band, key in store.db.execute("SELECT band, hash FROM lsh_bands")}
    assert keys == set(fingerprint("Title 1", story(2)).band_keys)


# --- the dedupe pipeline ---------------------------------------------------------------------

@pytest.fixture
def pipeline(crawler):
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def test_a_near_copy_in_the_same_run_is_dropped_and_recorded_as_alias(pipeline, crawler):
    pipeline.process_item(make_article(1, body=story(1)))
    with pytest.raises(DropItem, match="near_duplicate"):
        pipeline.process_item(make_article(2, body=reworded(story(1), 120), content_hash="other"))
    aliases = list(Store(crawler.settings["CRAWLER_DB"]).db["aliases"].rows)
    assert [(a["alias"][-6:], a["url"][-6:], a["reason"]) for a in aliases] == [
        ("700002", "700001", "near_duplicate")]
    assert summarize(crawler.stats.get_stats(), "finished")["dropped"] == {"near_duplicate": 1}


def test_a_near_copy_of_a_stored_article_is_dropped(crawler):
    Store(crawler.settings["CRAWLER_DB"]).save_articles("presstv", [make_article(1, body=story(1))])
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    with pytest.raises(DropItem, match="near_duplicate"):
        pipeline.process_item(make_article(2, body=reworded(story(1), 5), content_hash="other"))
    # The stored article itself, fetched again with an edit, passes: the store keeps history.
    assert pipeline.process_item(make_article(1, body=reworded(story(1), 5), content_hash="new"))
    # A different story passes.
    assert pipeline.process_item(make_article(3, body=story(3)))


def test_a_stored_article_fetched_again_passes_though_a_near_copy_is_stored(crawler):
    # Two near copies stored before near-duplicate detection existed: both stay updatable.
    Store(crawler.settings["CRAWLER_DB"]).save_articles("presstv", [
        make_article(1, body=story(1)), make_article(2, body=reworded(story(1), 5))])
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert pipeline.process_item(make_article(2, body=reworded(story(1), 5, 6), content_hash="new"))
    assert not crawler.stats.get_value("dropped/near_duplicate")


def test_a_syndicated_story_is_kept_and_points_to_the_first_copy(crawler):
    store = Store(crawler.settings["CRAWLER_DB"])
    wire = make_article(1, source="wire", url="https://wire.example/story-1", body=story(1),
                        fetched_at="2026-11-26T08:00:00Z")
    second = make_article(1, source="agency", url="https://agency.example/a/1",
                          body=reworded(story(1), 30), fetched_at="2026-11-26T09:00:00Z",
                          duplicate_of_source="wire", duplicate_of_url=wire.url)
    store.save_articles("wire", [wire])
    store.save_articles("agency", [second])
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    item = pipeline.process_item(make_article(7, body=reworded(story(1), 250), content_hash="x"))
    assert (item.duplicate_of_source, item.duplicate_of_url) == ("wire", wire.url)
    assert crawler.stats.get_value("articles/syndicated") == 1
    assert not crawler.stats.get_value("dropped/near_duplicate")


def test_the_first_copy_fetched_again_is_no_duplicate_of_its_copies(crawler):
    store = Store(crawler.settings["CRAWLER_DB"])
    first = make_article(1, body=story(1), fetched_at="2026-11-26T08:00:00Z")
    store.save_articles("presstv", [first])
    store.save_articles("wire", [make_article(
        1, source="wire", url="https://wire.example/1", body=story(1),
        fetched_at="2026-11-26T09:00:00Z", duplicate_of_source="presstv",
        duplicate_of_url=first.url)])
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    item = pipeline.process_item(make_article(1, body=story(1)))
    assert item.duplicate_of_source is None and item.duplicate_of_url is None


def test_cross_source_flags_are_stored(tmp_path):
    store = Store(tmp_path / "news.db")
    store.save_articles("presstv", [make_article(1, duplicate_of_source="wire",
                                                 duplicate_of_url="https://wire.example/1")])
    row = sqlite3.connect(tmp_path / "news.db").execute(
        "SELECT duplicate_of_source, duplicate_of_url FROM presstv").fetchone()
    assert row == ("wire", "https://wire.example/1")


def test_the_run_index_keeps_only_the_latest_articles():
    index = LshIndex(capacity=2)
    for n in range(3):
        index.add(n, fingerprint(f"Title {n}", story(n)))
    assert index.near_duplicates(fingerprint("Title 0", story(0))) == []  # forgotten: stored by now
    assert index.near_duplicates(fingerprint("Title 2", story(2))) == [2]


def test_recent_keeps_the_latest_keys_with_their_first_value():
    recent = Recent(capacity=3)
    for number in range(5):
        recent.remember(f"hash{number}", f"url{number}")
    recent.remember("hash4", "a later url")

    assert dict(recent) == {"hash2": "url2", "hash3": "url3", "hash4": "url4"}
