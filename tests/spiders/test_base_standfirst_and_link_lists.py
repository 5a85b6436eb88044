"""spiders/base.py: ``summary_opens_body`` and ``LINK_LISTS``, on a made-up source."""

from scrapy.http import HtmlResponse

from spiders.base import LINK_LISTS, NewsSpider


class LeadSpider(NewsSpider):
    name = "lead_test"
    origin = "https://news.example"
    selectors = {"title": "h1", "summary": "article p.lead", "body": "article"}
    summary_opens_body = True
    body_exclude = (LINK_LISTS,)


def _article(body: str):
    html = ('<html><head><meta name="description" content="Written for search engines."></head>'
            f"<body><h1>T</h1><article>{body}</article></body></html>")
    return LeadSpider().build_article(HtmlResponse("https://news.example/a", body=html.encode()))


def test_a_standfirst_opening_the_body_is_the_summary_only():
    article = _article('<p class="lead">The <b>lead</b>  line.</p><p>Second.</p>')
    assert article.summary == "The lead line."
    assert article.body == "Second."


def test_a_summary_match_further_down_is_no_standfirst():
    article = _article('<p>First.</p><p class="lead">Looks like a lead.</p>')
    assert article.summary is None  # nor the metadata's description
    assert article.body == "First.\n\nLooks like a lead."


def test_link_lists_go_and_bullet_points_stay():
    article = _article('<p class="lead">Lead.</p>'
                       '<ul><li><a href="/x">Another story</a></li><li> <a href="/y">One more</a> </li></ul>'
                       '<ul><li>Point one, <a href="/z">with a link</a></li><li>Point two</li></ul>'
                       '<ol><li><p><a href="/w">Numbered story link</a></p></li></ol>')
    assert article.body == "Point one, with a link\n\nPoint two"
