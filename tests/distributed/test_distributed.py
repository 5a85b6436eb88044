"""Distributed crawls: workers on a real redis-server, one writer, a real SQLite file."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import redis

from crawler.distributed.crawl import SharedCrawl
from crawler.store import Store
from tests.helpers import REPO, run_cli
from tests.sites.settings import settings_env

FAST = settings_env(AUTOTHROTTLE_ENABLED=False)  # the fixture site needs no politeness

WHEN_FETCHED = ("fetched_at", "first_seen_at")  # the only columns two crawls may differ in


def start_worker(site, db, url, env=FAST) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "presstv", "--base-url", site.url,
         "--db", str(db), "--redis", url],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **env})


def table(db) -> dict[str, dict]:
    return {row["url"]: {key: value for key, value in row.items() if key not in WHEN_FETCHED}
            for row in Store(db).articles("presstv")}


def hold_article_pages(site, gate: threading.Event) -> None:
    """The site answers article pages only once ``gate`` is set."""
    serve = site._file_route

    def held(path):
        if "/Detail/" in path:
            gate.wait()
        return serve(path)
    site._file_route = held


def wait_for(condition, what: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_two_workers_and_a_writer_store_what_one_process_does(presstv_site, redis_url, tmp_path):
    single = tmp_path / "single.db"
    assert run_cli("crawl", "presstv", "--base-url", presstv_site.url,
                   "--db", str(single), env=FAST).returncode == 0
    presstv_site.hits.clear()

    shared = tmp_path / "shared" / "news.db"
    gate = threading.Event()  # else on a busy machine one worker can finish before the other joins
    hold_article_pages(presstv_site, gate)
    server = redis.Redis.from_url(redis_url)
    workers = [start_worker(presstv_site, shared, redis_url) for _ in range(2)]
    wait_for(lambda: any(server.scard(key) == 2
                         for key in server.keys("newscrawler:crawl:presstv:*:workers")),
             "both workers in the crawl")
    gate.set()
    queued = 0
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert "Traceback" not in err and "pages/s" not in err  # no terminal, no progress line
        queued += int(re.match(r"crawl: (\d+) articles queued for the writer", out).group(1))
    assert queued == 21
    # The workers wrote no article: the writer does.
    assert Store(shared).count_articles("presstv") == 0
    writer = run_cli("store", "--redis", redis_url, "--db", str(shared), "--drain")
    assert writer.returncode == 0, writer.stderr
    assert writer.stdout.startswith("store: +21 new")

    assert table(shared) == table(single)
    # Seeded once: every start point was fetched once, whichever worker fetched it.
    assert presstv_site.hits["/rss.xml"] == 1
    assert presstv_site.hits["/Section/101"] == 1
    # The finished crawl left nothing behind in Redis but the site's throttle, which expires.
    server = redis.Redis.from_url(redis_url)
    assert [key for key in server.keys("*") if not key.startswith(b"newscrawler:throttle:")] == []
    assert all(server.pttl(key) > 0 for key in server.keys("newscrawler:throttle:*"))


def test_a_killed_worker_loses_nothing(presstv_site, redis_url, tmp_path):
    # Article pages hang until the first worker is dead, so it dies holding requests.
    gate = threading.Event()
    hold_article_pages(presstv_site, gate)
    db = tmp_path / "news.db"
    server = redis.Redis.from_url(redis_url)

    doomed = start_worker(presstv_site, db, redis_url)
    wait_for(lambda: any("/Detail/" in path for path in presstv_site.hits), "an article request")
    taken = server.keys("newscrawler:crawl:presstv:*:taken:*")
    assert taken and server.llen(taken[0]) > 0  # requests in flight
    # Every key of the crawl expires, should no worker be left to delete it.
    assert -1 not in [server.ttl(key) for key in server.keys("newscrawler:crawl:*")]
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    gate.set()

    survivor = start_worker(presstv_site, db, redis_url)
    out, err = survivor.communicate(timeout=120)
    assert survivor.returncode == 0, err
    writer = run_cli("store", "--redis", redis_url, "--db", str(db), "--drain")
    assert writer.returncode == 0, writer.stderr

    rows = table(db)
    assert len(rows) == 21  # the single-process crawl's count (test_cli_crawl.NORMAL_RUN)
    assert all(row["title"] and row["body"] for row in rows.values())
    assert server.keys("newscrawler:crawl:*") == []
    assert not server.exists("newscrawler:items", "newscrawler:items:processing")


def test_workers_join_one_crawl_which_only_one_seeds(redis_url):
    first, second = (SharedCrawl(redis_url, "presstv", ttl=60) for _ in range(2))
    assert first.crawl_id == second.crawl_id
    assert [first.claim_seed(), second.claim_seed()] == [True, False]
    assert first.queue_if_new("fp1", b"request 1") and not second.queue_if_new("fp1", b"again")
    first.leave(finished=True)
    assert second.server.exists(second.keys["queue"])  # a worker is still in the crawl
    assert second.take() == b"request 1"
    second.leave(finished=True)
    server = redis.Redis.from_url(redis_url)
    assert server.keys("*") == []
    # The next worker starts the next crawl, and seeds it.
    third = SharedCrawl(redis_url, "presstv", ttl=60)
    assert third.crawl_id != first.crawl_id and third.claim_seed()


def test_a_dead_workers_requests_go_back_to_the_queue(redis_url):
    doomed, survivor = (SharedCrawl(redis_url, "presstv", ttl=60) for _ in range(2))
    doomed.queue_if_new("fp1", b"request 1")
    assert doomed.take() == b"request 1" and survivor.take() is None
    assert survivor.others_busy()  # the doomed worker may still queue more
    doomed.server.close()  # its connection gone, as when its process is killed
    assert not survivor.others_busy()
    assert survivor.recover_dead_workers() == 1
    assert survivor.take() == b"request 1"


def test_a_killed_writer_leaves_its_batch_to_the_next(tmp_path, redis_url):
    """A batch taken but not acknowledged is stored by the next writer, once."""
    server = redis.Redis.from_url(redis_url)
    article = {"source": "presstv", "url": "https://www.presstv.ir/Detail/2024/05/01/1/A",
               "title": "A", "body": "Some text.", "content_hash": "h1",
               "fetched_at": "2024-05-01T00:00:00Z"}
    server.lpush("newscrawler:items:processing", json.dumps({"crawl": "c1", "article": article}))
    server.lpush("newscrawler:items", json.dumps({"crawl": "c1", "article": article}))
    server.lpush("newscrawler:items", b"not json")  # set aside, so it cannot block the queue
    db = tmp_path / "news.db"
    result = run_cli("store", "--redis", redis_url, "--db", str(db), "--drain")
    assert result.returncode == 0, result.stderr
    assert Store(db).count_articles("presstv") == 1
    assert "+1 new" in result.stdout and "1 dropped" in result.stdout  # the same URL twice
    assert server.llen("newscrawler:items:processing") == 0
    assert server.lrange("newscrawler:items:unreadable", 0, -1) == [b"not json"]
    assert "1 unreadable" in result.stderr


def test_one_writer_at_a_time_and_sigterm_stops_it(tmp_path, redis_url):
    server = redis.Redis.from_url(redis_url)
    first = subprocess.Popen([sys.executable, "-m", "crawler", "store", "--redis", redis_url,
                              "--db", str(tmp_path / "a" / "news.db")], cwd=REPO, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: server.get("newscrawler:writer"), "the first writer")
    same_file = run_cli("store", "--redis", redis_url, "--db", str(tmp_path / "a" / "news.db"))
    assert same_file.returncode == 75 and "writer is locked by pid" in same_file.stderr
    # Another database, same Redis: it would take (and acknowledge) the first one's items.
    same_redis = run_cli("store", "--redis", redis_url, "--db", str(tmp_path / "b" / "news.db"))
    assert same_redis.returncode == 75 and "another writer" in same_redis.stderr
    first.send_signal(signal.SIGTERM)
    out, err = first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert out.startswith("store: +0 new")
    assert server.get("newscrawler:writer") is None


def test_two_workers_together_keep_to_one_site_budget(presstv_site, redis_url, tmp_path):
    delay = 0.15
    # Two requests at a time each, so neither worker can take the whole queue.
    env = settings_env(AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=delay, CONCURRENT_REQUESTS=2)
    db = tmp_path / "news.db"
    gate = threading.Event()  # article pages wait until both workers have joined the crawl
    hold_article_pages(presstv_site, gate)
    server = redis.Redis.from_url(redis_url)
    workers = [start_worker(presstv_site, db, redis_url, env) for _ in range(2)]
    wait_for(lambda: any(server.scard(key) == 2
                         for key in server.keys("newscrawler:crawl:presstv:*:workers")),
             "both workers in the crawl")
    gate.set()
    outs = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        outs.append(out)
    times = presstv_site.request_times()
    assert len(times) > 20
    # The budget is a rate: one request per delay, as one worker alone would send. (Two
    # throttled apart would send twice as many.) Single gaps may be shorter by the time a
    # request takes to reach the server, never a burst.
    assert times[-1] - times[0] >= (len(times) - 1) * delay * 0.95
    window = 20 * delay  # 20 requests' worth, and a tenth more for the way to the server
    assert max(sum(1 for t in times if start <= t < start + window) for start in times) <= 22
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert min(gaps) >= delay / 3, sorted(gaps)[:5]
    # Each worker's runs row, in the writer's file (workers write none themselves).
    assert not Store(db).runs("presstv")
    assert run_cli("store", "--redis", redis_url, "--db", str(db), "--drain").returncode == 0
    shares = [row["pages_fetched"] for row in Store(db).db["runs"].rows]
    assert len(shares) == 2 and all(shares), outs  # both workers fetched


def test_a_site_slot_spaces_workers_and_a_backoff_slows_them_all(redis_url):
    from crawler.distributed.throttle import SiteSlots

    first, second = SiteSlots(redis_url, backoff_ttl=60), SiteSlots(redis_url, backoff_ttl=60)
    assert first.reserve("news.example", 0.5) == 0.0
    assert 0.4 < second.reserve("news.example", 0.5) <= 0.5  # after the first one's request
    assert 0.9 < first.reserve("news.example", 0.5) <= 1.0
    second.back_off("news.example", 3.0)  # a 429 for the second worker
    first.reserve("news.example", 0.5)
    assert 3.9 < second.reserve("news.example", 0.5) <= 4.5  # the first's delay is now 3 s too
    assert first.reserve("other.example", 0.5) == 0.0  # one throttle per site
