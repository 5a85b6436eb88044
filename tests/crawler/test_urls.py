"""Canonical URLs: however an article is linked, it is stored (and skipped) under one key."""

import pytest

from crawler.urls import canonical_url
from spiders.presstv import PressTVSpider

ORIGIN = "https://www.example.com"
HOSTS = ("example.com", "www.example.com", "m.example.com", "example.co.uk")
STORY = "https://www.example.com/news/a-story"


@pytest.mark.parametrize("linked", [
    # tracking parameters, in any case
    "https://www.example.com/news/a-story?utm_source=twitter&utm_medium=social&utm_campaign=x",
    "https://www.example.com/news/a-story?fbclid=IwAR0abc",
    "https://www.example.com/news/a-story?gclid=Cj0K&msclkid=1&mc_cid=2&mc_eid=3",
    "https://www.example.com/news/a-story?UTM_Source=newsletter",
    # fragments and trailing slashes
    "https://www.example.com/news/a-story#comments",
    "https://www.example.com/news/a-story/",
    # AMP variants
    "https://www.example.com/news/a-story/amp",
    "https://www.example.com/news/a-story.amp",
    "https://www.example.com/amp/news/a-story",
    "https://www.example.com/news/a-story?amp=1",
    "https://www.example.com/news/a-story?amp",
    # the source's host aliases, mobile host, scheme and case of the host
    "https://m.example.com/news/a-story",
    "http://example.co.uk/news/a-story/",
    "https://WWW.EXAMPLE.COM/news/a-story",
])
def test_every_variant_gives_the_one_key(linked):
    assert canonical_url(linked, ORIGIN, HOSTS) == STORY


def test_parameters_that_choose_the_page_stay_sorted():
    assert canonical_url("https://www.example.com/story?utm_source=x&page=2&id=7", ORIGIN, HOSTS) == \
        "https://www.example.com/story?id=7&page=2"


def test_a_path_that_merely_contains_amp_is_kept():
    assert canonical_url("https://www.example.com/news/amp-stadium-deal", ORIGIN, HOSTS) == \
        "https://www.example.com/news/amp-stadium-deal"


def test_mobile_and_amp_hosts_of_other_sites_become_www():
    assert canonical_url("https://m.other.org/news/x/") == "https://www.other.org/news/x"
    assert canonical_url("https://amp.other.org/news/x") == "https://www.other.org/news/x"


def test_a_source_with_article_ids_declares_its_own_key():
    spider = PressTVSpider()
    key = "https://www.presstv.ir/Detail/2024/05/01/700001"
    for linked in ("https://presstv.co.uk/detail/2024/5/1/700001/Some-slug?utm_source=x",
                   "https://www.presstv.com/Detail/2024/05/01/700001/Other-slug/#top",
                   "https://www.presstv.ir/Detail/2024/05/01/700001"):
        assert spider.canonical_url(linked) == key


@pytest.mark.parametrize("linked, key", [
    ("https://www.example.com:443/news/a-story", STORY),
    ("https://www.example.com./news/a-story", STORY),
    ("HTTPS://WWW.Example.COM.:443/news/a-story/", STORY),
    ("http://news.example.org:80/", "http://news.example.org/"),
    ("http://news.example.org./a", "http://news.example.org/a"),
    # not the scheme's default: a different server, kept
    ("https://news.example.org:8443/a", "https://news.example.org:8443/a"),
    ("http://news.example.org:443/a", "http://news.example.org:443/a"),
    ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),
    ("http://[::1]:80/a", "http://[::1]/a"),
])
def test_default_ports_and_trailing_dots_give_the_one_key(linked, key):
    assert canonical_url(linked) == key


def test_a_host_alias_matches_with_a_default_port_or_a_trailing_dot():
    for linked in ("https://example.co.uk.:443/news/a-story", "http://example.com:80/news/a-story"):
        assert canonical_url(linked, ORIGIN, HOSTS) == STORY
