"""One crawl per source at a time; a killed crawl never blocks the next one; readers never
block a crawl."""

import sqlite3
import threading
import time

import pytest

from crawler.run.locks import SourceLock
from crawler.store import Store
from tests.helpers import run_cli
from tests.sites.presstv import build_presstv_site, fixture_articles
from tests.sites.processes import kill_hard, start_cli, wait_until, wait_until_locked
from tests.sites.server import FixtureSite, Route
from tests.sites.settings import settings_env


@pytest.fixture
def held_site(tmp_path):
    """A small Press TV mirror whose feed is held back until the test sets ``site.gate``,
    so a crawl of it stays running (holding its lock) for as long as the test needs."""
    root = tmp_path / "site"
    routes = build_presstv_site(root, fixture_articles(4))
    gate = threading.Event()
    routes["/rss.xml"] = Route(200, (root / "rss.xml").read_bytes(),
                               {"Content-Type": "application/rss+xml"}, hold=gate)
    with FixtureSite(root, routes) as site:
        site.gate = gate
        yield site
        gate.set()


def crawl_args(site, tmp_path):
    return "crawl", "presstv", "--base-url", site.url, "--db", str(tmp_path / "news.db")


def test_an_overlapping_crawl_exits_75_naming_the_holder(held_site, tmp_path):
    first = start_cli(*crawl_args(held_site, tmp_path))
    wait_until_locked(tmp_path / "locks" / "presstv.lock", first)

    second = run_cli(*crawl_args(held_site, tmp_path))
    assert second.returncode == 75
    holder_lines = [line for line in second.stderr.splitlines() if f"pid {first.pid} " in line]
    assert len(holder_lines) == 1 and holder_lines[0].startswith("LOCKED presstv:")
    assert first.poll() is None  # the first crawl was never disturbed

    held_site.gate.set()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err


def test_a_killed_crawl_does_not_block_the_next(held_site, tmp_path):
    killed = start_cli(*crawl_args(held_site, tmp_path))
    wait_until(lambda: held_site.hits, killed, "the crawl is fetching (its workers forked)")
    killed.kill()  # kill -9 of the crawl alone: its forked parse workers are orphaned, alive
    killed.wait()
    held_site.gate.set()

    try:
        SourceLock(tmp_path / "locks", "presstv").acquire().release()  # free at once
        after = run_cli(*crawl_args(held_site, tmp_path))
    finally:
        kill_hard(killed)  # reap the orphans
    assert after.returncode == 0, after.stderr
    assert "presstv ok" in after.stdout


def test_a_reader_holding_the_database_open_does_not_block_the_crawl(held_site, tmp_path):
    """Datasette keeps read transactions open; in WAL mode the crawl writes past them."""
    db = tmp_path / "news.db"
    Store(db).close()
    reader = sqlite3.connect(db)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM runs").fetchone() == (0,)
    held_site.gate.set()
    try:
        result = run_cli(*crawl_args(held_site, tmp_path), timeout=60)
        assert reader.execute("SELECT COUNT(*) FROM runs").fetchone() == (0,)  # its snapshot
    finally:
        reader.close()
    assert result.returncode == 0, result.stderr
    assert Store(db).count_articles("presstv") == 4


def test_a_crawl_beyond_max_concurrent_crawls_waits_then_exits_75(held_site, tmp_path):
    env = settings_env(MAX_CONCURRENT_CRAWLS=1, CRAWL_SLOT_WAIT=0.5)
    first = start_cli(*crawl_args(held_site, tmp_path), env=env)
    wait_until_locked(tmp_path / "locks" / "slot-0.lock", first)
    other = run_cli("crawl", "--name", "quick_look", "--feed", f"{held_site.url}/rss.xml",
                    "--db", str(tmp_path / "news.db"), env=env)  # another source: its own lock is free
    assert other.returncode == 75, other.stderr
    assert "1 crawl already running on this machine (MAX_CONCURRENT_CRAWLS)" in other.stderr
    held_site.gate.set()
    assert first.wait(60) == 0


def test_a_crawl_waits_for_a_free_slot_and_then_runs(held_site, tmp_path):
    env = settings_env(MAX_CONCURRENT_CRAWLS=1, CRAWL_SLOT_WAIT=30)
    first = start_cli(*crawl_args(held_site, tmp_path), env=env)
    wait_until_locked(tmp_path / "locks" / "slot-0.lock", first)
    second = start_cli("crawl", "--name", "quick_look", "--feed", f"{held_site.url}/rss.xml",
                       "--db", str(tmp_path / "news.db"), env=env)
    time.sleep(0.5)
    assert second.poll() is None  # waiting for the slot
    held_site.gate.set()
    assert first.wait(60) == 0
    assert second.wait(60) == 0, second.communicate()
    assert Store(tmp_path / "news.db").last_run("quick_look")["status"] == "ok"
