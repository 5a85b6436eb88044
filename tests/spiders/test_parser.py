"""The parser without a spider (spiders/parser.py), and declarations checked when the class is made."""

import pytest
from scrapy.http import HtmlResponse

from crawler.config import ConfigError
from spiders.base import NewsSpider
from spiders.guardian import GuardianSpider
from spiders.parser import ArticleParser
from spiders.presstv import PressTVSpider

PAGE = ('<html><head><meta property="article:tag" content="World news,Science"></head>'
        '<body><div data-gu-name="headline"><h1>Higgs found</h1></div>'
        '<div data-gu-name="body"><div id="maincontent"><p>A boson.</p></div></div></body></html>')


def test_a_source_parses_without_a_spider_its_own_methods_included():
    parser = ArticleParser(GuardianSpider)
    response = HtmlResponse("https://amp.theguardian.com/science/2012/jul/04/higgs?CMP=x",
                            body=PAGE.encode(), encoding="utf-8")
    article = parser.build_article(response)
    assert (article.source, article.title, article.body) == ("guardian", "Higgs found", "A boson.")
    assert article.tags == ["World news", "Science"]  # GuardianSpider.extract_tags, run by the parser
    assert article.url == "https://www.theguardian.com/science/2012/jul/04/higgs"


def test_the_parser_maps_a_mirror_to_the_origin_as_the_spider_does():
    spider = PressTVSpider(base_url="http://127.0.0.1:8123")
    parser = ArticleParser(PressTVSpider, "http://127.0.0.1:8123")
    url = "http://127.0.0.1:8123/Detail/2015/10/01/431543/x"
    assert parser.canonical_url(url) == spider.canonical_url(url) == \
        "https://www.presstv.ir/Detail/2015/10/01/431543"


def test_a_misspelled_selector_key_fails_when_the_class_is_made():
    with pytest.raises(ConfigError, match=r"MisspeltSpider.*no field 'titel'"):
        class MisspeltSpider(NewsSpider):
            name = "misspelt"
            origin = "https://news.example"
            selectors = {"titel": "h1"}


def test_a_misspelled_layout_key_fails_when_the_class_is_made():
    with pytest.raises(ConfigError, match=r"LayoutSpider layout '\.new'.*no field 'bodyy'"):
        class LayoutSpider(NewsSpider):
            name = "layout"
            origin = "https://news.example"
            layouts = ((".new", {"bodyy": ".story"}),)


def test_a_bad_css_selector_fails_when_the_class_is_made():
    with pytest.raises(ConfigError, match=r"BadCssSpider: bad CSS selector"):
        class BadCssSpider(NewsSpider):
            name = "bad_css"
            origin = "https://news.example"
            selectors = {"title": "h1[["}


def test_a_field_method_calling_super_fails_when_the_class_is_made():
    with pytest.raises(TypeError, match=r"SuperSpider\.extract_title: .*instead of super\(\)"):
        class SuperSpider(NewsSpider):
            name = "super"
            origin = "https://news.example"

            def extract_title(self, response, css):
                return super().extract_title(response, css)
