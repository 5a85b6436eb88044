import pytest
from scrapy.utils.test import get_crawler

from crawler.items import Article
from spiders.presstv import PressTVSpider


@pytest.fixture
def crawler(tmp_path):
    """A real Scrapy crawler (stats, settings, spider) on a temporary database."""
    crawler = get_crawler(PressTVSpider, {"CRAWLER_DB": str(tmp_path / "news.db")})
    crawler.spider = crawler._create_spider()
    return crawler


def make_article(n: int = 1, **fields) -> Article:
    values = dict(source="presstv", url=f"https://www.presstv.ir/Detail/2024/05/01/{700000 + n}",
                  title=f"Title {n}", body=f"First paragraph of story {n}.\n\nSecond paragraph.",
                  fetched_at="2026-11-26T10:00:00Z", content_hash=f"hash{n}")
    values.update(fields)
    return Article(**values)
