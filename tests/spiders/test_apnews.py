import pytest
from scrapy.http import HtmlResponse, Request, XmlResponse

from spiders.apnews import APNewsSpider
from tests.helpers import parse_fixture

ARTICLE_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"




def test_story_page_2024():
    article = parse_fixture("apnews", "story-page-2024", f"https://apnews.com/article/maine-sea-wall-vote-{ARTICLE_ID}")
    assert article.url == f"https://apnews.com/article/{ARTICLE_ID}"
    # The story's headline, not the longer display headline of the <h1>.
    assert article.title == "Harbor town votes to rebuild its sea wall"
    # Subheadings stay; ads, related-coverage lists, info boxes, embeds, photos and the
    # contributor line after "___" go.
    assert article.body == (
        "STONEHAVEN, Maine (AP) — Voters in Stonehaven agreed on Tuesday to rebuild the sea wall"
        " that winter storms broke twice."
        "\n\nThe vote was 812 to 301, the town clerk said."
        "\n\nWhat the wall will cost"
        "\n\nEngineers put the cost at $14 million, most of it from a state grant."
        "\n\n“We can’t wait for a third storm,” said harbor master Ellen Park.")
    # No standfirst: no summary (the page's description restates the lead).
    assert article.summary is None
    assert article.authors == ["JANE ROE", "JOHN DOE"]
    assert article.published_at == "2024-09-03T04:03:19Z"
    assert article.modified_at == "2024-09-03T13:11:33Z"
    assert article.section == "Climate"
    assert article.tags == ["Maine", "Climate"]
    assert article.image_url.startswith("https://dims.apnews.com/dims4/default/abc1234/")
    # The first photo of the lead carousel, not the video before it.
    assert article.image_caption == "Waves break over the sea wall in Stonehaven, Maine, Jan. 10, 2024. (AP Photo/Sam Fisher)"
    assert article.language == "en"
    assert article.word_count == len(article.body.split())


def test_react_app_2023():
    article = parse_fixture("apnews", "react-app-2023", "https://apnews.com/article/chile-copper-exports-1a2b3c4d5e6f708192a3b4c5d6e7f809")
    assert article.url == "https://apnews.com/article/1a2b3c4d5e6f708192a3b4c5d6e7f809"
    assert article.title == "Chile's copper exports rose 2.1% in March"
    assert article.body == (
        "SANTIAGO, Chile (AP) — Chile’s copper exports rose 2.1% in March from a year earlier,"
        " the central bank said Friday."
        "\n\nThe bank said higher prices offset a 1.4% drop in shipped volume."
        "\n\nCopper makes up about half of Chile’s exports.")
    assert article.summary is None  # AP prints no standfirst
    assert article.authors == ["Associated Press"]
    assert article.published_at == "2023-04-28T17:40:08Z"
    assert article.modified_at == "2023-04-28T17:39:55Z"
    assert article.section == "Chile"
    assert article.tags == ["Chile", "Santiago", "Latin America"]
    assert article.image_url == "https://storage.googleapis.com/afs-prod/media/1a2b3c/2000.webp"
    assert article.image_caption == ("Copper cathodes wait for shipping at the port of San Antonio, Chile,"
                                     " Tuesday, April 18, 2023. (AP Photo/Luis Mora)")
    assert article.language == "en"


@pytest.mark.parametrize("url", [
    f"https://apnews.com/article/maine-sea-wall-vote-{ARTICLE_ID}",
    f"https://www.apnews.com/article/maine-sea-wall-vote-{ARTICLE_ID}?utm_source=homepage&utm_medium=TopNews",
    f"https://apnews.com/article/a-new-slug-after-an-update-{ARTICLE_ID}#comments",
    f"https://apnews.com/{ARTICLE_ID}",
    f"https://apnews.com/article/{ARTICLE_ID.upper()}",
    f"http://127.0.0.1:8123/article/maine-sea-wall-vote-{ARTICLE_ID}",
])
def test_one_story_one_canonical_url(url):
    spider = APNewsSpider(base_url="http://127.0.0.1:8123")
    assert spider.canonical_url(url) == f"https://apnews.com/article/{ARTICLE_ID}"


@pytest.mark.parametrize("url, is_article", [
    (f"https://apnews.com/article/maine-sea-wall-vote-{ARTICLE_ID}", True),
    (f"https://apnews.com/{ARTICLE_ID}", True),
    ("https://apnews.com/live/election-2024-updates", False),
    ("https://apnews.com/hub/politics", False),
    ("https://apnews.com/video/maine-sea-wall-8a1b2c3d4e5f", False),
    (f"https://example.com/article/x-{ARTICLE_ID}", False),
])
def test_article_urls(url, is_article):
    assert APNewsSpider().is_article_url(url) is is_article


def test_news_sitemap_keeps_stories_and_drops_live_pages():
    spider = APNewsSpider(base_url="http://127.0.0.1:8123")
    sitemap = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
               b"<url><loc>https://apnews.com/article/maine-sea-wall-vote-" + ARTICLE_ID.encode() + b"</loc>"
               b"<news:news><news:publication_date>2024-09-03T04:03:19Z</news:publication_date></news:news></url>"
               b"<url><loc>https://apnews.com/live/election-2024-updates</loc></url>"
               b"<url><loc>https://apnews.com/article/" + ARTICLE_ID.encode() + b"</loc></url>"
               b"</urlset>")
    url = "http://127.0.0.1:8123/news-sitemap-content.xml"
    requests = list(spider.parse_sitemap(XmlResponse(url, body=sitemap, request=Request(url))))
    assert [r.url for r in requests] == [f"http://127.0.0.1:8123/article/maine-sea-wall-vote-{ARTICLE_ID}"]
    assert requests[0].meta["canonical"] == f"https://apnews.com/article/{ARTICLE_ID}"


def test_hub_pages_list_stories():
    spider = APNewsSpider(base_url="http://127.0.0.1:8123")
    html = (f'<a href="https://apnews.com/article/maine-sea-wall-vote-{ARTICLE_ID}">Sea wall</a>'
            '<a href="https://apnews.com/live/election-2024-updates">Live</a>'
            '<a href="/hub/climate">Climate</a>').encode()
    url = "http://127.0.0.1:8123/hub/politics"
    requests = list(spider.parse_section(HtmlResponse(url, body=html, request=Request(url)), page=1))
    assert [r.url for r in requests] == [f"http://127.0.0.1:8123/article/maine-sea-wall-vote-{ARTICLE_ID}"]
