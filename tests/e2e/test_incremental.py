"""End to end, cron-style: four crawls of a changing site, each asked for no more than it needs.

1. a backfill stopped after 10 articles (``--max-articles``), as a killed or stopped run;
2. the same backfill again: it finishes, downloading only what run 1 did not store;
3. after one story is published: the new article, a few listings, and 304s;
4. "seven hours later" (fetch times moved back), after one story was edited and one
   trivially edited: the young articles are fetched again, the old ones are not, and only
   the real edit becomes a revision.

The four crawls run once for the module; each test checks one promise.
"""

import sqlite3
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.error import TimeoutError

from crawler.extract.dates import format_utc
from crawler.fetch.conditional import ConditionalDiscoveryMiddleware
from crawler.fetch.drop_stored import DropStoredArticlesMiddleware
from crawler.fetch.stored import SkipStoredArticlesMiddleware
from crawler.store import Store
from tests.helpers import make_article, run_cli
from tests.sites.newsroom import ConditionalSite, Newsroom
from tests.sites.settings import settings_env

SINCE = "2024-01-01"  # walks the sitemaps, as a backfill (and a resumed one) does
# AutoThrottle slows down on every answer but a 200: here, on 304s and 404s, for nothing.
FAST = {"AUTOTHROTTLE_ENABLED": False}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    site_files, db = root / "site", root / "news.db"
    newsroom = Newsroom(site_files, archived=60, recent=3)
    with ConditionalSite(site_files) as site:
        def crawl(*extra, **settings):
            before, not_modified = site.hits.copy(), site.not_modified.copy()
            result = run_cli("crawl", "presstv", "--base-url", site.url, "--db", str(db),
                             "--since", SINCE, *extra, env=settings_env(**FAST, **settings))
            assert result.returncode == 0, result.stderr
            return {"hits": site.hits - before, "not_modified": site.not_modified - not_modified,
                    "rows": _urls(db), "record": Store(db).last_run("presstv")}

        # One request at a time, so that the stop comes before everything is downloaded.
        stopped = crawl("--max-articles", "10", CONCURRENT_REQUESTS=1)
        resumed = crawl()
        published = newsroom.publish()
        after_publish = crawl()
        _move_fetch_times_back(db, hours=7)
        edited, trivial = newsroom.recent[1], newsroom.recent[2]
        newsroom.edit(edited, "edited")
        newsroom.edit(trivial, "trivial")
        after_edits = crawl()
    return {"newsroom": newsroom, "db": db, "published": published, "edited": edited,
            "trivial": trivial, "runs": [stopped, resumed, after_publish, after_edits]}


def test_a_stopped_backfill_resumes_without_downloading_anything_twice(runs):
    stopped, resumed = runs["runs"][:2]
    everything = {article.canonical for article in runs["newsroom"].articles} - {
        runs["published"].canonical}
    assert 10 <= len(stopped["rows"]) < len(everything)
    assert resumed["rows"] == everything
    downloaded_again = [path for path in _article_hits(resumed)
                        if _canonical(path) in stopped["rows"]]
    assert downloaded_again == []
    # Nothing a stopped run saw is trusted: the feeds are read in full again.
    assert not resumed["not_modified"]
    assert resumed["record"]["status"] == "ok"
    assert resumed["record"]["articles_new"] == len(everything) - len(stopped["rows"])


def test_a_run_with_one_new_story_downloads_only_that_story(runs):
    after_publish = runs["runs"][2]
    published = runs["published"]
    assert _article_hits(after_publish) == Counter({published.path: 1})
    assert after_publish["rows"] - runs["runs"][1]["rows"] == {published.canonical}
    assert after_publish["record"]["articles_new"] == 1
    # Changed feed and sitemaps are read (once each); the archive's monthly sitemap, whose
    # lastmod is older than the last complete run, is not even requested.
    hits = after_publish["hits"]
    assert hits["/rss.xml"] == hits["/sitemap.xml"] == hits["/SiteMap/latest.xml"] == 1
    assert hits["/SiteMap/2024-05/sitemap-news-2024-05.xml"] == 0


def test_an_unchanged_feed_costs_one_304(runs):
    after_publish, after_edits = runs["runs"][2:]
    assert after_publish["hits"]["/rss/rss-101.xml"] == 1
    assert after_publish["not_modified"] == Counter({"/rss/rss-101.xml": 1})
    assert "http_304" not in after_publish["record"]["error_kinds"]  # no error: nothing new
    # Edits do not change the front feed's links: it is not modified either.
    assert after_edits["not_modified"]["/rss.xml"] == 1
    assert after_edits["hits"]["/rss.xml"] == 1


def test_young_articles_are_revisited_and_old_ones_never(runs):
    after_edits = runs["runs"][3]
    young = {article.path for article in runs["newsroom"].recent}
    assert set(_article_hits(after_edits)) == young
    assert all(count == 1 for count in _article_hits(after_edits).values())


def test_an_edit_is_one_revision_and_a_trivial_edit_none(runs):
    after_edits, db = runs["runs"][3], runs["db"]
    store = Store(db)
    assert [rev["url"] for rev in store.db["revisions"].rows] == [runs["edited"].canonical]
    revision = store.revisions_of("presstv", runs["edited"].canonical)[0]
    assert "Update:" not in revision["body"]
    current = store.db["presstv"].get(runs["edited"].canonical)
    assert current["body"].endswith("Update: the ministry later confirmed the figures.\n\n12 shares")
    assert current["first_seen_at"] < revision["replaced_at"] == current["fetched_at"]
    record = after_edits["record"]
    assert (record["articles_new"], record["articles_updated"], record["articles_unchanged"]) == (0, 1, 3)
    # The trivially edited article (counter, spacing, title in capitals) keeps its text.
    trivial = store.db["presstv"].get(runs["trivial"].canonical)
    assert trivial["title"] == runs["trivial"].title and "\n\n12 shares" in trivial["body"]


def test_every_stored_article_is_whole_and_indexed(runs):
    conn = sqlite3.connect(runs["db"])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT count(*) FROM presstv").fetchone()[0]
    assert rows == len(runs["newsroom"].articles)
    # Band keys are written in the articles' own transactions: 16 per article, no orphans.
    per_url = conn.execute("SELECT count(*) FROM lsh_bands GROUP BY url").fetchall()
    assert len(per_url) == rows and {count for (count,) in per_url} == {16}


def test_stored_articles_are_revisited_only_while_young_and_not_too_often(crawler):
    store = Store(crawler.settings["CRAWLER_DB"])
    young, recent_fetch, old = _hours_ago(30), _hours_ago(1), "2024-05-01T07:00:00Z"
    store.save_articles("presstv", [
        make_article(1, published_at=young, fetched_at=_hours_ago(7)),  # due
        make_article(2, published_at=young, fetched_at=recent_fetch),   # fetched an hour ago
        make_article(3, published_at=old, fetched_at=_hours_ago(7)),    # too old ever again
        make_article(4, published_at=None, fetched_at=_hours_ago(7)),   # first seen 7 h ago
    ])
    store.record_alias("presstv", make_article(5).url, make_article(1).url, "redirect", young)
    middleware = DropStoredArticlesMiddleware.from_crawler(crawler)

    def downloads(n):
        url = make_article(n).url
        request = Request(url, meta={"article": True, "canonical": url})
        return list(middleware.process_spider_output(None, [request])) == [request]

    assert [downloads(n) for n in (1, 2, 3, 4, 5, 6)] == [True, False, False, True, False, True]
    assert crawler.stats.get_value("articles/revisited") == 2


def test_a_redirect_to_a_stored_article_is_not_downloaded_and_remembered(crawler):
    store = Store(crawler.settings["CRAWLER_DB"])
    store.save_articles("presstv", [make_article(1, published_at="2024-05-01T07:00:00Z")])
    middleware = SkipStoredArticlesMiddleware.from_crawler(crawler)

    def redirected(old: int, new: int) -> Request:
        return Request(make_article(new).url, meta={
            "article": True, "canonical": make_article(old).url,
            "redirect_urls": [make_article(old).url]})

    with pytest.raises(IgnoreRequest):
        middleware.process_request(redirected(7, 1))
    assert middleware.process_request(redirected(8, 9)) is None  # a new article: downloaded
    aliases = {(row["alias"], row["url"]) for row in store.db["aliases"].rows}
    assert aliases == {(make_article(7).url, make_article(1).url),
                       (make_article(8).url, make_article(9).url)}


def test_feeds_are_asked_with_the_validators_a_finished_run_saved(crawler):
    feed, index = "https://www.presstv.ir/rss.xml", "https://www.presstv.ir/sitemap.xml"
    first = ConditionalDiscoveryMiddleware.from_crawler(crawler)
    first.spider_opened(crawler.spider)
    assert first.process_request(_discovery(feed)) is None
    first.process_response(_discovery(feed), Response(feed, headers={
        "ETag": '"v1"', "Last-Modified": "Tue, 26 Nov 2026 08:00:00 GMT"}))
    first.process_response(_discovery(index), Response(index, headers={"ETag": '"i1"'},
                           body=b'<?xml version="1.0"?><sitemapindex xmlns="x"></sitemapindex>'))
    first.spider_closed(crawler.spider, "closespider_itemcount")  # stopped: nothing is kept
    assert Store(crawler.settings["CRAWLER_DB"]).discovery_state("presstv") == {}
    first.spider_closed(crawler.spider, "finished")

    second = ConditionalDiscoveryMiddleware.from_crawler(crawler)
    second.spider_opened(crawler.spider)
    request, index_request = _discovery(feed), _discovery(index)
    second.process_request(request)
    second.process_request(index_request)
    assert request.headers["If-None-Match"] == b'"v1"'
    assert request.headers["If-Modified-Since"] == b"Tue, 26 Nov 2026 08:00:00 GMT"
    assert 304 in request.meta["handle_httpstatus_list"]
    assert b"If-None-Match" not in index_request.headers  # an index is always read in full
    checked = request.meta["discovery_checked_at"][feed]
    assert timedelta(hours=23) < datetime.now(timezone.utc) - checked <= timedelta(hours=25)


def test_a_feed_that_listed_a_failed_article_is_read_in_full_next_time(crawler):
    feeds = [f"https://www.presstv.ir/rss/rss-{sid}.xml" for sid in (101, 102, 103)]
    middleware = ConditionalDiscoveryMiddleware.from_crawler(crawler)
    middleware.spider_opened(crawler.spider)
    for feed in feeds:
        middleware.process_response(_discovery(feed), Response(feed, headers={"ETag": '"v1"'}))
    failed, timed_out, skipped = (
        Request(make_article(n).url, meta={"article": True, "listed_by": feed})
        for n, feed in enumerate(feeds))
    middleware.process_response(failed, Response(failed.url, status=500))
    middleware.process_exception(timed_out, TimeoutError())
    middleware.process_exception(skipped, IgnoreRequest(f"already stored: {skipped.url}"))
    middleware.spider_closed(crawler.spider, "finished")
    assert list(Store(crawler.settings["CRAWLER_DB"]).discovery_state("presstv")) == [feeds[2]]


def test_the_decision_is_one_indexed_query_two_for_an_alias_or_a_new_url(tmp_path):
    store = Store(tmp_path / "news.db")
    store.save_articles("presstv", [make_article(1)])
    alias = make_article(1).url + "-old-slug"
    store.record_alias("presstv", alias, make_article(1).url, "same_content", "2026-11-26T00:00:00Z")
    for url, direct, queries in ((make_article(1).url, True, 1), (alias, False, 2),
                                 (make_article(2).url, None, 2)):
        statements = []
        store.db.conn.set_trace_callback(statements.append)
        state = store.fetch_state("presstv", url)
        store.db.conn.set_trace_callback(None)
        assert len(statements) == queries
        if direct is None:
            assert state is None
        else:
            assert (state["url"], state["direct"]) == (make_article(1).url, direct)
        for statement in statements:
            plan = [step[3] for step in store.db.execute(f"EXPLAIN QUERY PLAN {statement}")]
            assert not [step for step in plan if step.startswith("SCAN")], plan


def test_a_batch_that_fails_midway_leaves_nothing_half_written(tmp_path):
    # What a run killed inside a write leaves: the transaction is rolled back as a whole.
    store = Store(tmp_path / "news.db")
    store.save_articles("presstv", [make_article(1)])
    with pytest.raises(sqlite3.IntegrityError):  # article 2 is inserted, then 1 fails (NOT NULL)
        store.save_articles("presstv", [make_article(2), make_article(1, title=None)])
    assert _urls(tmp_path / "news.db") == {make_article(1).url}
    assert store.db["presstv"].get(make_article(1).url)["body"] == make_article(1).body
    assert store.db["revisions"].count == 0
    assert store.db["lsh_bands"].count == 16


def _article_hits(run) -> Counter:
    return Counter({path: n for path, n in run["hits"].items() if path.startswith("/Detail/")})


def _canonical(path: str) -> str:
    return "https://www.presstv.ir" + path.rsplit("/", 1)[0]


def _discovery(url: str) -> Request:
    return Request(url, meta={"discovery": True, "conditional": True})


def _hours_ago(hours: float) -> str:
    return format_utc(datetime.now(timezone.utc) - timedelta(hours=hours))


def _urls(db) -> set[str]:
    return {row["url"] for row in Store(db).articles("presstv")}


def _move_fetch_times_back(db, hours: int) -> None:
    """Time passes: every article was last fetched ``hours`` earlier than it was."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE presstv SET fetched_at = "
                     "strftime('%Y-%m-%dT%H:%M:%SZ', fetched_at, ?)", [f"-{hours} hours"])
