"""Scrapy's duplicate filter sees discovery requests only: the spider dedupes articles."""

from scrapy import Request

from crawler.fetch.dupefilter import DiscoveryDupeFilter


def test_discovery_requests_are_filtered_and_article_requests_left_to_the_spider():
    seen = DiscoveryDupeFilter()
    feed = Request("http://127.0.0.1:8123/rss.xml", meta={"discovery": True})
    assert not seen.request_seen(feed)
    assert seen.request_seen(feed.replace())
    article = Request("http://127.0.0.1:8123/Detail/1", meta={"article": True})
    assert not seen.request_seen(article)
    assert not seen.request_seen(article.replace())
