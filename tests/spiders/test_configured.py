"""Declared sources become spiders: built from a sources file, listed by Scrapy, crawled."""

import os
import subprocess
import sys

from scrapy.http import HtmlResponse

from crawler.config import SOURCES_ENV, declared_sources
from crawler.sources import source_names
from crawler.store import Store
from spiders.base import NewsSpider
from spiders.configured import coded_source_names, spider_class
from tests.helpers import REPO, run_cli
from tests.sites.generic_news import generic_news_site, news_stories

BASE = "https://news.example.org"
SOURCES = """
[daily_example]
origin = "{origin}"
feeds = "/feed.xml"
sitemaps = ["/sitemap.xml"]
article_url = '/news/[\\w-]+$'
timezone = "Europe/Berlin"

[daily_example.selectors]
summary = "div.standfirst"
"""


def declared(tmp_path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def page(story, base=BASE) -> HtmlResponse:
    return HtmlResponse(base + story.path, body=story.html(base).encode(), encoding="utf-8")


def test_a_declared_source_is_a_news_spider_of_this_module(tmp_path):
    (source,) = declared_sources(declared(tmp_path, SOURCES.format(origin=BASE)))
    spider = spider_class(source)
    assert issubclass(spider, NewsSpider) and spider.__name__ == "DailyExampleSpider"
    assert spider.__module__ == "spiders.configured"  # what Scrapy's spider loader requires
    assert spider.name == "daily_example" and spider.origin == BASE
    assert spider.feeds == ("/feed.xml",) and spider.timezone == "Europe/Berlin"
    instance = spider()
    assert instance.is_article_url(f"{BASE}/news/river-story-1")
    assert not instance.is_article_url(f"{BASE}/about")


def test_fields_without_a_selector_come_from_generic_extraction(tmp_path):
    (source,) = declared_sources(declared(tmp_path, SOURCES.format(origin=BASE)))
    story = news_stories()[1]
    article = spider_class(source)().build_article(page(story))
    assert article.summary == story.standfirst  # the selector wins over the metadata
    expected = story.stored(BASE)
    assert article.url == expected["url"] and article.title == expected["title"]
    assert article.body == expected["body"]  # no body selector: the generic main text
    assert article.authors == expected["authors"] and article.tags == expected["tags"]
    assert (article.published_at, article.modified_at) == (expected["published_at"],
                                                           expected["modified_at"])
    assert article.section == "World" and article.language == "en"


def test_with_a_body_selector_the_body_is_the_selectors(tmp_path):
    text = SOURCES.format(origin=BASE) + 'body = "article.story-body p:first-child"\n'
    (source,) = declared_sources(declared(tmp_path, text))
    story = news_stories()[1]
    article = spider_class(source)().build_article(page(story))
    assert article.body == story.paragraphs()[0]
    assert article.title == story.title  # still from the page's metadata


def test_declared_sources_are_listed_with_the_coded_ones():
    names = source_names()  # what `crawler crawl --all` crawls
    assert {"france24", "dw"} <= set(names)  # declared in the shipped sources.toml
    assert set(coded_source_names()) <= set(names) and "presstv" in names


def test_scrapy_list_finds_the_sources_of_the_sources_file(tmp_path):
    path = declared(tmp_path, SOURCES.format(origin=BASE))
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO, text=True,
                            capture_output=True, env={**os.environ,
                                                      SOURCES_ENV: str(path)}, timeout=60)
    assert listed.returncode == 0, listed.stderr
    names = listed.stdout.split()
    assert "daily_example" in names and "presstv" in names
    assert "france24" not in names  # the shipped file is replaced, not added to


def test_cli_crawls_a_declared_source_into_its_table(tmp_path):
    db = tmp_path / "news.db"
    stories = news_stories(4)
    with generic_news_site(tmp_path / "site", stories) as site:
        # The site is a mirror of news.example.org: stored URLs are the origin's.
        sources = declared(tmp_path, SOURCES.format(origin=BASE))
        result = run_cli("crawl", "daily_example", "--base-url", site.url,
                         "--sources-file", str(sources), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "daily_example ok: +4 new" in result.stdout  # 3 in the feed, 1 only in the sitemap
    rows = {row["url"]: row for row in Store(db).articles("daily_example")}
    assert len(rows) == 4
    for story in stories:
        row = rows[BASE + story.path]
        expected = story.stored(BASE)
        assert {key: row[key] for key in expected} == expected
        assert row["summary"] == story.standfirst and row["source"] == "daily_example"
    assert site.hits["/about"] == 0  # in the sitemap, but no article URL
    run = Store(db).last_run("daily_example")
    assert run["status"] == "ok" and run["articles_new"] == 4
