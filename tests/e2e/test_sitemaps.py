"""Sitemap indexes: their sitemaps are fetched one at a time, and a failed, refused or nested
one does not stop the walk."""

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.store import Store
from spiders.base import CHILD_SITEMAP_PRIORITY, LATER_SITEMAPS, NewsSpider
from tests.helpers import run_cli
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


# --- hostile archives: caps, and one bad entry among many ------------------------------------

def spider_with(settings: dict, spider_class=None):
    crawler = get_crawler(spider_class or GenericSpider, settings)
    spider = crawler.spidercls.from_crawler(crawler, **({"since": "2024-01-01"}
                                                       if settings.pop("since", None) else {}))
    crawler.spider = spider
    return crawler, spider


def test_sitemaps_past_the_per_run_cap_are_not_requested_and_counted():
    crawler, spider = spider_with({"SITEMAPS_PER_RUN": 3})
    base = "http://127.0.0.1:8123"
    listed = index(base, [f"/{n}.xml" for n in range(10)])
    walked = []
    [request] = spider.parse_sitemap(xml_response(f"{base}/index.xml", listed))
    while request is not None:
        walked.append(request.url)
        following = list(spider.parse_sitemap(xml_response(request.url, urlset(base, []), request)))
        request = following[0] if following else None
    assert walked == [f"{base}/9.xml", f"{base}/8.xml", f"{base}/7.xml"]
    assert crawler.stats.get_value("errors/limit/sitemaps_per_run") == 7  # the rest of the walk


def test_an_index_past_the_depth_cap_is_not_walked_and_counted():
    crawler, spider = spider_with({"SITEMAP_MAX_DEPTH": 1})
    base = "http://127.0.0.1:8123"
    [child] = spider.parse_sitemap(xml_response(f"{base}/index.xml", index(base, ["/deeper.xml"])))
    assert child.meta["sitemap_depth"] == 1
    assert list(spider.parse_sitemap(xml_response(child.url, index(base, ["/deepest.xml"]),
                                                  child))) == []
    assert crawler.stats.get_value("errors/limit/sitemap_depth") == 1


class OneBadURLSpider(GenericSpider):
    name = "one_bad_url"

    def canonical_url(self, url: str) -> str:
        if url.endswith("-3"):
            raise KeyError("a bug in canonical_url")
        return self.default_canonical_url(url)


def test_one_entry_that_raises_is_counted_and_the_entries_after_it_are_read():
    crawler, spider = spider_with({"since": True}, OneBadURLSpider)
    base = "http://127.0.0.1:8123"
    stories = news_stories(6)
    body = urlset(base, stories).replace(  # and a lastmod a whole day off UTC
        "</loc></url>", "</loc><lastmod>2024-06-03T10:00:00+24:00</lastmod></url>", 1)
    requests = list(spider.parse_sitemap(xml_response(f"{base}/s.xml", body)))
    assert [r.url for r in requests] == [base + s.path for s in stories if not s.path.endswith("-3")]
    assert crawler.stats.get_value("errors/exception/discovery/KeyError") == 1


def test_a_sitemap_with_a_dtd_or_inflating_past_the_cap_is_refused_and_counted():
    import gzip

    crawler, spider = spider_with({"SITEMAP_MAX_SIZE": 10_000})
    base = "http://127.0.0.1:8123"
    big = urlset(base, news_stories(3)).replace("<urlset", "<!-- " + "x" * 20_000 + " --><urlset")
    dtd = urlset(base, news_stories(3)).replace("<urlset", '<!DOCTYPE urlset [<!ENTITY a "b">]><urlset')
    gzipped = XmlResponse(f"{base}/s.xml.gz", body=gzip.compress(big.encode()),
                          request=Request(f"{base}/s.xml.gz"))
    for response in (gzipped, xml_response(f"{base}/big.xml", big), xml_response(f"{base}/d.xml", dtd)):
        assert list(spider.parse_sitemap(response)) == []
    assert crawler.stats.get_value("errors/limit/inflated_size") == 2
    assert crawler.stats.get_value("errors/limit/sitemap_dtd") == 1
    small = xml_response(f"{base}/small.xml", urlset(base, news_stories(3)))
    assert len(list(spider.parse_sitemap(small))) == 3  # under the cap, no DTD: read
