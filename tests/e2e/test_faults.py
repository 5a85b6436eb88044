"""Faults and bad input: one crawl of a local site where almost every page is a fault.

The run must go on, crash nowhere, store correct Unicode, and count every fault by reason in
its run record. The refusal of private addresses is proven on the middleware and the resolver
themselves: a crawl may only ever connect to 127.0.0.1 (tests/e2e/test_hostile.py and
test_callback_errors.py refuse loopback targets in real crawls).
"""

import asyncio
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError

from crawler.failures import Refused
from crawler.fetch.charsets import choose_encoding
from crawler.fetch.retry_after import retry_after_seconds
from crawler.fetch.safe_targets import SafeResolver, SafeTargetsMiddleware
from crawler.store import Store
from spiders.presstv import PressTVSpider
from tests.helpers import run_cli
from tests.sites.faults import (FAULT_SETTINGS, HALF_PARAGRAPH, RETRY_AFTER, TOO_LONG_RETRY_AFTER,
                                build_fault_site)
from tests.sites.server import FixtureSite
from tests.sites.settings import settings_env

EXPECTED_ERRORS = {
    "empty_body": 1, "binary_body": 1,
    "DownloadCancelledError": 1,  # over DOWNLOAD_MAXSIZE
    "ResponseDataLossError": 1,  # connection cut before Content-Length bytes
    "DownloadTimeoutError": 1,
    "http_404": 1, "http_410": 1, "http_503": 1,  # the 503 asked for an hour: not retried
    "redirect_loop": 1, "unsafe_scheme": 2,  # file:// and ftp://
    "robots_txt": 1, "invalid_feed": 1, "invalid_sitemap": 1,
}


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    """One crawl (a backfill, so the sitemap is read too) of the fault site."""
    tmp = tmp_path_factory.mktemp("faults")
    routes, stored, lost = build_fault_site()
    with FixtureSite(tmp / "site", routes) as site:
        result = run_cli("crawl", "presstv", "--base-url", site.url, "--db", str(tmp / "news.db"),
                         "--since", "2024-01-01", env=settings_env(**FAULT_SETTINGS))
    rows = {row["url"]: row for row in Store(tmp / "news.db").articles("presstv")}
    return result, Store(tmp / "news.db").last_run("presstv"), rows, site, stored, lost


def test_the_run_goes_on_and_ends_ok(fault_crawl):
    result, run, rows, _, stored, _ = fault_crawl
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert run["status"] == "ok"
    assert set(rows) == {page.canonical for page in stored.values()}


def test_each_fault_is_counted_by_reason(fault_crawl):
    _, run, _, _, _, _ = fault_crawl
    assert run["error_kinds"] == EXPECTED_ERRORS
    assert run["errors"] == sum(EXPECTED_ERRORS.values())


@pytest.mark.parametrize("fault", [
    "control", "cp1252_undeclared", "cp1256_wrong_header", "cp1256_undeclared",
    "utf8_bom_wrong_header", "meta_contradicts_header", "cp1256_server_default",
])
def test_text_is_stored_as_exact_unicode_whatever_the_charset_says(fault_crawl, fault):
    _, _, rows, _, stored, _ = fault_crawl
    page = stored[fault]
    row = rows[page.canonical]
    assert (row["title"], row["body"]) == (page.title, page.body)


def test_exact_strings_in_arabic_persian_and_french(fault_crawl):
    _, _, rows, _, stored, _ = fault_crawl
    title = lambda fault: rows[stored[fault].canonical]["title"]  # noqa: E731
    assert title("cp1256_wrong_header") == "وزير الخارجية الإيراني يلتقي نظيره العراقي في بغداد"
    assert title("cp1256_undeclared") == "گزارش‌هاي تازه از پژوهشگران ايراني"
    assert title("meta_contradicts_header") == "گزارش‌های تازه از پژوهشگران ایرانی در مونترال"
    assert title("cp1252_undeclared") == "Café à Zürich : « naïve » déjà-vu — l’été"
    assert "«Université de Montréal»" in rows[stored["meta_contradicts_header"].canonical]["body"]


def test_truncated_markup_is_read_as_far_as_it_goes(fault_crawl):
    _, _, rows, _, stored, _ = fault_crawl
    page = stored["truncated_markup"]
    assert rows[page.canonical]["body"] == page.body + "\n\n" + HALF_PARAGRAPH


def test_retry_after_is_honoured_and_5xx_backs_off(fault_crawl):
    _, _, _, site, stored, lost = fault_crawl
    limited = site.hit_times[stored["retry_after"].path]
    assert len(limited) == 2 and limited[1] - limited[0] >= RETRY_AFTER
    failing = site.hit_times[stored["backoff"].path]
    base = FAULT_SETTINGS["RETRY_BACKOFF_BASE"]
    assert len(failing) == 3
    assert failing[1] - failing[0] >= base and failing[2] - failing[1] >= 2 * base
    # Retry-After beyond RETRY_AFTER_MAX: not retried in this run at all.
    assert site.hits[lost["too_long_wait"].path] == 1


def test_refused_and_forbidden_pages_are_never_fetched_past_the_refusal(fault_crawl):
    _, _, _, site, _, lost = fault_crawl
    assert site.hits[lost["robots"].path] == 0
    assert site.hits[lost["loop"].path] == 1  # the loop stopped at its first repeat
    assert site.hits["/Detail/2024/06/03/900199/loop-back"] == 1
    assert site.hits[lost["oversize"].path] == 1  # a size limit is not retried
    assert site.hits[lost["cut_connection"].path] == 3
    assert site.hits[lost["timeout"].path] == 3  # tried, then retried RETRY_TIMES (2) times


# --- the SSRF guard, on the middleware itself (no crawl may leave 127.0.0.1) -----------------

def guard_for(base_url=None):
    """The guard of a real crawler whose Press TV spider fetches from ``base_url``."""
    crawler = get_crawler(PressTVSpider)
    crawler.spider = crawler._create_spider(base_url=base_url)
    return crawler, SafeTargetsMiddleware.from_crawler(crawler)


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
    "http://10.0.0.1/admin", "http://192.168.1.1/", "http://127.0.0.1:6379/",
    "http://localhost/", "http://[::1]/", "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/",
])
def test_a_public_source_never_reaches_a_private_address(target):
    crawler, guard = guard_for()  # base_url is the real, public origin
    redirect = Response("https://www.presstv.ir/Detail/2024/06/03/1/x", status=302,
                        headers={"Location": target},
                        request=Request("https://www.presstv.ir/Detail/2024/06/03/1/x"))
    with pytest.raises(Refused) as refused:
        asyncio.run(guard.process_response(redirect.request, redirect))
    assert refused.value.reason == "private_address"
    with pytest.raises(Refused):
        asyncio.run(guard.process_request(Request(target)))
    assert crawler.stats.get_value("refused/private_address") == 2


def test_a_public_address_passes_and_a_private_source_may_use_its_own_address_only():
    _, guard = guard_for()
    assert asyncio.run(guard.process_request(Request("http://93.184.215.14/news"))) is None
    crawler, local_guard = guard_for(base_url="http://127.0.0.1:8080")
    assert asyncio.run(local_guard.process_request(Request("http://127.0.0.1:8080/a"))) is None
    for target in ("http://10.0.0.1/mirror", "http://127.0.0.1:6379/", "http://127.0.0.1/",
                   "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/"):
        with pytest.raises(Refused) as refused:
            asyncio.run(local_guard.process_request(Request(target)))
        assert refused.value.reason == "private_address"
    assert crawler.stats.get_value("refused/private_address") == 5
    with pytest.raises(Refused):  # and never another scheme
        asyncio.run(local_guard.process_request(Request("file:///etc/passwd")))


def test_the_resolver_refuses_a_private_answer_for_a_name_no_source_names():
    """Where Scrapy resolves a name to connect (no connection is made to what it answers)."""
    crawler = get_crawler(PressTVSpider)
    crawler.spider = crawler._create_spider(base_url="http://localhost:8080")
    resolver = SafeResolver(reactor=None, cache_size=0, timeout=1,
                            process=SimpleNamespace(crawlers={crawler}))
    assert resolver._checked("127.0.0.1", "localhost") == "127.0.0.1"  # the source's own name
    assert resolver._checked("93.184.215.14", "example.com") == "93.184.215.14"
    for address in ("127.0.0.1", "10.0.0.1", "169.254.169.254", "::1"):
        with pytest.raises(DNSLookupError):  # a public name rebound to a private address
            resolver._checked(address, "news.example.com")
    assert resolver.refused == {"news.example.com": "::1"}


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None
    assert TOO_LONG_RETRY_AFTER > FAULT_SETTINGS["RETRY_AFTER_MAX"]


# --- the charset rules beyond the fault site's pages ------------------------------------------

def page(lang: str, text: str, encoding: str, meta: str = "") -> bytes:
    return f'<html lang="{lang}"><head>{meta}</head><body><p>{text}</p></body></html>'.encode(encoding)


@pytest.mark.parametrize("body, content_type, expected", [
    # A declared encoding of the page's own script is kept, even where windows-1251 would decode.
    (page("ru", "Москва сегодня", "koi8-r"), "text/html; charset=koi8-r", "koi8-r"),
    # A header at odds with the page's language loses to the meta that matches it.
    (page("fr", "Été à Genève", "cp1252", '<meta charset="windows-1252">'),
     "text/html; charset=windows-1256", "cp1252"),
    # Plain ASCII: the declaration stands.
    (page("en", "Talks in Geneva", "ascii"), "text/html; charset=utf-8", "utf-8"),
])
def test_charset_rules(body, content_type, expected):
    assert choose_encoding(body, content_type) == expected
