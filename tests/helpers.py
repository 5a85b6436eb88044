"""What tests share: paths, the CLI in a child process, fixture pages parsed, articles made.

Tests import these from here; conftest.py files hold only fixtures.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

from crawler.items import Article
from crawler.store import Store

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def run_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The crawler CLI in a child process, as cron would run it."""
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def parse_fixture(source: str, name: str, url: str):
    """``tests/fixtures/<source>/<name>.html`` parsed and cleaned as a crawl would."""
    from crawler.parsing import parse_page, read_page

    return parse_page(read_page(FIXTURES / source / f"{name}.html"), url, source)


def make_article(n: int = 1, source: str = "presstv", **fields) -> Article:
    """Article ``n`` of ``source``, as cleaned (a title, two paragraphs, a content hash);
    ``fields`` set any other value."""
    values = dict(source=source, url=f"https://www.presstv.ir/Detail/2024/05/01/{700000 + n}",
                  title=f"Title {n}", body=f"First paragraph of story {n}.\n\nSecond paragraph.",
                  fetched_at="2026-11-26T10:00:00Z", content_hash=f"hash{n}")
    values.update(fields)
    return Article(**values)


def stored_article(source: str, n: int, title: str, body: str, published_at: str) -> Article:
    """An article as the reading commands find it: every field a crawl fills, filled."""
    return make_article(n, source, url=f"https://www.{source}.example/news/{n}", title=title,
                        body=body, summary=body.split("\n\n")[0], authors=["A. Writer"],
                        tags=["world"], published_at=published_at, word_count=len(body.split()),
                        content_hash=hashlib.sha1(f"{title} {body}".encode()).hexdigest(),
                        fetched_at=published_at)


def fill(db, source: str, articles: list[Article]) -> None:
    """``articles`` written straight into a real SQLite file at ``db``."""
    store = Store(db)
    store.save_articles(source, articles)
    store.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
