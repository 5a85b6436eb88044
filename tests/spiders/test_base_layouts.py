"""The declarative parsing every source shares (spiders/parser.py), on a made-up source."""

from scrapy.http import HtmlResponse

from spiders.base import NewsSpider
from spiders.parser import ArticleParser

NEW = {"title": "h1.headline", "body": ".story > p, .story > h2"}
OLD = {"title": "h1.old-headline", "body": "div.old-story"}


class TwoLayoutSpider(NewsSpider):
    name = "two_layouts"
    origin = "https://news.example"
    layouts = ((".story", NEW), ("div.old-story", OLD))
    selectors = {"title": "title"}
    body_exclude = (".ad",)


def _build(html: str):
    response = HtmlResponse("https://news.example/a", body=html.encode(), encoding="utf-8")
    return TwoLayoutSpider().build_article(response)


def test_the_first_matching_layout_chooses_the_selectors():
    new = _build('<title>Page</title><h1 class="headline">New</h1><h1 class="old-headline">Old</h1>'
                 '<div class="story"><p>Text.</p></div>')
    old = _build('<title>Page</title><h1 class="old-headline">Old</h1><div class="old-story"><p>Text.</p></div>')
    neither = _build("<title>Page</title><p>Text.</p>")
    assert (new.title, old.title, neither.title) == ("New", "Old", "Page")


def test_a_body_selector_may_match_many_elements_read_in_page_order():
    article = _build('<h1 class="headline">T</h1><div class="story"><p>One.</p><div class="ad"><p>Buy.</p></div>'
                     '<h2>Sub</h2><p>Two <span class="ad">Buy</span>more.</p><aside><p>Other story</p></aside></div>')
    assert article.body == "One.\n\nSub\n\nTwo more."


def test_a_match_inside_another_match_is_read_once():
    parser = ArticleParser(TwoLayoutSpider)
    html = '<div class="box"><div class="box"><p>Once.</p></div><p>Twice?</p></div>'
    response = HtmlResponse("https://news.example/a", body=html.encode(), encoding="utf-8")
    assert parser.extract_body(response, "div.box") == "Once.\n\nTwice?"
