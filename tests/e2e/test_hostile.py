"""Hostile pages and archives: one backfill crawl of a local site (tests/sites/hostile.py), under
a memory cap smaller than its gzip bomb.

Every article is stored with its exact text, the rest of a feed or sitemap is read past a bad
entry, each limit hit is counted by name in the run record (which makes the run degraded), and
no redirect reaches another server: not a second one on 127.0.0.1, not the metadata address.
"""

import gzip
import os
import re
import resource
import subprocess
import sys

import pytest

from crawler.store import Store
from tests.helpers import REPO, run_cli
from tests.sites.hostile import ARCHIVE_SETTINGS, BOMB_BYTES, build_hostile_site
from tests.sites.server import FixtureSite, Route
from tests.sites.settings import settings_env

MEMORY_CAP = 1024 * 1024 * 1024  # address space of the crawl: the bomb inflates to as much
EXPECTED_ERRORS = {
    "private_address": 2,  # another port on 127.0.0.1, 169.254.169.254
    "limit/inflated_size": 1, "limit/sitemap_dtd": 1, "limit/sitemap_depth": 1,
    "limit/sitemap_urls": 1,
}


def _capped_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    other = FixtureSite(tmp / "other", {"/": Route(200, b"other")})
    routes, stored, never = build_hostile_site(other.server.server_address[1])
    with other, \
            FixtureSite(tmp / "site", routes) as site:
        env = settings_env(AUTOTHROTTLE_ENABLED=False, PARSE_PROCESSES=1, DOWNLOAD_TIMEOUT=5,
                           **ARCHIVE_SETTINGS)
        result = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", "presstv", "--base-url", site.url,
             "--db", str(tmp / "news.db"), "--since", "2024-01-01"],
            cwd=REPO, capture_output=True, text=True, timeout=120, preexec_fn=_capped_memory,
            env={**os.environ, **env})
    store = Store(tmp / "news.db")
    rows = {row["url"]: row for row in store.articles("presstv")}
    log = "".join(path.read_text() for path in (tmp / "logs").glob("crawl-*.log"))
    return result, store.last_run("presstv"), rows, site, other, stored, never, log


def test_the_crawl_finishes_under_a_memory_cap_smaller_than_the_bomb(hostile_crawl):
    result, run, *_ = hostile_crawl
    assert BOMB_BYTES >= MEMORY_CAP
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 3, result.stderr  # degraded: limits were hit
    assert run["status"] == "degraded" and run["reason"].startswith("limits hit: ")
    assert "DEGRADED presstv: limits hit" in result.stderr


def test_every_article_is_stored_with_its_exact_text(hostile_crawl):
    _, _, rows, _, _, stored, _, _ = hostile_crawl
    assert set(rows) == {page.canonical for page in stored.values()}
    for page in stored.values():
        assert (rows[page.canonical]["title"], rows[page.canonical]["body"]) == (page.title,
                                                                                page.body)


def test_each_limit_and_refusal_is_counted_by_name(hostile_crawl):
    _, run, *_ = hostile_crawl
    assert run["error_kinds"] == EXPECTED_ERRORS  # and no exception of any kind
    assert run["errors"] == sum(EXPECTED_ERRORS.values())


def test_what_lies_past_a_limit_is_never_fetched(hostile_crawl):
    _, _, _, site, other, _, never, _ = hostile_crawl
    assert {path: site.hits[path] for path in never} == {path: 0 for path in never}
    assert site.hits["/sm/endless/1.xml"] == site.hits["/sm/endless/2.xml"] == 1
    assert other.hits == {}  # the second server on 127.0.0.1 never saw a request


def test_the_day_offset_gives_no_date_and_no_error(hostile_crawl):
    _, _, rows, _, _, stored, _, _ = hostile_crawl
    # The page's own <time> (Tehran time) is read; the +24:00 metadata is no date at all.
    assert rows[stored["day_offset"].canonical]["published_at"] == "2024-06-03T07:00:00Z"


def test_the_refusals_happen_before_any_connection(hostile_crawl):
    *_, log = hostile_crawl
    assert "refused (private_address): " in log and "169.254.169.254" in log
    assert re.search(r"refused \(private_address\): \S+ -> http://127.0.0.1:\d+/", log)
    assert "'parse/flattened_markup': 1" in log  # the page nested past lxml's limit


def test_the_article_budget_stops_a_sitemap_of_200000_urls(tmp_path):
    page = ('<html><head><title>Story {n} of the archive</title><meta property='
            '"article:published_time" content="2024-06-03T10:00:00Z"></head><body><article>'
            "<p>The council met on Monday to discuss story {n}, and the vote was close.</p>"
            "<p>Residents said the plan would change the harbour for years to come.</p>"
            "</article></body></html>")
    routes = {f"/story/{n}": Route(200, page.format(n=n).encode(),
                                   {"Content-Type": "text/html; charset=utf-8"})
              for n in range(100)}
    with FixtureSite(tmp_path / "site", routes) as site:
        urls = "".join(f"<url><loc>{site.url}/story/{n}</loc></url>" for n in range(200_000))
        routes["/big.xml.gz"] = Route(200, gzip.compress(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f'{urls}</urlset>'.encode()), {"Content-Type": "application/x-gzip"})
        result = run_cli("crawl", "--name", "big", "--sitemap", f"{site.url}/big.xml.gz",
                         "--max-articles", "20", "--db", str(tmp_path / "news.db"),
                         env=settings_env(AUTOTHROTTLE_ENABLED=False, PARSE_PROCESSES=0))
    assert result.returncode == 0, result.stderr
    assert sum(hits for path, hits in site.hits.items() if path.startswith("/story/")) == 20
    assert len(list(Store(tmp_path / "news.db").articles("big"))) == 20
    log = "".join(path.read_text() for path in (tmp_path / "logs").glob("crawl-*.log"))
    enqueued = int(re.search(r"'scheduler/enqueued': (\d+)", log).group(1))
    assert enqueued < 100  # not 200,000 requests that would never be sent
    assert "'discovery/stopped_by_max_articles': 1" in log
