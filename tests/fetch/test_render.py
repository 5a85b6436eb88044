"""A source whose article text a script inserts: stored only when its pages are rendered.

A real headless Chromium (Debian's chromium, through scrapy-playwright) renders the pages of a
fixture site on 127.0.0.1.
"""

from __future__ import annotations

from crawler.store import Store
from tests.helpers import run_cli
from tests.sites.scripted import PARAGRAPHS, scripted_site, sources_toml
from tests.sites.settings import settings_env


def crawl(site, tmp_path, render: bool, **settings):
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml("scripted", site.url, render), encoding="utf-8")
    return run_cli("crawl", "scripted", "--sources-file", str(sources),
                   "--db", str(tmp_path / "news.db"), env=settings_env(**settings))


def test_without_rendering_the_body_is_missing_and_parser_health_says_so(tmp_path):
    with scripted_site(tmp_path / "site") as site:
        result = crawl(site, tmp_path, render=False)
    assert result.returncode == 1, result.stderr
    assert "FAILED scripted: nothing parsed: 2 article pages, none with a title and body" in result.stderr
    assert Store(tmp_path / "news.db").count_articles("scripted") == 0


def test_with_rendering_the_script_inserted_body_is_stored(tmp_path):
    with scripted_site(tmp_path / "site") as site:
        result = crawl(site, tmp_path, render=True)
        feed_hits = site.hits["/feed.xml"]
    assert result.returncode == 0, result.stderr
    rows = list(Store(tmp_path / "news.db").articles("scripted"))
    assert len(rows) == 2
    for row in rows:
        assert row["body"] == "\n\n".join(PARAGRAPHS)
        assert row["title"].startswith("Harbour board votes") and row["published_at"]
    assert feed_hits == 1  # the feed itself went over plain HTTP, once


def test_a_missing_chromium_is_one_line_and_exit_2(tmp_path):
    with scripted_site(tmp_path / "site") as site:
        result = crawl(site, tmp_path, render=True, CHROMIUM="/nonexistent/chromium")
        assert site.hits == {}  # said before any request
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "crawler: CHROMIUM='/nonexistent/chromium': no such program"]
    sources = tmp_path / "sources.toml"
    missing = run_cli("crawl", "scripted", "--sources-file", str(sources), "--db",
                      str(tmp_path / "news.db"), env={**settings_env(), "PATH": "/nonexistent"})
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        "crawler: rendering needs a Chromium: apt-get install chromium (or set CHROMIUM to its path)"]
