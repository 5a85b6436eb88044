"""``crawler backfill``: WARC files written here, read through the crawl's own path."""

from __future__ import annotations

import gzip
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.store import Store
from tests.helpers import FIXTURES, run_cli
from tests.sites.presstv import fixture_articles
from tests.sites.processes import kill_hard, start_cli, wait_until
from tests.sites.server import FixtureSite, Route
from tests.sites.settings import settings_env
from tests.sites.warcs import raw_member, response_member, write_warc

FAST = {"PARSE_PROCESSES": 1}
BBC_URL = "https://www.bbc.co.uk/news/articles/c4ferry2026o?at_medium=RSS"
BBC_CANONICAL = "https://www.bbc.com/news/articles/c4ferry2026o"


def presstv_member(article, date, edited=False):
    return response_member("https://www.presstv.ir" + article.path,
                           article.html(edited).encode(), date)


def backfill(*args, env=None):
    return run_cli("backfill", *args, env=settings_env(**{**FAST, **(env or {})}))


def rows(db, table):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {row["url"]: dict(row) for row in conn.execute(f"SELECT * FROM [{table}]")}
    finally:
        conn.close()


def test_sources_mixed_in_one_file_each_get_their_own_records(tmp_path):
    articles = fixture_articles(4)
    bbc_page = (FIXTURES / "bbc" / "blocks-2026.html").read_bytes()
    warc = write_warc(tmp_path / "mixed.warc.gz", [
        presstv_member(articles[0], "2024-05-01T10:00:00Z"),
        response_member(BBC_URL, bbc_page, "2024-05-01T11:00:00Z"),
        presstv_member(articles[1], "2024-05-01T12:00:00Z"),
        presstv_member(articles[0], "2024-05-01T10:00:00Z"),  # the same fetch archived twice
        response_member("https://www.presstv.ir/Section/101", b"<html>listing</html>"),
        response_member("https://elsewhere.example/news/1", b"<html>other site</html>"),
        presstv_member(articles[2], "2024-05-02T09:30:00.123456Z"),
    ])
    db = tmp_path / "news.db"

    result = backfill("presstv", "bbc", "--warc", str(tmp_path / "*.warc.gz"), "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("backfill: 4 new articles"), result.stdout
    presstv = rows(db, "presstv")
    assert set(presstv) == {a.canonical for a in articles[:3]}
    first = presstv[articles[0].canonical]
    assert first["fetched_at"] == first["first_seen_at"] == "2024-05-01T10:00:00Z"
    assert presstv[articles[2].canonical]["fetched_at"] == "2024-05-02T09:30:00Z"
    assert first["warc_file"] == str(warc) and first["warc_offset"] == 0
    assert list(rows(db, "bbc")) == [BBC_CANONICAL]
    store = Store(db)
    run = store.last_run("presstv")
    assert run["status"] == "ok" and run["options"]["warc"] == [str(warc)]
    assert run["dropped"] == {"duplicate_url": 1}
    assert store.last_run("bbc")["articles_new"] == 1


def test_a_live_crawled_article_is_not_doubled_and_only_a_newer_copy_is_a_revision(
        tmp_path, presstv_site, presstv_articles):
    db = tmp_path / "news.db"
    crawl = run_cli("crawl", "presstv", "--db", str(db), "--base-url", presstv_site.url,
                    env=settings_env(**FAST))
    assert crawl.returncode == 0, crawl.stderr
    live = rows(db, "presstv")
    same, older_edit, newer_edit = presstv_articles[:3]
    warc = write_warc(tmp_path / "archive.warc.gz", [
        presstv_member(same, "2030-01-01T00:00:00Z"),  # same text, fetched later
        presstv_member(older_edit, "2020-01-01T00:00:00Z", edited=True),
        presstv_member(newer_edit, "2030-01-01T00:00:00Z", edited=True),
    ])

    result = backfill("presstv", "--warc", str(warc), "--db", str(db))

    assert result.returncode == 0, result.stderr
    after = rows(db, "presstv")
    assert set(after) == set(live)
    assert after[same.canonical]["first_seen_at"] == live[same.canonical]["first_seen_at"]
    assert after[same.canonical]["fetched_at"] == "2030-01-01T00:00:00Z"
    assert after[older_edit.canonical]["body"] == live[older_edit.canonical]["body"]
    assert "Update: the ministry" in after[newer_edit.canonical]["body"]
    store = Store(db)
    assert [r["body"] for r in store.revisions_of("presstv", newer_edit.canonical)] == [
        live[newer_edit.canonical]["body"]]
    assert store.revisions_of("presstv", older_edit.canonical) == []
    run = store.last_run("presstv")
    assert (run["articles_new"], run["articles_updated"], run["articles_unchanged"]) == (0, 1, 1)


UPDATES = ("Update: the ministry later confirmed the figures.",
           "Correction: the harbour reopened on Tuesday, not Monday as reported earlier.",
           "Clarification: officials spoke to reporters at the quay after the vote.")


def version(article, n, long=False):
    """The article's n-th text: each one a revision of the one before; a long one takes a
    parse worker longer than the others."""
    more = "".join(f"<p>Background {k}: {p}</p>" for k in range(800 * long)
                   for p in article.paragraphs()[k % 4:k % 4 + 1])
    return article.html(edited=True).replace(UPDATES[0], UPDATES[n] + more)


@pytest.mark.parametrize("archived, window", [("in date order", 0),
                                              ("out of date order", None)])
def test_copies_of_one_url_processed_concurrently_are_stored_as_in_date_order(
        tmp_path, archived, window):
    articles = fixture_articles(40)
    story, other, rest = articles[0], articles[1], articles[2:]
    copies = [(story, "2024-05-03T00:00:00Z", 2), (story, "2024-05-01T00:00:00Z", 0),
              (story, "2024-05-04T00:00:00Z", 2), (story, "2024-05-02T00:00:00Z", 1),
              (other, "2024-05-02T00:00:00Z", 1), (other, "2024-05-01T00:00:00Z", 0)]
    by_date = sorted(copies, key=lambda copy: copy[1])
    if archived == "in date order":
        copies = by_date

    def member(article, date, n):  # the story's first version is long: parsed last, if let
        return response_member("https://www.presstv.ir" + article.path,
                               version(article, n, long=article is story and n == 0).encode(),
                               date)

    # Other pages first keep the parse workers busy, so the copies are in flight together.
    filler = [presstv_member(a, "2024-04-01T00:00:00Z") for a in rest]
    warc = write_warc(tmp_path / "a" / "copies.warc.gz",
                      filler[:30] + [member(*copy) for copy in copies] + filler[30:])
    serial = write_warc(tmp_path / "b" / "serial.warc.gz", [member(*copy) for copy in by_date])
    db, expected_db = tmp_path / "news.db", tmp_path / "expected.db"
    settings = {"PARSE_PROCESSES": 2, "CONCURRENT_REQUESTS": 32, "STORE_BATCH_SIZE": 3}
    if window is not None:
        settings["WARC_REORDER_WINDOW"] = window

    result = backfill("presstv", "--warc", str(warc), "--db", str(db), env=settings)
    expected = backfill("presstv", "--warc", str(serial), "--db", str(expected_db),
                        env={"PARSE_PROCESSES": 0, "CONCURRENT_REQUESTS": 1})

    assert result.returncode == expected.returncode == 0, result.stderr + expected.stderr
    story_revisions = [r["body"] for r in Store(db).revisions_of("presstv", story.canonical)]
    assert [[update in body for update in UPDATES].index(True)
            for body in story_revisions] == [0, 1]  # the versions it replaced, oldest first
    stored = rows(db, "presstv")
    assert UPDATES[2] in stored[story.canonical]["body"]
    assert stored[story.canonical]["fetched_at"] == "2024-05-04T00:00:00Z"
    assert stored[story.canonical]["first_seen_at"] == "2024-05-01T00:00:00Z"
    assert UPDATES[1] in stored[other.canonical]["body"]
    expected_rows = rows(expected_db, "presstv")
    for url in (story.canonical, other.canonical):
        assert _without_place(stored[url]) == _without_place(expected_rows[url])
    in_store = lambda path: sorted(  # noqa: E731  (ids interleave the two URLs either way)
        (_without_place(r) for r in _revisions(path)), key=lambda r: (r["url"], r["replaced_at"]))
    assert in_store(db) == in_store(expected_db)
    run = Store(db).last_run("presstv")
    assert (run["articles_new"], run["articles_updated"], run["articles_unchanged"]) == (
        len(articles), 3, 1)


def _without_place(row):
    return {k: v for k, v in row.items() if k not in ("warc_file", "warc_offset")}


@pytest.mark.parametrize("compressed", [True, False])
def test_bad_records_are_counted_and_the_rest_of_the_file_is_read(tmp_path, compressed):
    articles = fixture_articles(5)
    good = [presstv_member(a, f"2024-05-0{n + 1}T10:00:00Z") for n, a in enumerate(articles)]
    cut = presstv_member(fixture_articles(8)[7], "2024-05-08T10:00:00Z")
    truncated = cut[:-40] if compressed else gzip.decompress(cut)[:-40]
    uri = "https://www.presstv.ir" + fixture_articles(9)[8].path
    html = b"<html><body><p>x</p></body></html>"
    not_http = raw_member(f"WARC/1.1\nWARC-Type: response\nWARC-Target-URI: {uri}\n"
                          f"WARC-Date: 2024-05-01T00:00:00Z\nContent-Type: text/plain\n"
                          f"Content-Length: {len(html)}\n", html)
    bad_length = raw_member(f"WARC/1.1\nWARC-Type: response\nWARC-Target-URI: {uri}\n"
                            f"WARC-Date: 2024-05-01T00:00:00Z\nContent-Type: application/http; "
                            f"msgtype=response\nContent-Length: 9999\n",
                            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html)
    huge = response_member(uri, b"<html><body>" + b"<p>words words</p>" * 1_200_000 + b"</body>")
    revisit = response_member(uri, b"", record_type="revisit")
    latin = fixture_articles(11)[10]
    latin_page = latin.html().replace("Paragraph 1", "Caf\u00e9 d\u00e9j\u00e0 vu. Paragraph 1")
    legacy = response_member("https://www.presstv.ir" + latin.path,
                             latin_page.replace('charset="utf-8"', 'charset="windows-1252"')
                             .encode("cp1252"), content_type="text/html; charset=windows-1252")
    members = [good[0], truncated, good[1], not_http, good[2], bad_length, revisit, good[3],
               huge, legacy, good[4]]
    expected = {"warc_bad_length": 1, "warc_non_utf8": 1, "warc_not_http": 1,
                "warc_revisit": 1, "warc_too_large": 1, "warc_truncated": 1}
    if compressed:
        warc = write_warc(tmp_path / "bad.warc.gz", members)
    else:  # the same records, not gzipped: a record cut short within the file says more
        # bytes than it has, and one cut by the file's end is truncated
        members = [m if m is truncated else gzip.decompress(m) for m in members]
        members[4:4] = [b"no WARC record here\r\n\r\n"]
        warc = write_warc(tmp_path / "bad.warc", [*members, gzip.decompress(cut)[:-90]])
        expected.update(warc_bad_length=2, warc_unreadable=1)
    db = tmp_path / "news.db"

    result = backfill("presstv", "--warc", str(warc), "--db", str(db))

    assert result.returncode == 0, result.stderr
    stored = rows(db, "presstv")
    assert set(stored) == {a.canonical for a in articles} | {latin.canonical}
    assert "Café déjà vu." in stored[latin.canonical]["body"]
    assert Store(db).last_run("presstv")["error_kinds"] == expected
    assert "Traceback" not in result.stderr


def test_a_killed_backfill_resumes_where_it_stopped_with_nothing_lost_or_doubled(tmp_path):
    articles = fixture_articles(300)
    warc = write_warc(tmp_path / "big.warc.gz", [
        presstv_member(a, "2024-05-01T10:00:00Z") for a in articles])
    db = tmp_path / "news.db"
    env = settings_env(PARSE_PROCESSES=0, STORE_BATCH_SIZE=10, CONCURRENT_REQUESTS=4)
    args = ("backfill", "presstv", "--warc", str(warc), "--db", str(db))

    first = start_cli(*args, env=env)
    wait_until(lambda: _checkpoint(db) > 0, first, "a checkpoint was saved", within=60)
    kill_hard(first)
    stopped_at = _checkpoint(db)
    assert 0 < stopped_at < warc.stat().st_size
    stored_before = len(rows(db, "presstv"))
    last = run_cli(*args, env=env)

    assert last.returncode == 0, last.stderr
    stored = rows(db, "presstv")
    assert set(stored) == {a.canonical for a in articles}
    assert _checkpoint(db) == warc.stat().st_size
    run = Store(db).last_run("presstv")
    assert run["pages_fetched"] < len(articles)  # it read on from the checkpoint
    assert run["articles_new"] == len(articles) - stored_before
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM presstv_fts").fetchone()[0] == len(articles)
    assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 0


def _checkpoint(db) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db, timeout=5)
        row = conn.execute("SELECT offset FROM warc_checkpoints").fetchone()
        conn.close()
        return row[0] if row else 0
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_a_crawls_own_warc_rebuilds_the_same_table_in_a_fresh_database(
        tmp_path, presstv_site, presstv_articles):
    archive, db = tmp_path / "warc", tmp_path / "news.db"
    crawl = run_cli("crawl", "presstv", "--db", str(db), "--base-url", presstv_site.url,
                    env=settings_env(WARC_DIR=str(archive), WARC_MAX_SIZE=20_000, **FAST))
    assert crawl.returncode == 0, crawl.stderr
    files = sorted(archive.glob("*.warc.gz"))
    assert len(files) > 1  # rotated by size
    live = rows(db, "presstv")
    assert all(row["warc_file"] in map(str, files) for row in live.values())

    fresh = tmp_path / "rebuilt.db"
    result = backfill("presstv", "--warc", str(archive / "*.warc.gz"), "--db", str(fresh),
                      "--base-url", presstv_site.url)  # the archive has the mirror's URLs

    assert result.returncode == 0, result.stderr
    assert rows(fresh, "presstv") == live
    with gzip.open(files[0]) as first:
        head = first.read(4000)
    assert b"WARC/1.1" in head and b"WARC-Type: request" in head
    assert b"WARC-Payload-Digest: sha1:" in head


def test_cc_news_lists_the_months_files_and_streams_those_of_the_days(tmp_path):
    articles = fixture_articles(4)
    day_files = {
        "crawl-data/CC-NEWS/2024/01/CC-NEWS-20240110000000-00001.warc.gz": articles[:1],
        "crawl-data/CC-NEWS/2024/01/CC-NEWS-20240120000000-00002.warc.gz": articles[1:2],
        "crawl-data/CC-NEWS/2024/02/CC-NEWS-20240205000000-00003.warc.gz": articles[2:3],
        "crawl-data/CC-NEWS/2024/02/CC-NEWS-20240225000000-00004.warc.gz": articles[3:],
    }
    routes = {}
    for path, items in day_files.items():
        routes["/" + path] = Route(200, b"".join(presstv_member(a, "2024-01-10T00:00:00Z")
                                                 for a in items))
    for month in ("01", "02"):
        listing = "\n".join(p for p in day_files if f"/2024/{month}/" in p) + "\n"
        routes[f"/crawl-data/CC-NEWS/2024/{month}/warc.paths.gz"] = Route(
            200, gzip.compress(listing.encode()))
    db = tmp_path / "news.db"
    with FixtureSite(tmp_path, routes) as site:
        result = backfill("presstv", "--cc-news", "2024-01-15..2024-02-10", "--db", str(db),
                          env={"CC_NEWS_BASE_URL": site.url})
        hits = dict(site.hits)

    assert result.returncode == 0, result.stderr
    assert set(rows(db, "presstv")) == {articles[1].canonical, articles[2].canonical}
    assert hits == {"/crawl-data/CC-NEWS/2024/01/warc.paths.gz": 1,
                    "/crawl-data/CC-NEWS/2024/02/warc.paths.gz": 1,
                    "/crawl-data/CC-NEWS/2024/01/CC-NEWS-20240120000000-00002.warc.gz": 1,
                    "/crawl-data/CC-NEWS/2024/02/CC-NEWS-20240205000000-00003.warc.gz": 1}
    warc_files = Store(db).last_run("presstv")["options"]["warc"]
    assert [url.rsplit("/", 1)[1] for url in warc_files] == [
        "CC-NEWS-20240120000000-00002.warc.gz", "CC-NEWS-20240205000000-00003.warc.gz"]


def test_an_adhoc_source_by_domain(tmp_path):
    page = (b"<html><head><title>Harbour reopens</title><meta property=\"article:published_time"
            b"\" content=\"2024-05-01T08:00:00Z\"></head><body><article><h1>Harbour "
            b"reopens</h1>" + b"<p>The harbour reopened on Monday after repairs to the pier "
            b"and the quay, officials said in a statement to reporters.</p>" * 6
            + b"</article></body></html>")
    warc = write_warc(tmp_path / "a.warc.gz", [
        response_member("https://www.harbour.example/news/harbour-reopens", page),
        response_member("https://www.presstv.ir" + fixture_articles(1)[0].path, b"<p>x</p>")])
    db = tmp_path / "news.db"

    result = backfill("--name", "harbour", "--domain", "harbour.example", "--warc", str(warc),
                      "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert list(rows(db, "harbour")) == ["https://harbour.example/news/harbour-reopens"]


def test_bad_arguments_say_so_in_one_line_and_create_nothing(tmp_path):
    db = tmp_path / "news.db"
    for args in (("presstv", "--warc", str(tmp_path / "missing.warc.gz")),
                 ("presstv", "--warc", str(tmp_path / "*.warc.gz")),
                 ("presstv",),
                 ("presstv", "--cc-news", "2024-03-01..2024-01-01"),
                 ("nosuchsource", "--warc", str(tmp_path))):
        result = backfill(*args, "--db", str(db))
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_url_is_streamed_and_read_on_from_its_checkpoint(tmp_path):
    articles = fixture_articles(3)
    members = [presstv_member(a, "2024-05-01T10:00:00Z") for a in articles]
    db = tmp_path / "news.db"
    with FixtureSite(tmp_path, {"/a.warc.gz": Route(200, b"".join(members))}) as site:
        url = site.url + "/a.warc.gz"
        store = Store(db)
        store.save_warc_checkpoints("presstv", {url: len(members[0])}, "2024-05-01T00:00:00Z")
        store.close()  # as a killed backfill left it: the first record done
        result = backfill("presstv", "--warc", url, "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert set(rows(db, "presstv")) == {a.canonical for a in articles[1:]}
    assert Store(db).warc_checkpoint("presstv", url) == sum(map(len, members))


class HeldWarc:
    """A server on 127.0.0.1 that sends the first ``split`` bytes of ``body`` at once, and the
    rest only once ``go`` is set (a slow archive), then hangs up."""

    def __init__(self, body: bytes, split: int):
        self.go = threading.Event()
        held = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:split])
                self.wfile.flush()
                held.go.wait(60)
                self.wfile.write(body[split:])

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/a.warc.gz"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.go.set()
        self.server.shutdown()
        self.server.server_close()


def test_what_was_read_of_a_slow_url_is_stored_while_the_rest_is_waited_for(tmp_path):
    articles = fixture_articles(6)
    members = [presstv_member(a, "2024-05-01T10:00:00Z") for a in articles]
    db = tmp_path / "news.db"
    server = HeldWarc(b"".join(members), split=sum(map(len, members[:3])))
    try:
        child = start_cli("backfill", "presstv", "--warc", server.url, "--db", str(db),
                          env=settings_env(STORE_BATCH_SIZE=1, WARC_REORDER_WINDOW=0, **FAST))
        # While the server holds the rest back, the first three get stored.
        deadline = time.monotonic() + 30
        while len(_stored_urls(db)) < 3 and time.monotonic() < deadline:
            assert child.poll() is None, child.communicate()
            time.sleep(0.05)
        stored_while_held = _stored_urls(db)
        server.go.set()
        out, err = child.communicate(timeout=60)
    finally:
        server.close()

    assert stored_while_held == {a.canonical for a in articles[:3]}
    assert child.returncode == 0, err
    assert _stored_urls(db) == {a.canonical for a in articles}


def test_a_url_whose_connection_breaks_is_counted_and_read_on_from_there_next_time(tmp_path):
    articles = fixture_articles(4)
    members = [presstv_member(a, "2024-05-01T10:00:00Z") for a in articles]
    body, split = b"".join(members), sum(map(len, members[:2]))
    db = tmp_path / "news.db"
    with FixtureSite(tmp_path, {"/a.warc.gz": Route(200, body, truncate_at=split + 10)}) as site:
        url = site.url + "/a.warc.gz"
        result = backfill("presstv", "--warc", url, "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert _stored_urls(db) == {a.canonical for a in articles[:2]}
    store = Store(db)
    assert store.last_run("presstv")["error_kinds"] == {"warc_unreadable": 1}
    assert store.warc_checkpoint("presstv", url) == split


def _stored_urls(db) -> set[str]:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return {row[0] for row in conn.execute("SELECT url FROM presstv")}
        finally:
            conn.close()
    except sqlite3.OperationalError:  # no database or table yet
        return set()


def test_an_edit_archived_by_two_crawls_rebuilds_the_same_revisions(tmp_path):
    from tests.sites.newsroom import ConditionalSite, Newsroom
    newsroom = Newsroom(tmp_path / "site", archived=3, recent=2)
    archive, db, fresh = tmp_path / "warc", tmp_path / "news.db", tmp_path / "rebuilt.db"
    # Every young article is fetched again on the second crawl.
    env = settings_env(WARC_DIR=str(archive), REVISIT_INTERVAL_HOURS=0,
                       AUTOTHROTTLE_ENABLED=False, **FAST)
    with ConditionalSite(tmp_path / "site") as site:
        for step in ("first", "after the edit"):
            if step == "after the edit":
                time.sleep(1)  # fetch times are in seconds: the edit is fetched later
                newsroom.edit(newsroom.recent[0], "edited")
            crawl = run_cli("crawl", "presstv", "--db", str(db), "--base-url", site.url,
                            env=env)
            assert crawl.returncode == 0, crawl.stderr
        base_url = site.url

    # Concurrently, with two parse workers: copies of one URL still reach the store in order.
    result = backfill("presstv", "--warc", str(archive / "*.warc.gz"), "--db", str(fresh),
                      "--base-url", base_url, env={"PARSE_PROCESSES": 2})

    assert result.returncode == 0, result.stderr
    assert rows(fresh, "presstv") == rows(db, "presstv")
    live, rebuilt = _revisions(db), _revisions(fresh)
    assert [r["url"] for r in live] == [newsroom.recent[0].canonical]
    assert rebuilt == live
    assert live[0]["warc_file"] and live[0]["warc_offset"] is not None  # the old version's bytes


def _revisions(db):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [{k: row[k] for k in row.keys() if k != "id"}
                for row in conn.execute("SELECT * FROM revisions ORDER BY id")]
    finally:
        conn.close()


def test_the_sources_of_one_backfill_fetch_a_url_once_and_a_locked_one_holds_up_none(tmp_path):
    from crawler.run.locks import SourceLock
    from crawler.warc.shared import HOLD

    articles = fixture_articles(HOLD + 8)  # more than is held for a source that never comes
    bbc_page = (FIXTURES / "bbc" / "blocks-2026.html").read_bytes()
    members = [presstv_member(a, "2024-05-01T10:00:00Z") for a in articles]
    members.insert(HOLD + 4, response_member(BBC_URL, bbc_page, "2024-05-01T11:00:00Z"))
    db = tmp_path / "news.db"
    with FixtureSite(tmp_path, {"/a.warc.gz": Route(200, b"".join(members))}) as site:
        url = site.url + "/a.warc.gz"
        both = backfill("presstv", "bbc", "--warc", url, "--db", str(db))
        fetched_for_both = site.hits["/a.warc.gz"]
        lock = SourceLock(db.parent / "locks", "presstv").acquire()  # another run has it
        try:
            other = tmp_path / "other.db"
            locked = backfill("presstv", "bbc", "--warc", url, "--db", str(other))
        finally:
            lock.release()

    assert both.returncode == 0, both.stderr
    assert fetched_for_both == 1
    assert set(rows(db, "presstv")) == {a.canonical for a in articles}
    assert list(rows(db, "bbc")) == [BBC_CANONICAL]
    assert locked.returncode == 75, locked.stderr  # presstv was locked; bbc read the file
    assert list(rows(other, "bbc")) == [BBC_CANONICAL]
    assert Store(other).warc_checkpoint("bbc", url) == sum(map(len, members))
