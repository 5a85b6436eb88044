"""Politeness on a fixture site on 127.0.0.1: the default rate, Crawl-delay, back-off after
429s, the throttled stop, the User-Agent's contact, proxies.

Request times are the server's own (``FixtureSite.request_times``); the gaps checked are
between consecutive requests of one crawl to one site.
"""

from __future__ import annotations

import pytest
from protego import Protego

from crawler.fetch.throttle import backoff_floor, robots_floor
from crawler.fetch.useragent import user_agent
from crawler.store import Store
from tests.helpers import run_cli
from tests.sites.generic_news import generic_news_site, news_stories
from tests.sites.proxy import LocalProxy
from tests.sites.server import Route
from tests.sites.settings import settings_env

SLACK = 0.05  # the server's clock and the crawler's timers


def gaps(site) -> list[float]:
    times = site.request_times()
    return [later - earlier for earlier, later in zip(times, times[1:])]


def adhoc_crawl(site, db, *args, env=None):
    return run_cli("crawl", "--name", "polite", "--feed", f"{site.url}/feed.xml", "--db", str(db),
                   *args, env=env)


class _Parser:  # what Scrapy's ProtegoRobotParser exposes
    def __init__(self, text):
        self.rp = Protego.parse(text)

    def crawl_delay(self, user_agent):
        return self.rp.crawl_delay(user_agent)


@pytest.mark.parametrize("robots, expected", [
    ("User-agent: *\nCrawl-delay: 2\n", 2.0),
    ("User-agent: *\nRequest-rate: 1/5\n", 5.0),
    ("User-agent: *\nCrawl-delay: 1\nRequest-rate: 3/6\n", 2.0),
    ("User-agent: newscrawler\nCrawl-delay: 7\n\nUser-agent: *\nCrawl-delay: 1\n", 7.0),
    ("User-agent: *\nDisallow: /private\n", 0.0),
])
def test_robots_floor_is_the_slowest_of_crawl_delay_and_request_rate(robots, expected):
    assert robots_floor(_Parser(robots), "newscrawler") == expected


def test_backoff_floor_takes_retry_after_else_doubles_within_bounds():
    assert backoff_floor(1.0, 30.0, 1.0, 60.0) == 30.0
    assert backoff_floor(1.5, None, 1.0, 60.0) == 3.0
    assert backoff_floor(0.0, None, 1.0, 60.0) == 1.0
    assert backoff_floor(1.0, 600.0, 1.0, 60.0) == 60.0
    assert backoff_floor(8.0, 2.0, 1.0, 60.0) == 8.0  # never faster than before


def test_user_agent_carries_the_contact():
    base = "newscrawler/0.1 (+https://example.org/newscrawler; news archiving)"
    assert user_agent(base, None) == base
    assert user_agent(base, "desk@example.org") == (
        "newscrawler/0.1 (+https://example.org/newscrawler; news archiving; "
        "contact: desk@example.org)")
    assert user_agent("bot/1", "me@example.org") == "bot/1 (contact: me@example.org)"


def test_the_defaults_send_at_most_one_request_a_second_to_a_site(tmp_path):
    db = tmp_path / "news.db"
    with generic_news_site(tmp_path / "site", news_stories(3)) as site:
        result = adhoc_crawl(site, db, env={"SCRAPY_SETTINGS_MODULE": "crawler.settings",
                                            "CRAWLER_CONTACT": "desk@example.org"})
    assert result.returncode == 0, result.stderr
    assert Store(db).count_articles("polite") == 2
    spacing = gaps(site)
    assert len(spacing) == 3  # robots.txt, the feed, two articles
    assert min(spacing) >= 1.0 - SLACK, spacing
    assert site.user_agents == {"newscrawler/0.1 (+https://github.com/newscrawler/newscrawler; "
                                "news archiving; contact: desk@example.org)"}


def test_crawl_delay_spaces_every_request_to_the_site(tmp_path):
    db = tmp_path / "news.db"
    with generic_news_site(tmp_path / "site", news_stories(2)) as site:
        (site.root / "robots.txt").write_text("User-agent: *\nCrawl-delay: 2\n")
        result = adhoc_crawl(site, db, env=settings_env())  # fast settings: the site's delay wins
    assert result.returncode == 0, result.stderr
    assert Store(db).count_articles("polite") == 1
    spacing = gaps(site)  # robots.txt, the feed, the article
    assert len(spacing) == 2 and min(spacing) >= 2.0 - SLACK, spacing


def test_a_429_slows_every_later_request_to_the_site(tmp_path):
    db = tmp_path / "news.db"
    stories = news_stories(4)
    with generic_news_site(tmp_path / "site", stories) as site:
        # The feed answers 429 once, asking for a second; its retry gets it, then the articles.
        site.routes["/feed.xml"] = [Route(429, b"slow down", {"Retry-After": "1"}),
                                    site._file_route("/feed.xml")]
        result = adhoc_crawl(site, db, env=settings_env())
        refused_at = site.hit_times["/feed.xml"][0]
    assert result.returncode == 0, result.stderr
    assert Store(db).count_articles("polite") == 3  # nothing lost
    later = [t for t in site.request_times() if t > refused_at]
    spacing = [b - a for a, b in zip([refused_at, *later], later)]
    assert len(spacing) == 4 and min(spacing) >= 1.0 - SLACK, spacing
    record = Store(db).last_run("polite")
    assert record["status"] == "ok"


def test_several_429s_in_a_row_stop_the_run_as_throttled_and_the_next_run_gets_the_rest(tmp_path):
    db = tmp_path / "news.db"
    stories = news_stories(8)
    with generic_news_site(tmp_path / "site", stories) as site:
        refusal = Route(429, b"too many requests", {"Retry-After": "0.1"})
        for story in stories[2:]:
            site.routes[story.path] = refusal
        env = settings_env(CONCURRENT_REQUESTS_PER_DOMAIN=1, THROTTLE_STOP_AFTER=3,
                           RETRY_TIMES=1)
        result = adhoc_crawl(site, db, env=env)
        assert result.returncode == 4, result.stderr
        assert "THROTTLED polite: the site answered 429/503" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        record = Store(db).last_run("polite")
        assert record["status"] == "throttled"
        stored_first = Store(db).count_articles("polite")
        assert stored_first <= 2  # the two the site served before it pushed back
        site.routes.clear()  # the site has recovered
        again = adhoc_crawl(site, db, env=settings_env())
    assert again.returncode == 0, again.stderr
    assert Store(db).count_articles("polite") == 7  # every story of the feed, none twice


def test_a_proxy_setting_sends_every_request_through_the_proxy(tmp_path):
    db = tmp_path / "news.db"
    with generic_news_site(tmp_path / "site", news_stories(3)) as site, LocalProxy() as proxy:
        result = adhoc_crawl(site, db, env=settings_env(PROXY=proxy.url))
    assert result.returncode == 0, result.stderr
    assert Store(db).count_articles("polite") == 2
    assert sorted(proxy.forwarded) == sorted(
        f"{site.url}{path}" for path, count in site.hits.items() for _ in range(count))
    assert f"{site.url}/feed.xml" in proxy.forwarded
