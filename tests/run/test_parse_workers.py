"""The parse workers: the same clean article as parsing and cleaning in the reactor thread,
and no page lost when a worker dies."""

import asyncio

from scrapy.http import HtmlResponse

from crawler.items import stored_fields
from crawler.run.parse_workers import MAX_PENDING, ParsePool
from crawler.similarity import fingerprint
from crawler.extract.clean import CleaningRules, clean_article
from spiders.parser import ArticleParser
from spiders.presstv import PressTVSpider
from tests.helpers import FIXTURES

URL = "https://www.presstv.ir/Detail/2015/10/01/431543/Russia-Syria-Daesh-Abadi-"


def _response(title: str = "") -> HtmlResponse:
    body = (FIXTURES / "presstv" / "seed-article.html").read_bytes()
    return HtmlResponse(URL, body=body.replace(b"Baghdad says", title.encode() or b"Baghdad says"))


def _without_fetch_time(article):
    return {**stored_fields(article), "fetched_at": None}


def _run_with_pool(processes: int, work):
    """``work(pool)``, a coroutine function, run to its end with a fresh pool, closed after."""
    pool = ParsePool([ArticleParser(PressTVSpider)], processes)
    try:
        return pool, asyncio.run(work(pool))
    finally:
        pool.close()


def test_workers_build_the_same_clean_article_as_the_reactor_thread():
    async def parse_many(pool):
        pages = [_response(f"Story {n}:") for n in range(6)]
        return await asyncio.gather(*(pool.build_article("presstv", page) for page in pages))

    _, articles = _run_with_pool(2, parse_many)
    assert [a.title for a in articles] == [
        f"Story {n}: would welcome Russia strikes in Iraq" for n in range(6)]  # in order
    parser = ArticleParser(PressTVSpider)
    in_reactor = clean_article(parser.build_article(_response("Story 0:")), CleaningRules.of(parser))
    assert _without_fetch_time(articles[0]) == _without_fetch_time(in_reactor)
    assert "alternate addresses" not in articles[0].body  # cleaned: the footer is gone
    assert articles[0].cleaned
    # The fingerprint dedupe needs rides on the article.
    assert articles[0].fingerprint == fingerprint(in_reactor.title, in_reactor.body)


def test_a_dead_worker_costs_speed_not_pages():
    async def parse_after_the_worker_died(pool):
        await pool.build_article("presstv", _response())  # connects to the worker
        pool._workers[0].process.kill()
        pool._workers[0].process.join()
        return await pool.build_article("presstv", _response())

    pool, article = _run_with_pool(1, parse_after_the_worker_died)
    assert article.title == "Baghdad says would welcome Russia strikes in Iraq"
    assert not pool._workers[0].alive


def test_pages_sent_before_the_worker_is_connected_come_back_to_their_callers():
    async def many_at_once(pool):
        pages = [_response(f"Page {n}:") for n in range(20)]
        return await asyncio.gather(*(pool.build_article("presstv", page) for page in pages))

    _, articles = _run_with_pool(1, many_at_once)
    assert [a.title.split(":")[0] for a in articles] == [f"Page {n}" for n in range(20)]
    # The worker takes MAX_PENDING at a time; the rest are parsed here, raw, for the clean
    # pipeline to clean, rather than queued with their bodies in memory.
    assert sum(a.cleaned for a in articles) == MAX_PENDING
