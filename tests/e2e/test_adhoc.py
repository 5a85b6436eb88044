"""Ad-hoc sources: `crawler crawl --name NAME --feed URL` crawls a site no file declares."""

import pytest

from crawler.cli import main
from crawler.store import Store
from tests.helpers import run_cli
from tests.sites.generic_news import generic_news_site, news_stories


def test_an_adhoc_feed_is_crawled_into_its_own_table_with_generic_extraction(tmp_path):
    db = tmp_path / "news.db"
    stories = news_stories(4)
    with generic_news_site(tmp_path / "site", stories) as site:
        result = run_cli("crawl", "--name", "quick_look", "--feed", f"{site.url}/feed.xml",
                         "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "quick_look ok: +3 new" in result.stdout
    rows = {row["url"]: row for row in Store(db).articles("quick_look")}
    assert len(rows) == 3  # the feed's stories; the sitemap was not given
    for story in stories[:3]:
        row = rows[site.url + story.path]  # the origin is the feed's
        expected = story.stored(site.url)
        assert {key: row[key] for key in expected} == expected
        # The description is no standfirst: generic extraction leaves the summary empty.
        assert row["summary"] is None and row["source"] == "quick_look"
    assert Store(db).last_run("quick_look")["status"] == "ok"


@pytest.mark.parametrize("args, message", [
    (["--name", "quick_look"], "an ad-hoc source needs at least one --feed or --sitemap URL"),
    (["--feed", "http://127.0.0.1:9/feed.xml"], "an ad-hoc crawl is --name NAME"),
    (["presstv", "--name", "quick_look", "--feed", "http://127.0.0.1:9/feed.xml"],
     "and no other source"),
    (["--name", "quick-look", "--sitemap", "http://127.0.0.1:9/sitemap.xml"],
     "crawl --name: invalid source name 'quick-look'"),
    (["--name", "presstv", "--feed", "http://127.0.0.1:9/feed.xml"],
     "source 'presstv' exists; an ad-hoc crawl needs a name of its own"),
    (["--name", "france24", "--feed", "http://127.0.0.1:9/feed.xml"], "source 'france24' exists"),
    (["--name", "quick_look", "--feed", "127.0.0.1:9/feed.xml"], "is not an http(s) URL"),
    (["--name", "quick_look", "--feed", "http://[::1/feed.xml"], "is not an http(s) URL"),
    (["presstv", "--base-url", "http://[::1"], "--base-url 'http://[::1' is not an http(s) URL"),
])
def test_adhoc_usage_errors_exit_2_before_anything_runs(tmp_path, capsys, args, message):
    db = tmp_path / "news.db"
    assert main(["crawl", *args, "--db", str(db)]) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1
    assert not db.exists()


def test_an_adhoc_source_is_kept_crawled_again_by_name_shown_and_scheduled(tmp_path, capsys):
    db = tmp_path / "news.db"
    stories = news_stories(4)
    with generic_news_site(tmp_path / "site", stories) as site:
        first = run_cli("crawl", "--name", "quick_look", "--feed", f"{site.url}/feed.xml",
                        "--db", str(db))
        assert first.returncode == 0, first.stderr
        assert Store(db).adhoc_sources() == {
            "quick_look": {"feeds": [f"{site.url}/feed.xml"], "sitemaps": []}}
        site.hits.clear()
        again = run_cli("crawl", "quick_look", "--db", str(db))  # by name, no URLs re-typed
        assert again.returncode == 0, again.stderr
        assert "quick_look ok: +0 new" in again.stdout
        assert site.hits["/feed.xml"] == 1  # the kept feed was read again
    assert [run["status"] for run in Store(db).runs("quick_look")] == ["ok", "ok"]

    assert main(["status", "--db", str(db), "--source", "quick_look"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[:2] == ["quick_look", "ok"]
    assert main(["sources", "--db", str(db)]) == 0
    assert any(line.split()[:3] == ["quick_look", "quick_look", "3"]
               for line in capsys.readouterr().out.splitlines())
    assert main(["schedule", "--db", str(db)]) == 0
    assert f"crawl quick_look --quiet --db {db}" in capsys.readouterr().out
    # Elsewhere, another database: the name means nothing there.
    assert main(["crawl", "quick_look", "--db", str(tmp_path / "other.db")]) == 2
    assert "unknown source 'quick_look'" in capsys.readouterr().err
    assert not (tmp_path / "other.db").exists()


def test_an_adhoc_source_given_new_urls_is_kept_with_them(tmp_path):
    db = tmp_path / "news.db"
    with generic_news_site(tmp_path / "site", news_stories(4)) as site:
        for args in (["--feed", f"{site.url}/feed.xml"], ["--sitemap", f"{site.url}/sitemap.xml"]):
            result = run_cli("crawl", "--name", "quick_look", *args, "--db", str(db))
            assert result.returncode in (0, 3), result.stderr  # 3: /about has no date
    assert Store(db).adhoc_sources()["quick_look"] == {
        "feeds": [], "sitemaps": [f"{site.url}/sitemap.xml"]}
    assert Store(db).count_articles("quick_look") == 5  # the sitemap's last story and /about
