"""Articles written straight into a real SQLite file, for tests of the reading commands."""

from __future__ import annotations

import hashlib

from crawler.items import Article
from crawler.store import Store


def make_article(source: str, n: int, title: str, body: str, published_at: str) -> Article:
    return Article(source=source, url=f"https://www.{source}.example/news/{n}", title=title,
                   body=body, summary=body.split("\n\n")[0], authors=["A. Writer"],
                   tags=["world"], published_at=published_at, word_count=len(body.split()),
                   content_hash=hashlib.sha1(f"{title} {body}".encode()).hexdigest(),
                   fetched_at=published_at)


def fill(db, source: str, articles: list[Article]) -> None:
    store = Store(db)
    store.save_articles(source, articles)
    store.close()
