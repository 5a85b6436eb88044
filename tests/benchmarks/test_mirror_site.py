"""The crawl benchmark's mirror: deterministic, served as-is, Press TV-shaped, growable by 1%."""

from __future__ import annotations

import hashlib
import http.client
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.parsing import parse_page
from spiders.presstv import PressTVSpider

from benchmarks.mirror_site import (
    ALTERNATE_ADDRESSES,
    CANONICAL_ORIGIN,
    MAX_PAGE_BYTES,
    MIN_PAGE_BYTES,
    RSS_ITEMS,
    SECTION_PAGE_LINKS,
    MirrorServer,
    MirrorSite,
    image_url,
    new_articles_count,
    plain_article_page,
)

ARTICLES = 30
ORIGIN = "http://127.0.0.1:8000"  # for checks on disk, where no server is needed
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PRESS_TV_DATETIME = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d\d [A-Z][a-z]+ \d{4} "
    r"\d{1,2}:\d\d (AM|PM)$")


def tree_digest(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def locs(xml_text: str | bytes, element: str) -> list[str]:
    root = ET.fromstring(xml_text)
    return [node.findtext("sm:loc", namespaces=SITEMAP_NS)
            for node in root.findall(f"sm:{element}", SITEMAP_NS)]


def file_of(site_root: Path, url: str) -> Path:
    return site_root / urlsplit(url).path.lstrip("/")


def sitemap_urls_on_disk(site_root: Path) -> list[str]:
    """Every article URL the sitemap index leads to, read from the files the server would send."""
    urls = []
    for monthly in locs((site_root / "sitemap.xml").read_bytes(), "sitemap"):
        urls.extend(locs(file_of(site_root, monthly).read_bytes(), "url"))
    return urls


@pytest.fixture
def site(tmp_path) -> MirrorSite:
    mirror = MirrorSite(tmp_path / "site", ORIGIN, seed=7)
    mirror.resize(ARTICLES)
    return mirror


def test_same_seed_gives_the_same_files_and_another_seed_other_articles(site, tmp_path):
    again = MirrorSite(tmp_path / "again", ORIGIN, seed=7)
    again.resize(ARTICLES)
    other = MirrorSite(tmp_path / "other", ORIGIN, seed=8)
    other.resize(ARTICLES)

    assert tree_digest(again.root) == tree_digest(site.root)
    assert [r.title for r in other.articles()] != [r.title for r in site.articles()]


def test_sitemaps_list_every_article_once_with_lastmod_and_rss_the_newest(site):
    urls = sitemap_urls_on_disk(site.root)
    assert sorted(urls) == sorted(site.article_urls())
    assert len(set(urls)) == ARTICLES
    for monthly in locs((site.root / "sitemap.xml").read_bytes(), "sitemap"):
        assert re.search(r"/SiteMap/(\d{4}-\d\d)/sitemap-news-\1\.xml$", monthly)
        urlset = ET.fromstring(file_of(site.root, monthly).read_bytes())
        assert all(url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
                   for url in urlset.findall("sm:url", SITEMAP_NS))
    assert "<lastmod>" in (site.root / "sitemap.xml").read_text()

    rss = ET.fromstring((site.root / "rss.xml").read_bytes())
    items = rss.findall("channel/item")
    assert len(items) == min(RSS_ITEMS, ARTICLES)
    assert items[0].findtext("link") == site.article_urls()[-1]  # newest first
    assert all(item.findtext("title") and item.find("pubDate") is None for item in items)


def test_article_urls_and_pages_look_like_press_tv(site):
    titles = [record.title for record in site.articles()]
    assert len(set(titles)) == len(titles)
    for record in site.articles():
        assert re.fullmatch(r"/Detail/\d{4}/\d\d/\d\d/\d+/[A-Za-z0-9-]+", record.path)
        page_bytes = site.page_file(record).read_bytes()
        assert MIN_PAGE_BYTES <= len(page_bytes) <= MAX_PAGE_BYTES
        page = page_bytes.decode("utf-8")
        assert f'<h1 class="news-title-container">{record.title}</h1>' in page
        assert '<div class="news-section-container">' in page
        stamp = re.search(r'<time class="news-modifydate-container" datetime="([^"]+)">', page)
        assert stamp and PRESS_TV_DATETIME.match(stamp.group(1))
        body = page.split('<div class="news-body-container">', 1)[1].split(ALTERNATE_ADDRESSES)[0]
        assert 8 <= body.count("</p>") - body.count("<p><br></p>") <= 25
        assert "<figcaption>" in page
        assert '"@type": "NewsArticle"' in page and "application/ld+json" in page
        assert page.count(ALTERNATE_ADDRESSES) == 2  # end of body and footer, as in the fixture
    assert all("data-oembed-url=" in site.page_file(r).read_text() for r in site.articles()[1:])


def test_every_sitemap_url_is_served_200_without_redirect(tmp_path):
    with MirrorServer(tmp_path / "served") as server:
        site = MirrorSite(server.root, server.origin, seed=7)
        site.resize(ARTICLES)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)

        def get(url: str) -> tuple[int, str, bytes]:
            connection.request("GET", urlsplit(url).path)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type"), response.read()

        status, content_type, index = get(f"{server.origin}/sitemap.xml")
        assert (status, content_type) == (200, "application/xml")
        assert get(f"{server.origin}/rss.xml")[:2] == (200, "application/xml")
        served_articles = []
        for monthly in locs(index, "sitemap"):
            status, content_type, urlset = get(monthly)
            assert (status, content_type) == (200, "application/xml")
            for url in locs(urlset, "url"):
                status, content_type, page = get(url)
                assert (status, content_type) == (200, "text/html; charset=utf-8"), url
                assert page == file_of(site.root, url).read_bytes()
                served_articles.append(url)
        connection.close()
    assert sorted(served_articles) == sorted(site.article_urls())


def test_press_tv_section_feeds_and_paged_sections_are_served(tmp_path):
    """The hourly run reads these; a mirror without them answered 404s, which kept the
    autothrottle delay at its start value through the whole incremental benchmark."""
    articles = 3 * 13 * SECTION_PAGE_LINKS  # every section gets more than one page
    with MirrorServer(tmp_path / "served") as server:
        site = MirrorSite(server.root, server.origin, seed=7)
        site.resize(articles)

        def get(path: str, redirects: int = 1) -> tuple[int, bytes]:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            status, location, body = response.status, response.getheader("Location"), response.read()
            connection.close()
            if status in (301, 302) and redirects:
                return get(urlsplit(location).path, redirects - 1)
            return status, body

        for feed in PressTVSpider.feeds:
            status, body = get(feed)
            assert status == 200, feed
            assert ET.fromstring(body).findall("channel/item"), feed
        for section in PressTVSpider.sections:
            section_id = int(section.rsplit("/", 1)[1])
            newest_first = [r.path for r in reversed(site.articles()) if r.section[0] == section_id]
            listed, number = [], 1
            while True:
                status, body = get(section if number == 1 else f"{section}/{number}")
                assert status == 200, (section, number)
                links = re.findall(r'href="(/Detail/[^"]+)"', body.decode())
                if not links:
                    break
                listed += links
                number += 1
            assert listed == newest_first and number > 2, section


def test_growing_by_one_percent_adds_only_new_newest_articles_and_shrinking_restores(site):
    before = tree_digest(site.root)
    urls_before = set(sitemap_urls_on_disk(site.root))

    added = site.resize(ARTICLES + new_articles_count(ARTICLES))

    assert len(added) == new_articles_count(ARTICLES) == 1
    assert new_articles_count(5000) == 50
    urls_after = set(sitemap_urls_on_disk(site.root))
    assert urls_after - urls_before == {ORIGIN + record.path for record in added}
    assert urls_before <= urls_after
    newest = ET.fromstring((site.root / "rss.xml").read_bytes()).find("channel/item/link").text
    assert newest == ORIGIN + added[-1].path
    after = tree_digest(site.root)
    unchanged_pages = {path: digest for path, digest in before.items() if path.startswith("Detail")}
    assert unchanged_pages.items() <= after.items()  # existing pages are not touched

    site.resize(ARTICLES)
    assert tree_digest(site.root) == before


def test_plain_pages_are_the_same_template_read_the_same_way(site):
    """The tests' small pages (tests/sites/presstv.py) and the benchmark's full ones are one
    template: the spider reads the same title, section and date from both."""
    for record in site.articles()[:5]:
        url = CANONICAL_ORIGIN + record.path
        full = parse_page(site.page_file(record).read_bytes(), url, "presstv")
        paragraphs = [f"Paragraph {n} of {record.title}." for n in range(1, 4)]
        plain_bytes = plain_article_page(record, paragraphs, "A scene (AFP Photo)").encode()
        plain = parse_page(plain_bytes, url, "presstv")

        assert len(plain_bytes) < MIN_PAGE_BYTES // 20
        assert (plain.title, plain.section, plain.published_at, plain.image_url) == (
            full.title, full.section, full.published_at, full.image_url) == (
            record.title, record.section[1], record.published.strftime("%Y-%m-%dT%H:%M:%SZ"),
            image_url(record))
        assert plain.body == "\n\n".join(paragraphs) and plain.image_caption == "A scene (AFP Photo)"
        assert plain.modified_at is None and full.modified_at == record.modified.strftime(
            "%Y-%m-%dT%H:%M:%SZ")
