"""Dedupe: one row per article, however many URLs and runs it comes by.

The same fetch twice in one run (canonical URL, text and fetch time) is stored once; the same
URL fetched at other times, as a backfill finds it archived by several crawls, reaches the
store, which decides (unchanged, a revision, or older than what it has). The same text under
another URL of the same source (in this run or already stored) is dropped, counted, and recorded as an alias
of the first URL; so is a near-identical text (shingle Jaccard similarity >= 0.9, found by
MinHash LSH, see crawler.similarity), counted as ``near_duplicate``. A near-identical text
stored by another source (a syndicated wire story) is kept, flagged ``duplicate_of_source``
and ``duplicate_of_url`` with the first copy seen. A URL already stored passes: the store
decides between unchanged and updated.
"""

from __future__ import annotations

from collections.abc import Callable

from crawler.items import Article
from crawler.similarity import (NEAR_DUPLICATE, Fingerprint, LshIndex, Recent, fingerprint,
                                jaccard)
from crawler.store import Store, batch_size


class Duplicate(Exception):
    """An article dedupe refuses: ``reason`` (the stat key), and a line for the log."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason, self.message = reason, message


class Deduper:
    """The dedupe decision for one crawl of one source, against ``store`` and this run's
    latest ``capacity`` articles; ``count(key)`` is told of syndicated copies."""

    def __init__(self, store: Store, capacity: int,
                 count: Callable[[str], None] = lambda key: None):
        self.store, self.count = store, count
        # This run's latest articles, until the store surely has them (it writes in batches);
        # bounded, so that a long backfill does not grow them. An older URL seen again reaches
        # the store, which keeps one row per URL.
        self.urls_seen = Recent(capacity)
        self.url_by_hash = Recent(capacity)  # content hash -> first URL
        self.run_texts = LshIndex(capacity)

    @classmethod
    def from_settings(cls, store: Store, settings,
                      count: Callable[[str], None] = lambda key: None) -> Deduper:
        """This run's memory: five store batches (``STORE_BATCH_SIZE``)."""
        return cls(store, 5 * batch_size(settings), count)

    def check(self, article: Article) -> Article:
        """The article, flagged if it is another source's story; raises ``Duplicate``."""
        url, source, digest = article.url, article.source, article.content_hash
        fetch = (url, digest, article.fetched_at)
        if fetch in self.urls_seen:
            raise Duplicate("duplicate_url", url)
        first_url = self.url_by_hash.get(digest) or self.store.url_with_content(source, digest)
        if first_url and first_url != url:
            self.store.record_alias(source, url, first_url, "same_content", article.fetched_at)
            raise Duplicate("duplicate_content", f"{url} has the text of {first_url}")
        if article.fingerprint is None:
            article.fingerprint = fingerprint(article.title, article.body)
        text = article.fingerprint
        stored = self.stored_near_copies(source, url, text)
        near = [other for other in self.run_texts.near_duplicates(text) if other != url] + [
            c["url"] for c in stored if c["source"] == source]
        if near and not self.is_stored(source, url):  # a stored URL passes: it may be edited
            first_url = near[0]
            self.store.record_alias(source, url, first_url, "near_duplicate", article.fetched_at)
            raise Duplicate("near_duplicate", f"{url} has nearly the text of {first_url}")
        original = first_copy(source, url, stored)
        if original:
            article.duplicate_of_source, article.duplicate_of_url = original
            self.count("articles/syndicated")
        self.urls_seen.remember(fetch)
        self.url_by_hash.remember(digest, url)
        self.run_texts.add(url, text)
        return article

    def is_stored(self, source: str, url: str) -> bool:
        state = self.store.fetch_state(source, url)
        return bool(state and state["direct"])

    def stored_near_copies(self, source: str, url: str, text: Fingerprint) -> list[dict]:
        """Stored articles of any source, but not this one, with nearly the same text."""
        return [candidate for candidate in self.store.similar_articles(text.band_keys)
                if (candidate["source"], candidate["url"]) != (source, url)
                and jaccard(fingerprint(candidate["title"], candidate["body"]).shingles,
                            text.shingles) >= NEAR_DUPLICATE]


def first_copy(source: str, url: str, copies: list[dict]) -> tuple[str, str] | None:
    """The (source, url) a story was first seen under, from its copies in other sources;
    None when that is this article (a copy stored later points here)."""
    if not copies:
        return None
    earliest = min(copies, key=lambda copy: copy["first_seen_at"] or "")
    original = ((earliest["duplicate_of_source"], earliest["duplicate_of_url"])
                if earliest["duplicate_of_source"] else (earliest["source"], earliest["url"]))
    return None if original == (source, url) else original
