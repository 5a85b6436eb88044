import pytest
from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler.parsing import parse_page, read_page
from spiders.voa import VOASpider
from tests.helpers import FIXTURES

URL = "https://www.voanews.com/a/drought-shrinks-harvest-across-southern-africa-/7600001.html"


@pytest.fixture(scope="module")
def article():
    return parse_page(read_page(FIXTURES / "voa" / "article.html"), URL, "voa")


def test_fields(article):
    assert article.url == "https://www.voanews.com/a/7600001.html"
    assert article.title == "Drought shrinks harvest across southern Africa"
    # The dateline, photos and captions are not body; subheadings are.
    assert article.body == (
        "Farmers across southern Africa are bringing in the smallest maize harvest in a decade after months without rain."
        "\n\nPrices for maize meal have doubled since January, traders said."
        "\n\n\"We planted twice and lost both,\" said one farmer, a mother of three."
        "\n\nAid appeal"
        "\n\nThe World Food Program has asked donors for $400 million.")
    # VOA prints no standfirst; its description, written apart from the lead, is not one.
    assert article.summary is None
    assert article.authors == ["Thandi Moyo"]
    # The JSON-LD's UTC stamp; the page shows the same moment in Washington time.
    assert article.published_at == "2024-05-06T14:30:00Z"
    assert article.modified_at == "2024-05-06T16:05:00Z"
    assert article.section == "Africa"
    assert article.tags == ["Africa", "Zambia", "Malawi"]
    assert article.image_url == "https://gdb.voanews.com/0A1B2C3D-0000-4000-8000-000000000001_w1080_h608.jpg"
    assert article.image_caption == "A farmer inspects a dry field near Lusaka, Zambia, May 2, 2024."
    assert article.language == "en"


@pytest.mark.parametrize("url", [
    URL,
    "https://www.voanews.com/a/another-headline-after-an-edit/7600001.html",
    "https://www.voanews.com/a/7600001.html",
    "https://www.voanews.com/amp/drought-shrinks-harvest-across-southern-africa-/7600001.html",
    "http://m.voanews.com/a/drought-shrinks-harvest-across-southern-africa-/7600001.html?utm_source=twitter#comments",
    "https://voanews.com/a/drought-shrinks-harvest-across-southern-africa-/7600001.html?withmediaplayer=1",
])
def test_one_article_one_canonical_url(url):
    assert VOASpider().canonical_url(url) == "https://www.voanews.com/a/7600001.html"


@pytest.mark.parametrize(("url", "is_article"), [
    (URL, True),
    ("https://www.voanews.com/a/7600001.html", True),
    ("https://www.voanews.com/amp/some-slug/7600001.html", True),
    ("https://www.voanews.com/z/599", False),
    ("https://www.voanews.com/author/thandi-moyo/abcde", False),
    ("https://www.voanews.com/europe", False),
    ("https://learningenglish.voanews.com/a/some-lesson/7600003.html", False),  # another service
])
def test_article_urls(url, is_article):
    assert VOASpider().is_article_url(url) is is_article


def test_a_section_page_is_read_once_and_its_articles_requested():
    spider = VOASpider(base_url="http://127.0.0.1:8123")
    html = (b'<a href="/a/drought-shrinks-harvest-across-southern-africa-/7600001.html">Drought</a>'
            b'<a href="https://www.voanews.com/amp/drought-shrinks-harvest-across-southern-africa-/7600001.html">AMP</a>'
            b'<a href="/a/aid-agencies-warn-of-hunger-/7590002.html"><img alt=""></a>'
            b'<a href="/africa?p=1">More</a><a href="/z/612">Africa</a>')
    response = HtmlResponse("http://127.0.0.1:8123/africa", body=html,
                            request=Request("http://127.0.0.1:8123/africa"))
    requests = list(spider.parse_section(response, page=1))
    assert [r.url for r in requests] == [
        "http://127.0.0.1:8123/a/drought-shrinks-harvest-across-southern-africa-/7600001.html",
        "http://127.0.0.1:8123/a/aid-agencies-warn-of-hunger-/7590002.html"]


def test_feed_items_become_article_requests():
    spider = VOASpider(base_url="http://127.0.0.1:8123")
    feed = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Voice of America - English</title>'
            b"<item><title>Drought</title><link>" + URL.encode() + b"</link>"
            b"<pubDate>Mon, 06 May 2024 14:30:00 +0000</pubDate></item>"
            b"<item><title>Gallery</title><link>https://www.voanews.com/g/day-in-photos/7600005.html</link></item>"
            b"</channel></rss>")
    response = XmlResponse("http://127.0.0.1:8123/api/", body=feed, request=Request("http://127.0.0.1:8123/api/"))
    requests = list(spider.parse_feed(response))
    assert [r.meta["canonical"] for r in requests] == ["https://www.voanews.com/a/7600001.html"]
