import pytest
from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler.parsing import read_page
from spiders.bbc import BLOCKS_2024, BLOCKS_2026, STORY_BODY, BBCSpider
from tests.helpers import FIXTURES, parse_fixture




def test_2026_blocks_layout():
    article = parse_fixture("bbc", "blocks-2026", "https://www.bbc.co.uk/news/articles/c4ferry2026o?at_medium=RSS&at_campaign=rss")
    assert article.url == "https://www.bbc.com/news/articles/c4ferry2026o"
    assert article.title == "Why do ferries keep running late?"
    assert article.body == (
        "Island ferry services have missed more than a third of their timetabled sailings this year, figures show."
        "\n\nThe operator blames ageing engines and a shortage of crew."
        "\n\nWhat do islanders say?"
        "\n\n\"We plan our week around the timetable,\" one shopkeeper said."
        "\n\nSign-up rules changed in March.")
    # No bold standfirst: a bold paragraph further down stays body, and there is no summary
    # (never the metadata's description).
    assert article.summary is None
    assert article.authors == ["Morag Laird", "Tom Evans"]
    # The first publication date, although the page shows only its latest update.
    assert article.published_at == "2019-03-04T08:15:00Z"
    assert article.modified_at == "2026-04-24T11:16:53Z"
    assert article.tags == ["Ferries", "Scottish islands"]
    assert article.section is None and article.image_caption is None
    assert article.image_url == "https://ichef.bbci.co.uk/news/1024/branded_news/aa11/live/ferry.jpg"
    assert article.language == "en"
    assert article.word_count == len(article.body.split())


def test_2024_blocks_layout_takes_the_bold_standfirst_out_of_the_body():
    article = parse_fixture("bbc", "blocks-2024", "https://www.bbc.com/news/explainers-61234567")
    assert article.title == "Tidal power: What is it and how does it work?"
    assert article.summary == "Tidal power uses the rise and fall of the sea to make electricity."
    # Story links in a list go, a bullet list of the story's own stays; so do subheadings.
    assert article.body == (
        "Britain has some of the biggest tides in the world."
        "\n\nHow does it work?"
        "\n\nTurbines sit on the sea bed and turn as the water flows past."
        "\n\nUnlike wind, the tides can be predicted years ahead."
        "\n\nEngineers list three problems:"
        "\n\nsalt water wears out the blades"
        "\n\nrepairs need calm seas"
        "\n\nWho pays for it?"
        "\n\nThe government guarantees a price for the power for 15 years.")
    assert article.authors == ["BBC News"]  # the newsroom, where the story has no byline
    assert article.published_at == "2023-05-02T09:30:00Z"
    assert article.modified_at == "2024-07-30T15:00:54Z"
    assert article.tags == ["Energy", "Orkney"]
    assert article.image_url == "https://ichef.bbci.co.uk/news/1024/branded_news/1A2B/production/_130000001_tide.jpg"
    assert article.section is None and article.image_caption is None


def test_story_body_layout_until_2022():
    article = parse_fixture("bbc", "story-body-2019", "https://www.bbc.co.uk/news/uk-england-leeds-50123456")
    assert article.url == "https://www.bbc.com/news/uk-england-leeds-50123456"
    # The page's headline, not the shorter one written for search engines and feeds.
    assert article.title == "Library fines scrapped across city"
    assert article.summary == "Borrowers in Leeds will no longer be fined for returning books late, the city council has said."
    assert article.body == (
        "The charges raised less than the cost of collecting them, a spokesman said."
        "\n\nWhat happens to unpaid fines?"
        "\n\nOld fines will be written off, the council said.")
    assert article.authors == ["BBC News"]
    assert article.published_at == "2019-11-19T09:44:09Z"
    assert article.modified_at == "2019-11-19T10:02:00Z"
    assert article.section == "Leeds & West Yorkshire"
    assert article.tags == ["Libraries", "Leeds"]
    assert article.image_url is None and article.image_caption is None


@pytest.mark.parametrize(("fixture", "layout"), [
    ("blocks-2026", BLOCKS_2026), ("blocks-2024", BLOCKS_2024), ("story-body-2019", STORY_BODY)])
def test_each_layout_is_recognised(fixture, layout):
    response = HtmlResponse("https://www.bbc.com/news/x-12345678",
                            body=read_page(FIXTURES / "bbc" / f"{fixture}.html"))
    assert BBCSpider().selectors_for(response) is layout


@pytest.mark.parametrize("url", [
    "https://www.bbc.com/news/articles/clymn8zyrp9o",
    "https://www.bbc.co.uk/news/articles/clymn8zyrp9o?at_medium=RSS&at_campaign=rss",
    "http://bbc.co.uk/news/articles/clymn8zyrp9o#comments",
    "https://www.bbc.co.uk/news/articles/clymn8zyrp9o.amp",
    "https://m.bbc.co.uk/news/articles/clymn8zyrp9o/",
])
def test_one_article_one_canonical_url(url):
    assert BBCSpider().canonical_url(url) == "https://www.bbc.com/news/articles/clymn8zyrp9o"


def test_numbered_articles_and_their_amp_pages():
    spider = BBCSpider()
    for url in ("https://www.bbc.co.uk/news/amp/world-europe-50473792",
                "https://www.bbc.com/news/world-europe-50473792?at_campaign=KARANGA&at_medium=RSS"):
        assert spider.canonical_url(url) == "https://www.bbc.com/news/world-europe-50473792"


@pytest.mark.parametrize(("url", "is_article"), [
    ("https://www.bbc.com/news/articles/clymn8zyrp9o", True),
    ("https://www.bbc.co.uk/news/uk-england-leeds-50123456?at_medium=RSS", True),
    ("https://www.bbc.co.uk/news/amp/world-europe-50473792", True),
    ("https://www.bbc.co.uk/news/av/world-europe-50473792", False),    # video page
    ("https://www.bbc.co.uk/news/live/world-europe-50473792", False),  # live page
    ("https://www.bbc.co.uk/sport/football/articles/c0footb4ll0o", False),
    ("https://www.bbc.co.uk/news/topics/c1vw6q14rzqt", False),
    ("https://www.example.com/news/articles/clymn8zyrp9o", False),
])
def test_article_urls(url, is_article):
    assert BBCSpider().is_article_url(url) is is_article


def test_feed_items_become_article_requests_on_the_base_url():
    spider = BBCSpider(base_url="http://127.0.0.1:8123")
    assert spider.fetch_url("https://feeds.bbci.co.uk/news/world/rss.xml") == \
        "http://127.0.0.1:8123/news/world/rss.xml"
    feed = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>BBC News</title>'
            b"<item><title>A</title><link>https://www.bbc.com/news/articles/c4ferry2026o?at_medium=RSS&amp;at_campaign=rss</link>"
            b'<guid isPermaLink="false">https://www.bbc.com/news/articles/c4ferry2026o#0</guid>'
            b"<pubDate>Fri, 24 Apr 2026 11:16:53 GMT</pubDate></item>"
            b"<item><title>A again</title><link>https://www.bbc.co.uk/news/articles/c4ferry2026o</link></item>"
            b"<item><title>Video</title><link>https://www.bbc.com/news/videos/c5video001o</link></item>"
            b"<item><title>B</title><link>https://www.bbc.co.uk/news/uk-england-leeds-50123456</link></item>"
            b"</channel></rss>")
    response = XmlResponse("http://127.0.0.1:8123/news/rss.xml", body=feed,
                           request=Request("http://127.0.0.1:8123/news/rss.xml"))
    requests = list(spider.parse_feed(response))
    assert [r.url for r in requests] == [
        "http://127.0.0.1:8123/news/articles/c4ferry2026o?at_medium=RSS&at_campaign=rss",
        "http://127.0.0.1:8123/news/uk-england-leeds-50123456"]
    assert [r.meta["canonical"] for r in requests] == [
        "https://www.bbc.com/news/articles/c4ferry2026o",
        "https://www.bbc.com/news/uk-england-leeds-50123456"]
