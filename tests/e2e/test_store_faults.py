"""The store when its file misbehaves: locked by another process, a full disk, damaged pages,
no database at all, read-only. Real crawls (CLI processes) of sites on 127.0.0.1 into real
files; each test checks the outcome, the count in the run record, and that nothing is lost
(the next run stores every article served, once, and ``integrity_check`` is ok).

The full disk is a small tmpfs, mounted for the test (root only); a read-only file is a
read-only bind mount for root (who may write any file) and a chmod for anyone else.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawler.run.record import summarize
from tests.helpers import run_cli
from tests.sites.bulk import bulk_sites, served_urls
from tests.sites.processes import start_cli, wait_until
from tests.sites.server import Route
from tests.sites.settings import settings_env

FAST = {"PARSE_PROCESSES": 0, "AUTOTHROTTLE_ENABLED": False, "STORE_BUSY_TIMEOUT": 0.2}
ROOT = os.geteuid() == 0


def crawl(source, sources_file, db, **settings):
    return run_cli("crawl", source, "--sources-file", str(sources_file), "--db", str(db),
                   env=settings_env(**{**FAST, **settings}))


def stored_urls(db, source) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute(f"SELECT url FROM [{source}]")]
    except sqlite3.OperationalError:  # no such table: not one article was written
        return []
    finally:
        conn.close()


def runs(db, source) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [{**row, "error_kinds": json.loads(row["error_kinds"] or "{}")}
                for row in map(dict, conn.execute(
                    "SELECT * FROM runs WHERE source = ? ORDER BY id", [source]))]
    finally:
        conn.close()


def query(db, sql, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def run_statuses(db) -> list[str]:
    try:
        return [row[0] for row in query(db, "SELECT status FROM runs")]
    except sqlite3.OperationalError:  # the crawl is creating the file
        return []


def assert_everything_stored(db, source, site, count):
    urls = stored_urls(db, source)
    assert len(urls) == len(set(urls)) == count  # no duplicates
    assert set(urls) == served_urls(site, count)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def one_line(stderr: str, prefix: str) -> str:
    """The one line of ``stderr`` starting with ``prefix``; no traceback anywhere."""
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, stderr
    return lines[0]


def article_hits(site) -> int:
    return sum(count for path, count in site.hits.items() if path.startswith("/news/"))


@contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    if not ROOT or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                   str(path)], capture_output=True).returncode:
        pytest.skip("a full disk is a tmpfs mounted for the test: needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@contextmanager
def read_only(path: Path):
    """``path`` (a file or folder) read-only for this user, root included."""
    if ROOT:
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
            yield
        finally:
            subprocess.run(["umount", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


class Locker:
    """Another process holding the database's write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, db: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c",
             "import sqlite3, sys\n"
             f"conn = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
             "conn.execute('BEGIN IMMEDIATE')\n"
             "print('locked', flush=True)\n"
             "sys.stdin.read()\n"
             "conn.execute('ROLLBACK')\n"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        self.process.communicate("")
        assert self.process.returncode == 0


def hold_discovery(site) -> threading.Event:
    """The site's feed and sitemap are answered only once the returned event is set."""
    held = threading.Event()
    for name in ("feed.xml", "sitemap.xml"):
        body = (site.root / name).read_bytes()
        site.routes[f"/{name}"] = Route(200, body, {"Content-Type": "text/xml"}, hold=held)
    return held


def test_writes_refused_while_locked_leave_their_articles_to_the_next_run(tmp_path):
    """Two batches fail (another process holds the write lock past the busy timeout), the
    third is written once the lock is gone: the run is failed and counts the 20 lost; the
    sitemap is not marked read, so the next run fetches and stores them."""
    count, db = 30, tmp_path / "news.db"
    with bulk_sites(tmp_path / "sites", {"locked": count}) as (sites, sources):
        site = sites["locked"]
        held = hold_discovery(site)
        last = f"/news/story-{count - 1}"
        last_held = threading.Event()
        site.routes[last] = Route(200, (site.root / last.lstrip("/")).with_suffix(".html")
                                  .read_bytes(), {"Content-Type": "text/html"}, hold=last_held)
        crawling = start_cli("crawl", "locked", "--sources-file", str(sources), "--db", str(db),
                             env=settings_env(**FAST, STORE_BATCH_SIZE=10,
                                              STORE_BATCH_SECONDS=60))
        wait_until(lambda: db.exists() and run_statuses(db) == ["running"], crawling,
                   "the run started")
        locker = Locker(db)
        held.set()
        log = db.parent / "logs"
        wait_until(lambda: sum(path.read_text().count("database is locked")
                               for path in log.glob("*.log")) >= 2, crawling,
                   "two batches refused")
        locker.release()
        last_held.set()
        out, err = crawling.communicate(timeout=60)
        assert crawling.returncode == 1, err
        line = one_line(err, "FAILED locked: ")
        assert "20 articles could not be written (OperationalError: database is locked)" in line
        (run,) = runs(db, "locked")
        assert (run["status"], run["articles_new"], run["errors"]) == ("failed", 10, 20)
        assert run["error_kinds"] == {"store_failed": 20}
        assert len(stored_urls(db, "locked")) == 10
        # Nothing read counts as read: the sitemap's entries (all from 2024) are listed again.
        assert query(db, "SELECT * FROM discovery_state") == []

        again = crawl("locked", sources, db)
        assert again.returncode == 0, again.stderr
        assert_everything_stored(db, "locked", site, count)
        assert [run["status"] for run in runs(db, "locked")] == ["failed", "ok"]
        assert runs(db, "locked")[1]["articles_new"] == 20
        assert len(query(db, "SELECT * FROM discovery_state")) == 2  # the feed and the sitemap


def test_a_run_locked_out_to_its_end_is_failed_not_left_running(tmp_path):
    """The lock is held from the first article to past the end: no article and not even the
    run record can be written. The crawl says so (exit 1, one line); the next run marks that
    record failed and stores everything."""
    count, db = 12, tmp_path / "news.db"
    with bulk_sites(tmp_path / "sites", {"lockedout": count}) as (sites, sources):
        site = sites["lockedout"]
        held = hold_discovery(site)
        crawling = start_cli("crawl", "lockedout", "--sources-file", str(sources), "--db",
                             str(db), env=settings_env(**FAST, STORE_BATCH_SIZE=5))
        wait_until(lambda: db.exists() and run_statuses(db) == ["running"], crawling,
                   "the run started")
        locker = Locker(db)
        held.set()
        out, err = crawling.communicate(timeout=60)
        locker.release()
        assert crawling.returncode == 1, err
        line = one_line(err, "FAILED lockedout: ")
        assert "its run record could not be saved (OperationalError: database is locked)" in line
        assert f"{count} articles could not be written" in line
        assert stored_urls(db, "lockedout") == []
        assert [run["status"] for run in runs(db, "lockedout")] == ["running"]

        again = crawl("lockedout", sources, db)
        assert again.returncode == 0, again.stderr
        assert_everything_stored(db, "lockedout", site, count)
        first, second = runs(db, "lockedout")
        assert first["status"] == "failed" and "ended without its run record" in first["reason"]
        assert (second["status"], second["articles_new"]) == ("ok", count)


def test_a_locked_database_at_the_start_fetches_nothing(tmp_path):
    db = tmp_path / "news.db"
    with bulk_sites(tmp_path / "sites", {"waiting": 5}) as (sites, sources):
        assert crawl("waiting", sources, db).returncode == 0
        before = article_hits(sites["waiting"])
        locker = Locker(db)
        try:
            result = crawl("waiting", sources, db)
        finally:
            locker.release()
        assert result.returncode == 1
        line = one_line(result.stderr, "FAILED waiting: ")
        assert "database is locked; nothing was fetched" in line
        assert article_hits(sites["waiting"]) == before
        assert [run["status"] for run in runs(db, "waiting")] == ["ok"]


def test_a_full_disk_then_freed_loses_nothing(tmp_path):
    count = 150
    with bulk_sites(tmp_path / "sites", {"full": count}) as (sites, sources), \
            tmpfs(tmp_path / "disk", "448k") as disk:
        db = disk / "news.db"
        result = crawl("full", sources, db, STORE_BATCH_SIZE=5, STORE_BATCH_SECONDS=60)
        assert result.returncode == 1
        line = one_line(result.stderr, "FAILED full: ")  # and no logging traceback either
        assert "could not be written (OperationalError: database or disk is full)" in line
        stored = len(stored_urls(db, "full"))
        assert stored < count
        (run,) = runs(db, "full")
        assert run["status"] == "failed" and run["errors"] == count - stored
        assert run["articles_new"] == stored
        assert query(db, "SELECT * FROM discovery_state") == []

        subprocess.run(["mount", "-o", "remount,size=16m", str(disk)], check=True)  # freed
        again = crawl("full", sources, db)
        assert again.returncode == 0, again.stderr
        assert_everything_stored(db, "full", sites["full"], count)
        assert runs(db, "full")[-1]["articles_new"] == count - stored


def test_damaged_pages_fail_the_run_clearly_and_lose_nothing_once_repaired(tmp_path):
    """Pages of the near-duplicate index overwritten outside: dedupe's lookups raise
    DatabaseError for each new article. Each is counted, the run fails with one line saying
    the file is damaged; with the file restored from a backup, the next run stores them all."""
    db = tmp_path / "news.db"
    with bulk_sites(tmp_path / "sites", {"damaged": 40}) as (sites, sources):
        site = sites["damaged"]
        sitemap = (site.root / "sitemap.xml").read_text()
        # The first run sees only the first 20 articles.
        cut = sitemap.index("<url><loc>" + site.url + "/news/story-20<")
        (site.root / "sitemap.xml").write_text(sitemap[:cut] + "</urlset>")
        assert crawl("damaged", sources, db).returncode == 0
        assert len(stored_urls(db, "damaged")) == 20
        read = query(db, "SELECT * FROM discovery_state")
        backup = tmp_path / "backup.db"
        query(db, "VACUUM INTO ?", str(backup))
        pages = [row[0] for row in query(
            db, "SELECT pageno FROM dbstat WHERE name = 'idx_lsh_bands_band_hash'")]
        page_size = query(db, "PRAGMA page_size")[0][0]
        with open(db, "r+b") as file:
            for page in pages[:3] if len(pages) > 3 else pages:
                file.seek((page - 1) * page_size)
                file.write(random.Random(page).randbytes(page_size))
        # The next 20, modified since that run read the sitemap.
        (site.root / "sitemap.xml").write_text(
            sitemap[:cut] + sitemap[cut:].replace("<lastmod>2024-", "<lastmod>2099-"))

        result = crawl("damaged", sources, db)
        assert result.returncode == 1
        line = one_line(result.stderr, "FAILED damaged: ")
        assert "the database file looks damaged" in line and "PRAGMA integrity_check" in line
        run = runs(db, "damaged")[-1]
        assert run["status"] == "failed"
        assert run["error_kinds"]["exception/dedupe/DatabaseError"] == 20 - run["articles_new"]
        assert query(db, "SELECT * FROM discovery_state") == read  # as the first run left it

        backup.replace(db)  # what an operator does with a damaged file
        again = crawl("damaged", sources, db)
        assert again.returncode == 0, again.stderr
        assert_everything_stored(db, "damaged", site, 40)


def test_a_file_that_is_no_database_is_a_usage_error(tmp_path):
    db = tmp_path / "news.db"
    garbage = random.Random(7).randbytes(50_000)
    db.write_bytes(garbage)
    with bulk_sites(tmp_path / "sites", {"garbage": 5}) as (sites, sources):
        result = crawl("garbage", sources, db)
        assert result.returncode == 2
        # The CLI's own path check or the store's (crawler.store), whichever sees it first.
        assert one_line(result.stderr, "crawler: ") == result.stderr.strip()
        assert str(db) in result.stderr and "not a SQLite database" in result.stderr
        assert article_hits(sites["garbage"]) == 0
    assert db.read_bytes() == garbage
    assert sorted(path.name for path in tmp_path.iterdir()) == ["news.db", "sites"]


def test_a_read_only_file_fails_before_the_first_request(tmp_path):
    db = tmp_path / "news.db"
    with bulk_sites(tmp_path / "sites", {"readonly": 6}) as (sites, sources):
        site = sites["readonly"]
        first = crawl("readonly", sources, db, STORE_BATCH_SIZE=2)
        assert first.returncode == 0 and len(stored_urls(db, "readonly")) == 6
        before = sum(site.hits.values())
        with read_only(db):
            result = crawl("readonly", sources, db)
        assert result.returncode == 2
        assert one_line(result.stderr, "crawler: ") == result.stderr.strip()
        assert str(db) in result.stderr and "read-only" in result.stderr
        assert sum(site.hits.values()) == before  # not even robots.txt
        assert [run["status"] for run in runs(db, "readonly")] == ["ok"]
        assert_everything_stored(db, "readonly", site, 6)


def test_a_read_only_folder_is_one_line(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    with bulk_sites(tmp_path / "sites", {"rofolder": 3}) as (sites, sources):
        with read_only(folder):
            result = crawl("rofolder", sources, folder / "news.db")
        assert result.returncode == 2
        assert one_line(result.stderr, "crawler: ") == result.stderr.strip()
        assert str(folder) in result.stderr
        assert "read-only" in result.stderr or "cannot write" in result.stderr
        assert article_hits(sites["rofolder"]) == 0
    assert list(folder.iterdir()) == []


# -- the status rule (crawler.run.record), from the stats a crawl leaves ----------------------

BASE = {"discovery/feed": 1, "articles/fetched": 10, "parsed/articles": 10}


def test_an_article_lost_to_an_exception_degrades_the_run_and_names_the_kind():
    record = summarize({**BASE, "articles/new": 9, "errors/exception/clean/ValueError": 1},
                       "finished")
    assert record["status"] == "degraded"
    assert record["error_kinds"] == {"exception/clean/ValueError": 1} and record["errors"] == 1
    assert "1 lost to exceptions (exception/clean/ValueError ×1)" in record["reason"]


def test_every_article_lost_to_exceptions_fails_the_run():
    record = summarize({**BASE, "errors/exception/parse/RecursionError": 10}, "finished")
    assert record["status"] == "failed"
    assert record["reason"].startswith("nothing stored: 10 article pages, 10 lost to exceptions")


def test_a_discovery_exception_with_nothing_new_to_fetch_degrades():
    record = summarize({"discovery/sitemap": 1, "errors/exception/discovery/ValueError": 1},
                       "finished")
    assert record["status"] == "degraded"
