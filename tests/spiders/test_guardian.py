import pytest
from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler.parsing import read_page
from spiders.guardian import DCR, FRONTEND, GuardianSpider
from tests.helpers import FIXTURES, parse_fixture

DCR_URL = "https://www.theguardian.com/uk-news/2024/mar/02/lighthouse-keepers-return-remote-island"




def test_dcr_layout():
    article = parse_fixture("guardian", "dcr", DCR_URL + "?CMP=share_btn_url")
    assert article.url == DCR_URL
    assert article.title == "Lighthouse keepers return to remote island after 30 years"
    assert article.summary == "A charity will staff the light again for the summer season, with volunteers living on site"
    # Sign-in gate, rich links and the newsletter promotion go; subheadings stay.
    assert article.body == (
        "Two volunteers will live in the keepers’ cottages from May, the Northern Light Trust said on Friday."
        "\n\nThe light was automated in 1994 and has been run from Edinburgh since."
        "\n\nWho are the volunteers?"
        "\n\nBoth are retired fishermen from Stornoway, the trust said."
        "\n\nVisitors can climb the tower on Sundays.")
    assert article.authors == ["Ailsa McNeil"]
    assert article.published_at == "2024-03-02T07:05:11Z"
    assert article.modified_at == "2024-03-02T09:40:00Z"
    assert article.section == "UK news"
    assert article.tags == ["Scotland", "Heritage", "UK news"]
    assert article.image_url == "https://i.guim.co.uk/img/media/abc123/0_0_4000_2400/master/4000.jpg?width=1200&height=630&s=f00"
    assert article.image_caption == "The lighthouse on the island’s northern tip. Photograph: Ian Rae/PA"
    assert article.language == "en"


def test_frontend_layout_until_2020():
    url = "https://www.theguardian.com/commentisfree/2019/nov/18/the-guardian-view-on-bus-fares"
    article = parse_fixture("guardian", "frontend-2019", url)
    # The headline without the " | Editorial" the page's og:title adds.
    assert article.title == "The Guardian view on bus fares: a cap worth keeping"
    assert article.summary == "Cheap fares fill buses. The government should say how it will pay for them"
    # The drop cap joins its word; topics, share buttons and the rich link are not body.
    assert article.body == ("Buses are fuller than they have been for a decade. That is the good news."
                            "\n\nThe cap on fares ends in March. Nobody has said what comes next.")
    assert article.authors == ["Editorial"]
    assert article.published_at == "2019-11-18T18:54:53Z"
    assert article.modified_at == "2019-11-18T18:56:26Z"
    assert article.section == "Opinion"
    assert article.tags == ["Transport", "Buses", "UK news"]
    assert article.image_url is None and article.image_caption is None


@pytest.mark.parametrize(("fixture", "layout"), [("dcr", DCR), ("frontend-2019", FRONTEND)])
def test_each_layout_is_recognised(fixture, layout):
    response = HtmlResponse(DCR_URL, body=read_page(FIXTURES / "guardian" / f"{fixture}.html"))
    assert GuardianSpider().selectors_for(response) is layout


@pytest.mark.parametrize("url", [
    DCR_URL,
    DCR_URL + "?CMP=Share_iOSApp_Other",
    DCR_URL + "?utm_source=rss&utm_medium=feed#comments",
    "https://amp.theguardian.com/uk-news/2024/mar/02/lighthouse-keepers-return-remote-island",
    "http://theguardian.com/uk-news/2024/mar/02/lighthouse-keepers-return-remote-island/",
])
def test_one_article_one_canonical_url(url):
    assert GuardianSpider().canonical_url(url) == DCR_URL


def test_guardian_co_uk_articles_keep_their_path_on_the_new_domain():
    assert GuardianSpider().canonical_url("http://www.guardian.co.uk/world/2012/jul/05/higgs-boson") == \
        "https://www.theguardian.com/world/2012/jul/05/higgs-boson"


@pytest.mark.parametrize(("url", "is_article"), [
    (DCR_URL, True),
    ("https://www.theguardian.com/commentisfree/2019/nov/18/the-guardian-view-on-bus-fares", True),
    ("https://www.theguardian.com/books/booksblog/2024/mar/01/what-to-read", True),  # a series
    ("https://www.theguardian.com/world/live/2024/mar/02/news-live", False),
    ("https://www.theguardian.com/world/gallery/2024/mar/02/pictures", False),
    ("https://www.theguardian.com/world/video/2024/mar/02/clip", False),
    ("https://www.theguardian.com/news/audio/2024/mar/01/today-in-focus", False),
    ("https://www.theguardian.com/uk/scotland", False),
    ("https://www.theguardian.com/profile/ailsa-mcneil", False),
])
def test_article_urls(url, is_article):
    assert GuardianSpider().is_article_url(url) is is_article


def test_feed_items_become_article_requests():
    spider = GuardianSpider(base_url="http://127.0.0.1:8123")
    feed = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>UK news | The Guardian</title>'
            b"<item><title>Lighthouse</title><link>" + DCR_URL.encode() + b"</link>"
            b"<pubDate>Sat, 02 Mar 2024 07:05:11 GMT</pubDate></item>"
            b"<item><title>Live</title><link>https://www.theguardian.com/uk-news/live/2024/mar/02/politics-live</link></item>"
            b"<item><title>Same, AMP</title><link>https://amp.theguardian.com/uk-news/2024/mar/02/lighthouse-keepers-return-remote-island</link></item>"
            b"</channel></rss>")
    response = XmlResponse("http://127.0.0.1:8123/uk-news/rss", body=feed,
                           request=Request("http://127.0.0.1:8123/uk-news/rss"))
    requests = list(spider.parse_feed(response))
    assert [r.url for r in requests] == [
        "http://127.0.0.1:8123/uk-news/2024/mar/02/lighthouse-keepers-return-remote-island"]
    assert requests[0].meta["canonical"] == DCR_URL
