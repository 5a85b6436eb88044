"""Discovery per source: every source finds, fetches and stores an article from its own declared
feeds, sitemaps and section pages, served by a small generated mirror on 127.0.0.1.

Each source's mirror (tests/sites/mirrors.py) lists one article URL in every feed and sitemap
the source declares and links it from every section page; the URL is a saved real page's
(``../shared/pages/fundus/<Publisher>/meta.json``) where there is one, else the canonical link
of the source's fixture, and the article served is the fixture page. All sources are crawled
in one process, once per test session. Also: each source's ``article_url`` matches the URLs of
its saved real pages and of its fixtures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse

from benchmarks.extraction import fundus_sources
from crawler.sources import source_names, spider_class
from crawler.store import Store
from tests.helpers import FIXTURES, REPO
from tests.sites.mirrors import discovery_urls, source_mirror
from tests.sites.server import FixtureSite

FUNDUS = REPO.parent / "shared" / "pages" / "fundus"
# No politeness towards the mirrors, and nothing to retry on them.
FAST = {"AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 0}


def saved_page_urls() -> dict[str, list[str]]:
    """{source: the URLs of its saved real pages}, for the sources that exist."""
    if not FUNDUS.is_dir():
        return {}
    urls = {}
    for publisher, source in fundus_sources(FUNDUS).items():
        meta = json.loads((FUNDUS / publisher / "meta.json").read_text(encoding="utf-8"))
        urls[source] = [info["url"] for _, info in sorted(meta["files"].items())]
    return urls


def fixture_page(source: str) -> Path:
    pages = sorted((FIXTURES / source).glob("*.html"))
    assert pages, f"{source} has no fixture page in tests/fixtures/{source}/"
    return pages[0]


def fixture_url(page: Path) -> str | None:
    response = HtmlResponse("http://localhost/", body=page.read_bytes())
    return (response.css("link[rel=canonical]::attr(href)").get()
            or response.css("meta[property='og:url']::attr(content)").get())


SAVED = saved_page_urls()


def article_url_for(source: str) -> str:
    saved = SAVED.get(source)
    return saved[0] if saved else fixture_url(fixture_page(source))


@pytest.fixture(scope="session")
def mirrored_crawl(tmp_path_factory):
    """Every source crawled from its mirror: {source: (spider, article URL, its site)}."""
    tmp = tmp_path_factory.mktemp("mirrors")
    mirrors = {}
    with ExitStack() as stack:
        for source in source_names():
            spider, url = spider_class(source)(), article_url_for(source)
            routes = source_mirror(spider, url, fixture_page(source).read_bytes())
            site = stack.enter_context(FixtureSite(tmp / source, routes))
            mirrors[source] = (spider_class(source)(base_url=site.url), url, site)
        job = {"db": str(tmp / "news.db"), "settings": FAST,
               "base_urls": {source: site.url for source, (_, _, site) in mirrors.items()}}
        (tmp / "job.json").write_text(json.dumps(job), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "tests.sites.mirrors", str(tmp / "job.json")],
                                cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return Store(tmp / "news.db"), mirrors


@pytest.mark.parametrize("source", source_names())
def test_the_source_discovers_fetches_and_stores_an_article(mirrored_crawl, source):
    store, mirrors = mirrored_crawl
    spider, url, site = mirrors[source]
    points = discovery_urls(spider)
    assert points, f"{source} declares no feed, sitemap or section page a normal run reads"
    for point in points:  # every discovery point is fetched from the mirror, none elsewhere
        assert spider.fetch_url(point).startswith(site.url), point
        assert site.hits[urlsplit(point).path], f"{point} was not read"
    assert spider.is_article_url(url), url
    rows = list(store.articles(source))
    assert [row["url"] for row in rows] == [spider.canonical_url(url)]
    assert rows[0]["title"] and rows[0]["body"]
    run = store.last_run(source)
    assert run["status"] == "ok", run


@pytest.mark.parametrize("source", sorted(set(SAVED) & set(source_names())) or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"{FUNDUS} is absent"))])
def test_article_url_matches_the_saved_pages(source):
    spider = spider_class(source)()
    for url in SAVED[source]:
        assert spider.is_article_url(url), url


@pytest.mark.parametrize("source", source_names())
def test_article_url_matches_the_fixture(source):
    url = fixture_url(fixture_page(source))
    assert url and spider_class(source)().is_article_url(url), url
