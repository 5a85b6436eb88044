"""Declared sources: reading and validating a sources file, ad-hoc sources, the shipped file."""

from pathlib import Path

import pytest

from crawler import config
from crawler.config import ConfigError, adhoc_source, declared_sources
from spiders.configured import coded_source_names
from tests.helpers import REPO, run_cli

VALID = """
[city_news]
origin = "https://news.example.org"
host_aliases = ["example.org", "m.example.org"]
feeds = "/rss.xml"
sitemaps = ["/news-sitemap.xml"]
sections = ["/city", "/world"]
next_page = "a.next"
section_pages = 3
article_url = '/\\d{4}/\\d\\d/[\\w-]+$'
timezone = "Europe/Berlin"
language = "de"
body_exclude = [".related", "./p[starts-with(., 'Read more')]"]

[city_news.selectors]
title = "h1.headline"
body = ["div.story-body", "article"]
published_at = "time::attr(datetime)"

[generic_only]
origin = "https://other.example.com"
feeds = ["https://feeds.example.com/all.xml"]
"""


def write(tmp_path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_declares_its_sources_as_spider_attributes(tmp_path):
    city, generic = declared_sources(write(tmp_path, VALID))
    assert city.name == "city_news" and generic.name == "generic_only"
    assert city.origin == "https://news.example.org"
    assert city.host_aliases == ("example.org", "m.example.org")
    assert city.feeds == ("/rss.xml",)  # one string stands for a list of one
    assert city.sections == ("/city", "/world") and city.section_pages == 3
    assert city.next_page == "a.next" and city.timezone == "Europe/Berlin"
    assert city.body_exclude == (".related", "./p[starts-with(., 'Read more')]")
    assert city.selectors == {"title": ("h1.headline",), "body": ("div.story-body", "article"),
                              "published_at": ("time::attr(datetime)",)}
    # A body selector: the page's metadata fills the rest. None: generic extraction does.
    assert city.spider_attributes()["generic_extraction"] is False
    assert generic.spider_attributes()["generic_extraction"] is True
    assert "path" not in city.spider_attributes()


MINIMAL = '[a]\norigin = "https://f.example"\nfeeds = "/rss"\n'


@pytest.mark.parametrize("text, message", [
    ("[news\norigin = 'x'", "sources.toml: Expected ']'"),
    (MINIMAL.replace("[a]", "[France24]"), "invalid source name 'France24'"),
    (MINIMAL.replace("[a]", "[runs]"), "invalid source name 'runs'"),
    ('origin = "https://f.example"', "'origin' must be a table"),
    ('[a]\nfeeds = ["/rss"]', "[a]: 'origin' is required"),
    (MINIMAL.replace("https://f.example", "www.example.com"),
     "origin 'www.example.com' is not an http(s) URL"),
    ('[a]\norigin = "https://f.example"', "nothing to discover articles from"),
    (MINIMAL.replace("feeds", "feed"), "unknown key 'feed'"),
    (MINIMAL.replace('"/rss"', "[1]"), "'feeds' must be a non-empty string"),
    (MINIMAL + 'article_url = "(["', "'article_url' is not a regular expression"),
    (MINIMAL + 'timezone = "Paris"', "unknown timezone 'Paris'"),
    (MINIMAL + "section_pages = 0", "'section_pages' must be"),
    (MINIMAL + '[a.selectors]\nheadline = "h1"', "no field 'headline' to select"),
    (MINIMAL + '[a.selectors]\ntitle = "h1["', "bad CSS selector 'h1['"),
    (MINIMAL + 'body_exclude = ["div >> p"]', "bad CSS selector 'div >> p'"),
])
def test_a_bad_file_is_refused_with_a_message_naming_file_source_and_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as error:
        declared_sources(write(tmp_path, text))
    assert message in str(error.value)
    assert str(tmp_path / "sources.toml") in str(error.value)
    assert "\n" not in str(error.value)


def test_a_missing_file_is_an_error_only_when_asked_for(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="no such sources file"):
        declared_sources(tmp_path / "nowhere.toml")
    monkeypatch.delenv(config.SOURCES_ENV, raising=False)
    monkeypatch.setattr(config, "DEFAULT_SOURCES_FILE", tmp_path / "sources.toml")
    assert declared_sources() == []
    monkeypatch.setenv(config.SOURCES_ENV, str(tmp_path / "nowhere.toml"))
    with pytest.raises(ConfigError, match="no such sources file"):
        declared_sources()


def test_the_shipped_file_is_valid_and_takes_no_coded_name():
    shipped = declared_sources(REPO / "spiders" / "sources.toml")
    assert {"france24", "dw"} <= {source.name for source in shipped}
    assert not {source.name for source in shipped} & set(coded_source_names())


def test_an_adhoc_source_is_derived_from_its_urls():
    source = adhoc_source("quick_look", ["https://feeds.example.com/all.xml"],
                          ["https://www.example.com/sitemap.xml"])
    assert source.origin == "https://feeds.example.com"
    assert source.host_aliases == ("feeds.example.com", "www.example.com")
    assert source.feeds == ("https://feeds.example.com/all.xml",)
    assert source.sitemaps == ("https://www.example.com/sitemap.xml",)
    assert source.spider_attributes()["generic_extraction"] is True
    with pytest.raises(ConfigError, match="invalid source name 'Quick-Look'"):
        adhoc_source("Quick-Look", ["https://feeds.example.com/all.xml"], [])
    with pytest.raises(ConfigError, match="at least one --feed or --sitemap"):
        adhoc_source("quick_look", [], [])
    with pytest.raises(ConfigError, match="'feeds.example.com/all.xml' is not an http"):
        adhoc_source("quick_look", ["feeds.example.com/all.xml"], [])


def test_cli_refuses_a_bad_file_a_clashing_name_and_a_bad_adhoc_name_with_exit_2(tmp_path):
    db = str(tmp_path / "news.db")
    bad = write(tmp_path, '[a]\norigin = "https://f.example"\nfeed = ["/rss"]')
    result = run_cli("crawl", "a", "--sources-file", str(bad), "--db", db)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"crawler: {bad} [a]: unknown key 'feed' (known: {', '.join(sorted(config.KNOWN_KEYS))})"]

    clash = write(tmp_path, '[presstv]\norigin = "https://p.example"\nfeeds = ["/rss"]')
    result = run_cli("sources", "--db", db, env={config.SOURCES_ENV: str(clash)})
    assert result.returncode == 2
    assert result.stderr.strip() == (f"crawler: {clash} [presstv]: the name 'presstv' is taken "
                                     f"by the coded source in spiders.presstv")

    adhoc_db = tmp_path / "adhoc.db"
    result = run_cli("crawl", "--name", "News-2", "--feed", "http://127.0.0.1:9/feed.xml",
                     "--db", str(adhoc_db))
    assert result.returncode == 2
    assert result.stderr.startswith("crawler: crawl --name: invalid source name 'News-2'")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not adhoc_db.exists()  # refused before anything ran


def test_which_sources_file_wins(tmp_path, monkeypatch):
    """--sources-file / $CRAWLER_SOURCES, then the user's XDG file if it exists, then the
    shipped one."""
    monkeypatch.delenv(config.SOURCES_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert config.sources_file() == REPO / "spiders" / "sources.toml"  # shipped: package data
    mine = tmp_path / "config" / "newscrawler" / "sources.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text('[mine]\norigin = "https://m.example"\nfeeds = ["/rss"]\n')
    assert config.sources_file() == mine
    assert [source.name for source in declared_sources()] == ["mine"]  # it replaces the shipped
    monkeypatch.setenv(config.SOURCES_ENV, str(tmp_path / "explicit.toml"))
    assert config.sources_file() == tmp_path / "explicit.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")  # the XDG rule: absolute only
    monkeypatch.delenv(config.SOURCES_ENV)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config.sources_file() == REPO / "spiders" / "sources.toml"


def test_the_default_database_is_the_checkouts_else_the_users(tmp_path, monkeypatch):
    from crawler import paths
    from crawler.store import resolve_db_path

    monkeypatch.delenv("CRAWLER_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # never relative to where the command stands
    assert resolve_db_path(None) == REPO / "data" / "news.db"  # this checkout
    monkeypatch.setattr(paths, "PACKAGE_ROOT", tmp_path / "site-packages")  # an install
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    user_data = tmp_path / "home" / ".local" / "share" / "newscrawler"
    assert resolve_db_path(None) == user_data / "news.db"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_db_path(None) == tmp_path / "data" / "newscrawler" / "news.db"
    monkeypatch.setenv("CRAWLER_DB", "elsewhere.db")
    assert resolve_db_path(None) == Path("elsewhere.db") and resolve_db_path("x.db") == Path("x.db")
