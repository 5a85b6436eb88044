"""A crawl whose own code fails on some pages and feed entries (tests/sites/fault_spiders.py):
each failure is counted by its exception's class in the run record, with the page's URL in
the log, and every other article of the feed is stored — parsed in the reactor thread or in a
worker process. A parse past PARSE_TIME_LIMIT is abandoned and counted; a worker stuck past it
is replaced. A name that resolves to a private address at connection time is refused there.
"""

import pytest

from crawler.store import Store
from tests.helpers import run_cli
from tests.sites.faults import ENGLISH, Page, html_route
from tests.sites.hostile import _rss
from tests.sites.server import FixtureSite, Route
from tests.sites.settings import settings_env

SETTINGS = {"SPIDER_MODULES": ["spiders", "tests.sites.fault_spiders"],
            "AUTOTHROTTLE_ENABLED": False, "PARSE_TIME_LIMIT": 1, "RETRY_TIMES": 0,
            # One page downloaded and parsed at a time: the "stuck" page then always goes to
            # the worker; on a busy machine, with a full worker queue, it was parsed in the
            # reactor thread, where nothing can stop a parse that signals cannot reach.
            "CONCURRENT_REQUESTS": 1, "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 1}
DATE = "Mon, 03 Jun 2024 10:00:00 +0000"


def faulty(id: int, fault: str) -> tuple[Page, bytes]:
    page = Page(id, f"Lost: the parser fails ({fault})", "Never stored.")
    return page, page.html(meta=f'<meta name="fault" content="{fault}">').encode()


def build_site(faults: list[str]):
    good = [Page(930000 + n, f"{ENGLISH[0]} ({n})", ENGLISH[1]) for n in range(6)]
    bad = [faulty(930100 + n, fault) for n, fault in enumerate(faults)]
    buggy_url = Page(930200, "Lost: canonical_url fails", "Never.", slug="story?bug=1")
    to_localhost = Page(930300, "Lost: redirected to a private name", "Never.")
    routes = {page.path: html_route(page.html().encode()) for page in good}
    routes.update({page.path: html_route(body) for page, body in bad})
    # Good pages around every bad entry: the feed is read past each one.
    entries = [good[0], *(page for pair in zip([p for p, _ in bad], good[1:]) for page in pair),
               buggy_url, *good[len(bad) + 1:], to_localhost]
    routes["/rss.xml"] = Route(200, _rss([(page, DATE) for page in entries]),
                               {"Content-Type": "application/rss+xml"})
    for sid in range(101, 109):
        routes[f"/rss/rss-{sid}.xml"] = Route(200, _rss([(good[0], DATE)]),
                                              {"Content-Type": "application/rss+xml"})
        routes[f"/Section/{sid}"] = html_route(b"<html><body><p>No stories</p></body></html>")
    return routes, good, to_localhost


@pytest.mark.parametrize("processes, faults", [
    (0, ["raise", "loop"]),
    (1, ["raise", "loop", "stuck"]),
])
def test_failures_in_a_callback_are_counted_and_the_rest_is_stored(tmp_path, processes, faults):
    routes, good, to_localhost = build_site(faults)
    with FixtureSite(tmp_path / "site", routes) as site:
        # The same server under a name of the source's that resolves to loopback: the
        # middleware lets it pass (the source's own address and port), the resolver refuses it.
        site.routes[to_localhost.path] = Route.redirect(
            site.url.replace("127.0.0.1", "localhost") + "/Detail/2024/06/03/930000/story")
        result = run_cli("crawl", "buggy", "--base-url", site.url, "--db", str(tmp_path / "n.db"),
                         env=settings_env(PARSE_PROCESSES=processes, **SETTINGS))
    store = Store(tmp_path / "n.db")
    assert "Traceback" not in result.stdout + result.stderr
    stored = {row["url"] for row in store.articles("buggy")}
    assert stored == {page.canonical for page in good}
    run = store.last_run("buggy")
    timeouts = faults.count("loop") + faults.count("stuck")
    assert run["error_kinds"] == {"exception/parse/LookupError": 1, "parse_timeout": timeouts,
                                  "exception/discovery/KeyError": 1, "private_address": 1}
    assert site.hits["/Detail/2024/06/03/930000/story"] == 1  # not again, by the redirect
    log = "".join(path.read_text() for path in (tmp_path / "logs").glob("crawl-*.log"))
    assert f"exception/parse/LookupError: {site.url}/Detail/2024/06/03/930100/story" in log
    assert f"parse_timeout: {site.url}/Detail/2024/06/03/930101/story" in log
