"""End to end: the CLI crawls a local Press TV mirror into a real SQLite file."""

import sqlite3
import subprocess
import sys

from crawler.items import Article
from crawler.store import Store
from tests.helpers import REPO, free_port, run_cli

NORMAL_RUN = 21  # feed (8) + sections (12) + the redirect's target; 3 are only in the sitemap


def crawl(site, db, *extra):
    return run_cli("crawl", "presstv", "--base-url", site.url, "--db", str(db), *extra)


def test_crawl_fills_the_source_table_field_by_field(presstv_site, presstv_articles, tmp_path):
    db = tmp_path / "news.db"
    result = crawl(presstv_site, db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "presstv ok: +21 new" in result.stdout
    assert "Traceback" not in result.stderr

    rows = {row["url"]: row for row in Store(db).articles("presstv")}
    assert len(rows) == NORMAL_RUN
    first = presstv_articles[0]
    row = rows[first.canonical]
    assert row["title"] == first.title
    assert row["body"] == "\n\n".join(first.paragraphs())
    assert row["section"] == "Iran"
    assert row["published_at"] == f"2024-05-{first.d:02d}T07:00:00Z"  # 10:30 Tehran (+03:30)
    assert row["summary"] == first.paragraphs()[0]
    assert row["language"] == "en" and row["source"] == "presstv"
    assert row["word_count"] == len(row["body"].split()) and len(row["content_hash"]) == 40
    assert row["image_url"].startswith("https://cdn.presstv.ir/")
    assert all(url.startswith("https://www.presstv.ir/Detail/2024/05/") for url in rows)
    # The redirect's target is stored under its own canonical URL; the 404 is counted.
    assert presstv_articles[-1].canonical in rows
    run = Store(db).last_run("presstv")
    assert run["status"] == "ok" and run["articles_new"] == NORMAL_RUN
    assert run["error_kinds"].get("http_404", 0) >= 1
    # The alias (lower-case /detail/, other host, other slug) was never downloaded twice.
    assert presstv_site.hits[first.path] == 1


def test_second_crawl_adds_nothing_and_records_a_second_run(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    assert crawl(presstv_site, db).returncode == 0
    first_hits = presstv_site.hits.copy()
    second = crawl(presstv_site, db)
    assert second.returncode == 0, second.stderr
    assert "+0 new" in second.stdout
    assert Store(db).count_articles("presstv") == NORMAL_RUN
    runs = Store(db).runs("presstv")
    assert len(runs) == 2 and runs[0]["status"] == "ok"
    # Stored articles (and the redirect to one) are not downloaded again; the 404 is retried.
    second_hits = presstv_site.hits - first_hits
    assert [path for path in second_hits if "/Detail/" in path] == ["/Detail/2024/05/30/799998/Gone-story"]
    assert second_hits["/rss.xml"] == 1


def test_backfill_walks_the_sitemap(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    result = crawl(presstv_site, db, "--since", "2024-01-01")
    assert result.returncode == 0, result.stderr
    assert Store(db).count_articles("presstv") == 24
    assert presstv_site.hits["/sitemap.xml"] == 1


def test_fts_index_finds_articles(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    crawl(presstv_site, db)
    conn = sqlite3.connect(db)
    hits = conn.execute("SELECT url FROM presstv WHERE rowid IN "
                        "(SELECT rowid FROM presstv_fts WHERE presstv_fts MATCH 'Paragraph')").fetchall()
    assert len(hits) == NORMAL_RUN
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_max_articles_stops_early(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    result = crawl(presstv_site, db, "--max-articles", "5")
    assert result.returncode == 0, result.stderr
    # At most 5 article pages are downloaded (one of them may be the feed's 404).
    assert 4 <= Store(db).count_articles("presstv") <= 5
    assert Store(db).last_run("presstv")["status"] == "ok"


def test_unreachable_site_fails_with_one_readable_line(tmp_path):
    db = tmp_path / "news.db"
    port = free_port()  # nothing listens on it
    result = run_cli("crawl", "presstv", "--base-url", f"http://127.0.0.1:{port}", "--db", str(db))
    assert result.returncode == 1
    assert "FAILED presstv: no start page could be fetched" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert Store(db).last_run("presstv")["status"] == "failed"
    assert list((tmp_path / "logs").glob("crawl-*.log"))


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("crawl", "nosuchsource", "--db", str(tmp_path / "x.db")).returncode == 2
    assert run_cli("crawl", "--db", str(tmp_path / "x.db")).returncode == 2
    assert run_cli("crawl", "presstv", "--since", "yesterday").returncode == 2


def test_scrapy_list_and_crawl_work_from_the_repo_root(presstv_site, tmp_path):
    scrapy = [sys.executable, "-m", "scrapy"]
    listed = subprocess.run([*scrapy, "list"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "presstv" in listed.stdout.split()
    db = tmp_path / "news.db"
    crawled = subprocess.run([*scrapy, "crawl", "presstv", "-a", f"base_url={presstv_site.url}",
                              "-s", f"CRAWLER_DB={db}"], cwd=REPO, capture_output=True, text=True,
                             timeout=120)
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    assert Store(db).count_articles("presstv") == NORMAL_RUN
    assert Store(db).last_run("presstv")["status"] == "ok"


def test_sources_lists_every_source_and_ad_hoc_tables(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    crawl(presstv_site, db)
    Store(db).save_articles("quick_look", [Article(source="quick_look", url="https://x.org/a",
                                                   title="T", body="B", content_hash="h",
                                                   fetched_at="2026-11-26T10:00:00Z")])
    listing = run_cli("sources", "--db", str(db))
    assert listing.returncode == 0
    rows = {line.split()[0]: line.split() for line in listing.stdout.splitlines()[1:]}
    assert rows["presstv"][2] == str(NORMAL_RUN) and rows["presstv"][-1] == "ok"
    assert rows["quick_look"][2] == "1" and rows["quick_look"][-1] == "never"
    assert {"bbc", "guardian", "voa", "apnews", "reuters", "aljazeera"} <= rows.keys()


def test_settings_on_the_command_line_and_the_log_on_stderr(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    result = crawl(presstv_site, db, "-s", "ROBOTSTXT_OBEY=False", "-s", "CONCURRENT_ITEMS=4",
                   "--verbose", "--log-level", "debug")
    assert result.returncode == 0, result.stderr
    assert presstv_site.hits["/robots.txt"] == 0  # obeyed by default: -s turned it off
    assert "[scrapy.core.engine] INFO: Spider opened" in result.stderr  # -v: the log here too
    assert "DEBUG: Crawled (200)" in result.stderr  # --log-level debug
    assert "presstv ok: +21 new" in result.stdout


def test_runs_show_each_runs_error_kinds(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    assert crawl(presstv_site, db).returncode == 0
    runs = run_cli("runs", "--db", str(db))
    assert runs.returncode == 0, runs.stderr
    kinds = Store(db).last_run("presstv")["error_kinds"]
    assert kinds  # the fixture site's 404
    line = runs.stdout.splitlines()[1]
    assert all(f"{kind} ×{count}" in line for kind, count in kinds.items()), line
