"""kill -9 at random moments mid-crawl: the database stays whole and the next run completes."""

import random
import sqlite3
import time

from crawler.store import Store
from tests.helpers import run_cli
from tests.sites.presstv import build_presstv_site, fixture_articles
from tests.sites.processes import kill_hard, start_cli
from tests.sites.server import FixtureSite
from tests.sites.settings import settings_env

KILLS = 10
# One article per transaction, two requests at a time on a site that answers in 0.1 s: the
# writes spread over a second or so, after about two seconds of start-up.
SETTINGS = {"STORE_BATCH_SIZE": 1, "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def test_killed_crawls_leave_a_whole_database_and_the_next_run_completes(tmp_path):
    articles = fixture_articles(12)
    routes = build_presstv_site(tmp_path / "site", articles)
    db = tmp_path / "news.db"
    args = ("crawl", "presstv", "--db", str(db))
    moments = random.Random(20261126)
    with FixtureSite(tmp_path / "site", routes, delay=0.1) as site:
        for _ in range(KILLS):
            crawl = start_cli(*args, "--base-url", site.url, env=settings_env(**SETTINGS))
            time.sleep(moments.uniform(1.5, 4.5))  # from start-up to the last writes
            kill_hard(crawl)
            assert_whole(db)
        last = run_cli(*args, "--base-url", site.url, env=settings_env(**SETTINGS))

    assert last.returncode == 0, last.stderr
    assert_whole(db)
    store = Store(db)
    assert store.last_run("presstv")["status"] == "ok"
    assert {row["url"] for row in store.articles("presstv")} == {a.canonical for a in articles}


def assert_whole(db):
    """Integrity ok; no article twice (by URL or by text); the FTS index in step."""
    if not db.exists():
        return
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "presstv" not in tables:
            return
        for column in ("url", "content_hash"):
            twice = conn.execute(f"SELECT {column} FROM presstv GROUP BY {column} HAVING COUNT(*) > 1")
            assert twice.fetchall() == []
        rows = conn.execute("SELECT COUNT(*) FROM presstv").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM presstv_fts").fetchone()[0] == rows
        conn.execute("INSERT INTO presstv_fts(presstv_fts) VALUES('integrity-check')")  # raises if not
    finally:
        conn.close()
