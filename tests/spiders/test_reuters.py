import pytest
from scrapy.http import Request, XmlResponse

from spiders.reuters import ReutersSpider
from tests.helpers import parse_fixture

DAM_URL = "https://www.reuters.com/world/europe/dam-report-finds-spillway-gates-failed-twice-2024-03-07/"




def test_arc_2024_divs_with_subheadings():
    article = parse_fixture("reuters", "arc-2024", DAM_URL)
    assert article.url == DAM_URL.rstrip("/")
    assert article.title == "Dam report finds spillway gates failed twice, inspectors say"
    # The dateline lead is the summary, without the hidden ", opens new tab" of its link.
    assert article.summary == ("ZAGREB/LJUBLJANA, March 7 (Reuters) - Spillway gates at a dam on the Drava"
                               " failed twice before last autumn's flood, according to an inspectors'"
                               " report published on Thursday.")
    # Galleries, the "Reporting by" line, the trust badge and licensing links are no body.
    assert article.body == (
        "The agency, which the two governments hired in May, examined sensor logs from both gates."
        "\n\n\"The gates did not open when the water rose,\" the report said."
        "\n\nWARNINGS IGNORED"
        "\n\nEngineers had reported the fault in 2021, documents seen by Reuters show."
        "\n\nThe operator did not respond to requests for comment.")
    assert article.authors == ["Petra Novak", "Luka Horvat"]
    assert article.published_at == "2024-03-07T07:55:25Z"
    assert article.modified_at == "2024-03-07T12:21:53Z"
    assert article.section == "Europe"
    assert article.tags == ["World", "Europe", "Environment"]  # channels, not the keyword codes
    assert article.image_url.endswith("/reuters/DAM.jpg")
    assert article.image_caption is None  # the lead is a video
    assert article.language == "en"
    assert article.word_count == len(article.body.split())


def test_arc_2023_paragraphs():
    article = parse_fixture("reuters", "arc-2023", "https://www.reuters.com/business/port-strike-halts-grain-shipments-santos-2023-04-25/")
    assert article.title == "Port strike halts grain shipments in Santos"
    assert article.summary == ("SAO PAULO, April 25 (Reuters) - A strike by port workers in Santos halted"
                               " grain loading on Tuesday, the port authority said.")
    # Ad slots, social embeds, "Reporting by" and "Our Standards" go.
    assert article.body == (
        "About 40 ships were waiting to load soybeans and corn, according to shipping agent Cargonave."
        "\n\nThe union said the strike would last at least two days."
        "\n\nBrazil is the world's largest soybean exporter.")
    assert article.authors == ["Ana Costa"]
    assert article.published_at == "2023-04-25T12:26:15Z"
    assert article.modified_at == "2023-04-25T12:26:45Z"
    assert article.section == "Commodities"
    assert article.tags == ["Business", "Americas", "World"]
    assert article.image_url.endswith("/reuters/SANTOS.jpg")
    assert article.image_caption == "Trucks queue at the port of Santos, Brazil, April 24, 2023. REUTERS/Pedro Lima"


def test_standard_article_2019():
    article = parse_fixture("reuters", "standard-article-2019", "https://www.reuters.com/article/us-grains/wheat-futures-slide-idUSKBN1XT0AB")
    assert article.url == "https://www.reuters.com/article/idUSKBN1XT0AB"
    assert article.title == "Wheat futures slide as rains reach U.S. Plains"
    assert article.summary == ("CHICAGO (Reuters) - Wheat futures fell on Tuesday as rain reached dry fields"
                               " in the U.S. Plains, while corn held steady.")
    assert article.body == (
        "Chicago Board of Trade December wheat Wc1 settled down 6-1/4 cents at $5.12 a bushel."
        "\n\n“The rain came just in time,” said Ken Ward, an analyst at Ward Grain."
        "\n\n(Graphic: Wheat prices in 2019 - here)")
    assert article.authors == ["Tom Baker"]
    assert article.published_at == "2019-11-19T21:57:01Z"
    assert article.section == "Business News"  # not the metadata's "Homepage"
    assert article.tags == ["US", "GRAINS", "WHEAT", "Commodities News", "United States"]
    assert article.image_caption == ("FILE PHOTO: A combine harvests wheat near Wichita, Kansas, July 2, 2019."
                                     " REUTERS/Jo Smith/File Photo")
    assert article.language == "en"


@pytest.mark.parametrize("url, canonical", [
    (DAM_URL + "?utm_source=twitter&utm_medium=Social", DAM_URL.rstrip("/")),
    ("https://reuters.com/world/europe/dam-report-finds-spillway-gates-failed-twice-2024-03-07", DAM_URL.rstrip("/")),
    ("https://www.reuters.com/article/us-global-markets/asian-shares-soft-idUSKBN1XT00W",
     "https://www.reuters.com/article/idUSKBN1XT00W"),
    ("https://uk.reuters.com/article/us-global-markets-idUSKBN1XT00W", "https://www.reuters.com/article/idUSKBN1XT00W"),
    ("https://www.reuters.com/article/amp/idUSKBN1XT00W", "https://www.reuters.com/article/idUSKBN1XT00W"),
    ("https://mobile.reuters.com/article/idUSKBN1XT00W?il=0", "https://www.reuters.com/article/idUSKBN1XT00W"),
])
def test_canonical_urls(url, canonical):
    assert ReutersSpider().canonical_url(url) == canonical


@pytest.mark.parametrize("url, is_article", [
    (DAM_URL, True),
    ("https://www.reuters.com/article/us-global-markets-idUSKBN1XT00W", True),
    ("https://www.reuters.com/world/europe/", False),
    ("https://www.reuters.com/video/watch/idOV123456032024RP1/", False),
    ("https://www.reuters.com/pictures/floods-in-croatia-2024-03-07/", False),
])
def test_article_urls(url, is_article):
    assert ReutersSpider().is_article_url(url) is is_article


def test_news_sitemap_index_leads_to_article_requests():
    spider = ReutersSpider(base_url="http://127.0.0.1:8123")
    index_url = "http://127.0.0.1:8123/arc/outboundfeeds/news-sitemap-index/?outputType=xml"
    index = (b'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>https://www.reuters.com/arc/outboundfeeds/news-sitemap/?outputType=xml&amp;from=0</loc>"
             b"<lastmod>2024-03-07T13:00:00.000Z</lastmod></sitemap></sitemapindex>")
    children = list(spider.parse_sitemap(XmlResponse(index_url, body=index, request=Request(index_url))))
    assert [r.url for r in children] == [
        "http://127.0.0.1:8123/arc/outboundfeeds/news-sitemap/?outputType=xml&from=0"]
    sitemap = (b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
               b"<url><loc>" + DAM_URL.encode() + b"</loc><news:news><news:title>Dam</news:title></news:news></url>"
               b"<url><loc>https://www.reuters.com/pictures/floods-in-croatia-2024-03-07/</loc></url>"
               b"</urlset>")
    articles = list(spider.parse_sitemap(XmlResponse(children[0].url, body=sitemap, request=children[0])))
    assert [r.url for r in articles] == [
        "http://127.0.0.1:8123/world/europe/dam-report-finds-spillway-gates-failed-twice-2024-03-07/"]
    assert articles[0].meta["canonical"] == DAM_URL.rstrip("/")
