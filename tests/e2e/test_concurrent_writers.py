"""Several crawls (real CLI processes) write one SQLite file at the same time, as the crontab
`crawler schedule` prints does at the same minute: each write waits its turn, nothing is lost.
"""

import sqlite3

import pytest

from tests.sites.bulk import bulk_sites, served_urls
from tests.sites.processes import start_cli
from tests.sites.settings import settings_env

ARTICLES = 40
# Many small transactions from every process, so that they collide.
CONTENDED = settings_env(STORE_BATCH_SIZE=2, STORE_BATCH_SECONDS=0, PARSE_PROCESSES=0,
                         AUTOTHROTTLE_ENABLED=False)


def crawl_at_once(names, sources_file, db):
    processes = [start_cli("crawl", name, "--sources-file", str(sources_file), "--db", str(db),
                           "--quiet", env=CONTENDED) for name in names]
    return [(process.wait(), *process.communicate()) for process in processes]


def assert_stored_once(db, sites):
    conn = sqlite3.connect(db)
    for name, site in sites.items():
        urls = [row[0] for row in conn.execute(f"SELECT url FROM [{name}]")]
        assert len(urls) == len(set(urls))  # no duplicates
        assert set(urls) == served_urls(site, ARTICLES), name
        fts = conn.execute(f"SELECT COUNT(*) FROM [{name}_fts]").fetchone()[0]
        assert fts == ARTICLES
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.parametrize("crawls", [2, 3])
def test_concurrent_crawls_into_one_file_store_every_article(tmp_path, crawls):
    names = [f"writer{i}" for i in range(crawls)]
    db = tmp_path / "news.db"
    with bulk_sites(tmp_path / "sites", {name: ARTICLES for name in names}) as (sites, sources):
        results = crawl_at_once(names, sources, db)
        for status, out, err in results:
            assert status == 0, err
            assert "Traceback" not in out + err
        assert_stored_once(db, sites)
        conn = sqlite3.connect(db)
        runs = conn.execute("SELECT source, status, articles_new, errors FROM runs").fetchall()
        assert sorted(runs) == [(name, "ok", ARTICLES, 0) for name in names]

        # A second round at once: nothing new, nothing doubled, every run recorded.
        for status, _, err in crawl_at_once(names, sources, db):
            assert status == 0, err
        assert_stored_once(db, sites)
        statuses = [row[0] for row in conn.execute("SELECT status FROM runs")]
        assert statuses == ["ok"] * (2 * crawls)
