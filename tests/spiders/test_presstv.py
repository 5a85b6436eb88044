import unicodedata

import pytest
from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler.parsing import parse_page, read_page
from spiders.presstv import PressTVSpider
from tests.helpers import FIXTURES

SEED = FIXTURES / "presstv" / "seed-article.html"
SEED_URL = "https://www.presstv.ir/Detail/2015/10/01/431543/Russia-Syria-Daesh-Abadi-"


@pytest.fixture(scope="module")
def seed():
    return parse_page(read_page(SEED), SEED_URL, "presstv")


def test_seed_article_is_title_and_clean_paragraphs(seed):
    expected = (FIXTURES / "presstv" / "seed-article.expected.txt").read_text(encoding="utf-8").strip()
    assert seed.title == "Baghdad says would welcome Russia strikes in Iraq"
    assert seed.body == expected


def test_seed_boilerplate_is_gone(seed):
    for furniture in ("News /", "BreakingNews", "Ilhan Omar", "(AFP Photo)", "alternate addresses",
                      "Roku", "Russia begins airstrikes", "Share", "Most viewed"):
        assert furniture not in seed.body
    assert "\n\nTurkey ‘concerned’\n\n" in seed.body


def test_seed_keeps_characters_as_written(seed):
    assert "Sinirlioğlu" in seed.body and "“such a request" in seed.body
    assert "Rogachev" in seed.body and "Rogachyov" in seed.body
    assert unicodedata.is_normalized("NFC", seed.body)


def test_seed_metadata(seed):
    assert seed.url == "https://www.presstv.ir/Detail/2015/10/01/431543"
    assert seed.section == "Iraq"
    # 5:20 PM Tehran standard time (+03:30) in October 2015.
    assert seed.published_at == "2015-10-01T13:50:00Z"
    assert seed.modified_at == "2015-10-01T13:55:00Z"
    assert seed.summary.startswith("Shortly after Russia launched airstrikes")
    assert seed.image_caption == "Iraqi Prime Minister Haider al-Abadi (AFP Photo)"
    assert seed.language == "en"
    assert seed.word_count == len(seed.body.split())


def _page(body: str, url: str = SEED_URL) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), encoding="utf-8")


def test_tehran_summer_time_and_url_date_fallback():
    spider = PressTVSpider()
    summer = _page('<h1 class="news-title-container">T</h1><time class="news-modifydate-container" '
                   'datetime="Monday, 01 June 2015 5:20 PM"></time>')
    assert spider.build_article(summer).published_at == "2015-06-01T12:50:00Z"  # +04:30 (DST then)
    recent = _page('<time class="news-modifydate-container" datetime="Wednesday, 23 September 2026 8:20 AM"></time>')
    assert spider.build_article(recent).published_at == "2026-09-23T04:50:00Z"  # +03:30, no DST since 2022
    undated = _page("<h1 class='news-title-container'>T</h1>")
    assert spider.build_article(undated).published_at == "2015-10-01T00:00:00Z"


@pytest.mark.parametrize("url", [
    "https://www.presstv.ir/Detail/2015/10/01/431543/Russia-Syria-Daesh-Abadi-",
    "https://presstv.ir/Detail/2015/10/01/431543/",
    "http://www.presstv.co.uk/Detail/2015/10/1/431543/Other-slug?utm_source=rss#top",
    "https://www.presstv.com/detail/2015/10/01/431543/russia-syria-daesh-abadi-/",
    "https://www.presstv.ir/Detail/2015/10/01/431543/Baghdad%E2%80%99s-view,-in-full",
    "https://www.presstv.ir/Detail/2015/10/01/431543",
])
def test_one_article_one_canonical_url(url):
    assert PressTVSpider().canonical_url(url) == "https://www.presstv.ir/Detail/2015/10/01/431543"


def test_base_url_stands_in_for_the_origin():
    spider = PressTVSpider(base_url="http://127.0.0.1:8123")
    assert spider.fetch_url("https://www.presstv.ir/Detail/2015/10/01/431543/x") == \
        "http://127.0.0.1:8123/Detail/2015/10/01/431543/x"
    assert spider.canonical_url("http://127.0.0.1:8123/Detail/2015/10/01/431543/x") == \
        "https://www.presstv.ir/Detail/2015/10/01/431543"
    assert "127.0.0.1" in spider.allowed_domains


def test_feed_items_without_dates_become_article_requests():
    spider = PressTVSpider(base_url="http://127.0.0.1:8123")
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>a</title><link>https://www.presstv.ir/Detail/2026/11/25/760001/A</link></item>"
            b"<item><title>same, other host</title><link>https://www.presstv.co.uk/detail/2026/11/25/760001/B</link></item>"
            b"<item><title>video</title><link>https://www.presstv.ir/Video/2026/11/25/760002/V</link></item>"
            b"</channel></rss>")
    response = XmlResponse("http://127.0.0.1:8123/rss.xml", body=feed, request=Request("http://127.0.0.1:8123/rss.xml"))
    requests = list(spider.parse_feed(response))
    assert [r.url for r in requests] == ["http://127.0.0.1:8123/Detail/2026/11/25/760001/A"]
    assert requests[0].meta["canonical"] == "https://www.presstv.ir/Detail/2026/11/25/760001"


def test_section_pages_follow_numbered_paging():
    spider = PressTVSpider(base_url="http://127.0.0.1:8123")
    html = b'<a href="/Detail/2026/11/25/760001/A">a</a><a href="/Section/101">Iran</a>'
    response = HtmlResponse("http://127.0.0.1:8123/Section/101", body=html,
                            request=Request("http://127.0.0.1:8123/Section/101"))
    requests = list(spider.parse_section(response, page=1))
    assert [r.url for r in requests] == ["http://127.0.0.1:8123/Detail/2026/11/25/760001/A",
                                         "http://127.0.0.1:8123/Section/101/2"]
    last = list(spider.parse_section(response.replace(url="http://127.0.0.1:8123/Section/101/2"), page=2))
    assert all("/Section/" not in r.url for r in last)  # two listing pages on a normal run


def test_backfill_sitemap_skips_months_before_since():
    spider = PressTVSpider(since="2023-06-01")
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>https://www.presstv.ir/SiteMap/2023-05/sitemap-news-2023-05.xml</loc><lastmod>2023-05-31</lastmod></sitemap>"
             b"<sitemap><loc>https://www.presstv.ir/SiteMap/2023-06/sitemap-news-2023-06.xml</loc><lastmod>2023-06-30</lastmod></sitemap>"
             b"</sitemapindex>")
    response = XmlResponse("https://www.presstv.ir/sitemap.xml", body=index,
                           request=Request("https://www.presstv.ir/sitemap.xml"))
    assert [r.url for r in spider.parse_sitemap(response)] == [
        "https://www.presstv.ir/SiteMap/2023-06/sitemap-news-2023-06.xml"]
