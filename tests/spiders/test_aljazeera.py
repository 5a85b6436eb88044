import pytest
from scrapy.http import Request, XmlResponse

from spiders.aljazeera import AlJazeeraSpider
from tests.helpers import parse_fixture

FLOODS = "https://www.aljazeera.com/news/2024/3/7/floods-cut-the-road-to-tripolis-port"
FERRY = "https://www.aljazeera.com/news/2019/11/ferry-sinks-zanzibar-dozens-rescued-191120070028895.html"




def test_current_layout():
    article = parse_fixture("aljazeera", "current", FLOODS + "?utm_source=rss&utm_medium=rss")
    assert article.url == FLOODS
    assert article.title == "Floods cut the road to Tripoli’s port"
    assert article.summary == "Rescue teams reach villages south of the city as water levels begin to fall."
    # Subheadings stay; ads, "Recommended Stories", photos, the newsletter form and the
    # source line go.
    assert article.body == (
        "Tripoli, Libya – Flood water cut the only road to the port on Thursday, officials said."
        "\n\nThe Libyan Red Crescent said its teams had reached six villages south of the city."
        "\n\nWater levels falling"
        "\n\n“The water is going down, slowly,” said Khaled Salem, a resident."
        "\n\nForecasters expect more rain next week.")
    assert article.authors == ["Sara Haddad", "Omar Ali"]
    assert article.published_at == "2024-03-07T10:31:15Z"
    assert article.modified_at == "2024-03-07T14:02:40Z"
    assert article.section == "News"
    assert article.tags == ["Flood", "Climate Crisis", "Libya"]
    assert article.image_url == "https://www.aljazeera.com/wp-content/uploads/2024/03/flood.jpg"
    assert article.image_caption == "Residents wade through a flooded street in Tripoli, Libya [File: Ahmed Nour/Reuters]"
    assert article.language == "en"
    assert article.word_count == len(article.body.split())


def test_classic_layout_until_2020():
    article = parse_fixture("aljazeera", "classic-2019", FERRY)
    assert article.url == FERRY
    assert article.title == "Ferry sinks off Zanzibar, dozens rescued"
    assert article.summary == ("Coastguard says all 64 passengers were pulled from the water after the ferry"
                               " capsized in rough seas.")
    # The "More:" read-more links and the embedded story card go; the subheading stays.
    assert article.body == (
        "Dar es Salaam, Tanzania: A ferry carrying 64 passengers sank off Zanzibar on Wednesday."
        "\n\n\"Everyone is accounted for,\" the coastguard said."
        "\n\nThe vessel had left Stone Town for Pemba island in the morning."
        "\n\nSafety record"
        "\n\nA ferry disaster in 2011 killed more than 200 people."
        "\n\nOfficials said an inquiry would begin next week.")
    assert article.authors == ["Amina Juma"]
    assert article.published_at == "2019-11-20T08:02:00Z"  # "20 Nov 2019 08:02 GMT"
    assert article.section == "Tanzania"
    assert article.tags == ["Africa", "Tanzania"]
    assert article.image_url == "https://www.aljazeera.com/mritems/Images/2019/11/20/ferry_18.jpg"
    assert article.image_caption == "The ferry capsized 3km off Stone Town [File: Reuters]"
    assert article.language == "en"


@pytest.mark.parametrize("url, canonical", [
    (FLOODS + "?utm_source=rss&utm_medium=rss&utm_campaign=rss", FLOODS),
    (FLOODS + "/", FLOODS),
    ("https://www.aljazeera.com/amp/news/2024/3/7/floods-cut-the-road-to-tripolis-port", FLOODS),
    ("http://aljazeera.com/news/2024/3/7/floods-cut-the-road-to-tripolis-port#comments", FLOODS),
    (FERRY + "?utm_source=website&utm_medium=article_page&utm_campaign=read_more_links", FERRY),
])
def test_canonical_urls(url, canonical):
    assert AlJazeeraSpider().canonical_url(url) == canonical


@pytest.mark.parametrize("url, is_article", [
    (FLOODS, True),
    (FERRY, True),
    ("https://www.aljazeera.com/ajimpact/nasa-moon-shot-191119041538885.html", True),
    ("https://www.aljazeera.com/features/2024/3/7/the-last-fishermen-of-tripoli", True),
    ("https://www.aljazeera.com/video/newsfeed/2024/3/7/floods-in-tripoli", False),
    ("https://www.aljazeera.com/program/inside-story/2024/3/7/what-next-for-libya", False),
    ("https://www.aljazeera.com/news/liveblog/2024/3/7/live-floods", False),
    ("https://www.aljazeera.com/gallery/2024/3/7/photos-floods", False),
    ("https://www.aljazeera.com/where/libya/", False),
])
def test_article_urls(url, is_article):
    assert AlJazeeraSpider().is_article_url(url) is is_article


def test_feed_items_become_article_requests_without_tracking():
    spider = AlJazeeraSpider(base_url="http://127.0.0.1:8123")
    feed = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Al Jazeera</title>'
            b"<item><title>Floods</title><link>" + FLOODS.encode() + b"?utm_source=rss&amp;utm_medium=rss</link>"
            b"<pubDate>Thu, 07 Mar 2024 10:31:15 +0000</pubDate></item>"
            b"<item><title>Video</title><link>https://www.aljazeera.com/video/newsfeed/2024/3/7/floods-in-tripoli?utm_source=rss</link>"
            b"<pubDate>Thu, 07 Mar 2024 09:00:00 +0000</pubDate></item>"
            b"</channel></rss>")
    url = "http://127.0.0.1:8123/xml/rss/all.xml"
    requests = list(spider.parse_feed(XmlResponse(url, body=feed, request=Request(url))))
    assert [r.url for r in requests] == [
        "http://127.0.0.1:8123/news/2024/3/7/floods-cut-the-road-to-tripolis-port?utm_source=rss&utm_medium=rss"]
    assert requests[0].meta["canonical"] == FLOODS
