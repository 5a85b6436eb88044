"""Sitemap indexes: their sitemaps are fetched one at a time, and a failed, refused or nested
one does not stop the walk."""

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.store import Store
from spiders.base import CHILD_SITEMAP_PRIORITY, LATER_SITEMAPS, NewsSpider
from tests.conftest import run_cli
from tests.sites.generic_news import generic_news_site, news_stories
from tests.sites.server import Route

SITEMAPS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(base: str, stories) -> str:
    urls = "".join(f"<url><loc>{base}{story.path}</loc></url>" for story in stories)
    return f'<?xml version="1.0"?><urlset {SITEMAPS}>{urls}</urlset>'


def index(base: str, paths: list[str]) -> str:
    entries = "".join(f"<sitemap><loc>{base}{path}</loc></sitemap>" for path in paths)
    return f'<?xml version="1.0"?><sitemapindex {SITEMAPS}>{entries}</sitemapindex>'


def test_an_index_is_walked_one_sitemap_at_a_time_past_failures_and_repeats(tmp_path):
    stories = news_stories(9)
    groups = {"/a.xml": stories[0:3], "/b.xml": stories[3:6], "/c.xml": stories[6:9]}
    with generic_news_site(tmp_path / "site", stories) as site:
        for path, group in groups.items():
            (site.root / path.lstrip("/")).write_text(urlset(site.url, group))
        # Walked last listed first: the nested index (and its c.xml), a.xml, one that is not
        # there, a.xml again (refused: fetched already), b.xml.
        (site.root / "nested.xml").write_text(index(site.url, ["/c.xml"]))
        (site.root / "index.xml").write_text(
            index(site.url, ["/b.xml", "/a.xml", "/missing.xml", "/a.xml", "/nested.xml"]))
        site.routes["/missing.xml"] = Route(404)
        result = run_cli("crawl", "--name", "walked", "--sitemap", f"{site.url}/index.xml",
                         "--db", str(tmp_path / "news.db"))
        hits = {path: times[0] for path, times in site.hit_times.items()}

    stored = {row["url"] for row in Store(tmp_path / "news.db").articles("walked")}
    assert stored == {site.url + story.path for story in stories}, result.stdout + result.stderr
    assert site.hits["/a.xml"] == 1
    # One after another (all at once, the server would see them in listing order, c.xml last).
    walked = ["/index.xml", "/nested.xml", "/c.xml", "/a.xml", "/missing.xml", "/b.xml"]
    assert sorted(walked, key=hits.get) == walked


def test_an_index_yields_one_sitemap_and_each_sitemap_its_articles_then_the_next():
    spider = GenericSpider()
    base = "http://127.0.0.1:8123"
    listed = index(base, ["/2024-04.xml", "/2024-05.xml", "/2024-06.xml"])
    requests = list(spider.parse_sitemap(xml_response(f"{base}/index.xml", listed)))
    assert [(r.url, r.priority, r.meta[LATER_SITEMAPS]) for r in requests] == [
        (f"{base}/2024-06.xml", CHILD_SITEMAP_PRIORITY, [f"{base}/2024-05.xml", f"{base}/2024-04.xml"])]

    june = xml_response(f"{base}/2024-06.xml", urlset(base, news_stories(2)), requests[0])
    requests = list(spider.parse_sitemap(june))
    assert [r.meta.get("article") for r in requests] == [True, True, None]
    assert (requests[-1].url, requests[-1].meta[LATER_SITEMAPS]) == (f"{base}/2024-05.xml",
                                                                     [f"{base}/2024-04.xml"])


def test_an_overlong_sitemap_url_is_reported_and_the_walk_goes_on():
    # Scrapy's URL-length middleware would drop it silently, and the sitemaps after it.
    crawler = get_crawler(GenericSpider, {"URLLENGTH_LIMIT": 100})
    spider = GenericSpider.from_crawler(crawler)
    crawler.spider = spider
    base = "http://127.0.0.1:8123"
    overlong = "/" + "x" * 100 + ".xml"
    listed = index(base, ["/a.xml", overlong, "/c.xml"])
    [first] = spider.parse_sitemap(xml_response(f"{base}/index.xml", listed))
    assert first.url == f"{base}/c.xml"
    [then] = spider.parse_sitemap(xml_response(first.url, urlset(base, []), first))
    assert (then.url, then.meta[LATER_SITEMAPS]) == (f"{base}/a.xml", [])
    assert crawler.stats.get_value("errors/url_too_long") == 1


class GenericSpider(NewsSpider):
    name = "generic_sitemaps"
    origin = "http://127.0.0.1:8123"


def xml_response(url: str, body: str, request: Request | None = None) -> XmlResponse:
    return XmlResponse(url, body=body.encode(), request=request or Request(url))
