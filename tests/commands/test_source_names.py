"""Source names become table names (and lock file names): one rule, ``check_source_name``,
refuses any that would collide with a table or index the store makes for another source, with
SQLite's own, or that the file system refuses; every way of naming a source asks it."""

import pytest

from crawler.cli import main
from crawler.store import StoreError, check_source_name
from tests.helpers import run_cli
from tests.sites.generic_news import generic_news_site, news_stories

BAD_NAMES = ["smoke_fts", "smoke_fts_data", "smoke_fts_docsize", "smoke_fts_config",
             "x_fts_idx", "_fts_config", "idx_smoke_published_at", "sqlite_master",
             "sqlite_stat1", "runs", "discovery_state", "a" * 300, "news\n", "news\nx",
             "News", "9news", "news-room", "", "news.db"]


@pytest.mark.parametrize("name", ["smoke", "presstv", "le_monde_2", "fts", "news_ftsx",
                                  "a" * 64])
def test_good_names_pass(name):
    assert check_source_name(name) == name


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_names_are_refused_in_one_line(name):
    with pytest.raises(StoreError) as refused:
        check_source_name(name)
    message = str(refused.value)
    assert message.startswith("invalid source name ") and "\n" not in message
    assert len(message) < 300


@pytest.mark.parametrize("name", [name for name in BAD_NAMES if name])
def test_an_adhoc_crawl_with_a_bad_name_is_a_usage_error(tmp_path, capsys, name):
    db = tmp_path / "news.db"
    assert main(["crawl", "--name", name, "--feed", "http://127.0.0.1:9/feed.xml",
                 "--db", str(db)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("crawler: crawl --name: invalid source name ")
    assert error.count("\n") == 1
    assert not db.exists()


@pytest.mark.parametrize("key", ['smoke_fts_data', '"news\\n"', "sqlite_master"])
def test_a_declared_source_with_a_bad_name_is_a_usage_error(tmp_path, key):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[{key}]\norigin = "http://127.0.0.1:9"\nfeeds = ["/feed.xml"]\n')
    result = run_cli("crawl", "--all", "--sources-file", str(sources),
                     "--db", str(tmp_path / "news.db"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "invalid source name" in result.stderr
    assert not (tmp_path / "news.db").exists()


def test_shadow_table_names_leave_the_source_they_would_break_alone(tmp_path):
    db = tmp_path / "news.db"
    with generic_news_site(tmp_path / "site", news_stories(4)) as site:
        feed = f"{site.url}/feed.xml"
        assert run_cli("crawl", "--name", "smoke", "--feed", feed, "--db", str(db)).returncode == 0
        for name in ("smoke_fts_data", "smoke_fts_docsize", "_fts_config", "x_fts_idx"):
            refused = run_cli("crawl", "--name", name, "--feed", feed, "--db", str(db))
            assert refused.returncode == 2 and refused.stderr.count("\n") == 1
        again = run_cli("crawl", "--name", "smoke", "--feed", feed, "--db", str(db))
        assert again.returncode == 0, again.stderr
    found = run_cli("search", "council OR river OR bridge", "--db", str(db))
    assert found.returncode == 0 and found.stdout.count("\n") == 3 * 3  # 3 lines per hit
    assert run_cli("search", "x", "--source", "sqlite_master", "--db", str(db)).returncode == 2


@pytest.mark.parametrize("query", ["", "   ", '"'])
def test_a_search_for_nothing_is_a_usage_error(tmp_path, query):
    db = tmp_path / "news.db"
    with generic_news_site(tmp_path / "site", news_stories(2)) as site:
        assert run_cli("crawl", "--name", "smoke", "--feed", f"{site.url}/feed.xml",
                       "--db", str(db)).returncode == 0
    result = run_cli("search", query, "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("crawler: ")
    assert "Traceback" not in result.stderr and result.stdout == ""
