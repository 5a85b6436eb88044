"""Sources as jobs on two real Scrapyd daemons, one real redis-server, one writer, one record."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
import redis

from benchmarks.local_settings import LOCAL_SERVER
from crawler.distributed.lock import RedisSourceLock, SourceLockHeld
from crawler.distributed.scrapyd import list_jobs, node_for, schedule
from crawler.store import Store
from tests.helpers import REPO, free_port, run_cli
from tests.sites.generic_news import generic_news_site, news_stories
from tests.sites.settings import settings_env

SOURCES = ("news_a", "news_b", "news_c")
# The jobs get the project's own settings from the egg, and these fast ones for the fixture
# sites explicitly (Scrapyd's setting=), as a single crawl gets them from tests/sites/settings.
FAST = {**LOCAL_SERVER, "AUTOTHROTTLE_ENABLED": False}
# What the test session sets for its own children; a Scrapyd daemon must not pass it on.
SESSION_ONLY = ("SCRAPY_SETTINGS_MODULE", "TEST_SETTINGS", "PYTHONPATH")
WHEN = ("fetched_at", "first_seen_at")  # the only article columns two crawls may differ in
RUN_TIMES = ("id", "started_at", "finished_at")
BIN = Path(sys.executable).parent


def wait_for(condition, what: str, limit: float = 60):
    deadline = time.monotonic() + limit
    while not (result := condition()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)
    return result


def test_placement_is_stable_and_a_new_node_takes_only_its_share():
    nodes = [f"http://10.0.0.{n}:6800/" for n in range(1, 4)]
    sources = [f"source_{n}" for n in range(300)]
    before = {source: node_for(source, nodes) for source in sources}
    assert before == {source: node_for(source, list(reversed(nodes))) for source in sources}
    assert node_for("source_1", ["http://10.0.0.1:6800"]) == "http://10.0.0.1:6800/"
    after = {source: node_for(source, [*nodes, "http://10.0.0.4:6800/"]) for source in sources}
    moved = [source for source in sources if after[source] != before[source]]
    assert moved and all(after[source] == "http://10.0.0.4:6800/" for source in moved)
    assert len(moved) < len(sources) / 2  # about a quarter; never a reshuffle
    assert len(set(before.values())) == 3


def test_a_source_lock_is_held_once_and_freed_when_its_holder_dies(redis_url):
    first = RedisSourceLock(redis_url, "news_a", ttl_ms=60_000, job="j1").acquire()
    with pytest.raises(SourceLockHeld, match=r"news_a is running elsewhere \(.* job j1\)"):
        RedisSourceLock(redis_url, "news_a").acquire()
    first.server.close()  # its connection gone, as when its process is killed
    second = RedisSourceLock(redis_url, "news_a").acquire()
    assert not first.renew()  # the lock is the second holder's now
    second.release()
    assert redis.Redis.from_url(redis_url).get("newscrawler:lock:news_a") is None


class Node:
    """A real Scrapyd daemon on 127.0.0.1, in its own directory, with its own database."""

    def __init__(self, root: Path, env: dict):
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        root.mkdir(parents=True)
        (root / "scrapyd.conf").write_text(
            f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {self.port}\n"
            f"eggs_dir = {root}/eggs\nlogs_dir = {root}/logs\ndbs_dir = {root}/dbs\n"
            f"items_dir =\npoll_interval = 0.2\nmax_proc = 4\n")
        self.process = subprocess.Popen(
            [str(BIN / "scrapyd")], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env={**{k: v for k, v in os.environ.items() if k not in SESSION_ONLY}, **env,
                 "CRAWLER_DB": str(root / "node.db")})
        wait_for(self._up, f"scrapyd on port {self.port}", limit=30)

    def _up(self) -> bool:
        assert self.process.poll() is None, self.process.stderr.read().decode()
        try:
            with urlopen(self.url + "daemonstatus.json", timeout=2) as response:
                return json.loads(response.read())["status"] == "ok"
        except OSError:
            return False

    def stop(self) -> None:
        for job in self.jobs()["running"]:  # Scrapyd leaves its jobs running when it stops
            self.cancel(job["id"], "KILL")
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)

    def jobs(self) -> dict:
        return list_jobs(self.url)

    def state_of(self, job: str) -> str | None:
        return next((state for state, jobs in self.jobs().items()
                     if any(listed["id"] == job for listed in jobs)), None)

    def cancel(self, job: str, signal_name: str) -> None:
        data = urlencode({"project": "newscrawler", "job": job, "signal": signal_name}).encode()
        with urlopen(self.url + "cancel.json", data=data, timeout=5) as response:
            assert json.loads(response.read())["status"] == "ok"


def sources_file(path: Path, sites: dict) -> Path:
    path.write_text("".join(
        f'[{name}]\norigin = "{site.url}"\nfeeds = ["{site.url}/feed.xml"]\n'
        f'sitemaps = ["{site.url}/sitemap.xml"]\n\n' for name, site in sites.items()))
    return path


def articles(db) -> dict:
    store = Store(db)
    return {source: {row["url"]: {k: v for k, v in row.items() if k not in WHEN}
                     for row in store.articles(source)} for source in SOURCES}


def runs(db, source) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in RUN_TIMES}
            for row in reversed(Store(db).runs(source))]


def discovery(db) -> dict:
    return {(row["source"], row["url"]): (row["etag"], row["last_modified"])
            for row in Store(db).db["discovery_state"].rows}


def test_sources_as_jobs_on_two_scrapyd_nodes_one_writer_one_record(redis_url, tmp_path):
    stories = news_stories(12)  # stories of their own: no site duplicates another's
    held, gate = stories[0].path, threading.Event()
    with ExitStack() as stack:
        sites = {name: stack.enter_context(generic_news_site(tmp_path / name,
                                                             stories[4 * n:4 * n + 4]))
                 for n, name in enumerate(SOURCES)}
        for name in SOURCES:  # and an /about page of their own
            (tmp_path / name / "about.html").write_text(
                f"<html><head><title>About {name}</title></head><body><p>{name} is a paper "
                f"of its own.</p></body></html>")
        declared = sources_file(tmp_path / "sources.toml", sites)
        env = {"CRAWLER_SOURCES": str(declared)}

        # The record to match: one process crawls the three sites.
        single = tmp_path / "single.db"
        crawl = run_cli("crawl", *SOURCES, "--db", str(single),
                        env={**env, **settings_env(AUTOTHROTTLE_ENABLED=False)})
        assert crawl.returncode == 0, crawl.stderr
        per_source = Store(single).count_articles("news_a")  # the stories (and /about)

        # The one writer, started first: it creates the database the others read.
        writer_db = tmp_path / "writer" / "news.db"
        writer = subprocess.Popen([sys.executable, "-m", "crawler", "store", "--redis", redis_url,
                                   "--db", str(writer_db)], cwd=REPO, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        stack.callback(lambda: writer.poll() is None and writer.kill())
        wait_for(lambda: writer_db.exists(), "the writer's database")

        # Deploy with the standard client: one egg, built once, to both nodes' targets.
        nodes = [Node(tmp_path / f"node{n}", env) for n in (1, 2)]
        for node in nodes:
            stack.callback(node.stop)
        config = tmp_path / "xdg"
        config.mkdir()
        (config / "scrapy.cfg").write_text("".join(
            f"[deploy:node{n}]\nurl = {node.url}\nproject = newscrawler\n\n"
            for n, node in enumerate(nodes, 1)))
        egg = tmp_path / "newscrawler.egg"
        deploy_env = {**os.environ, "XDG_CONFIG_HOME": str(config)}
        subprocess.run([str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)], cwd=REPO,
                       env=deploy_env, check=True, capture_output=True, timeout=120)
        contents = zipfile.ZipFile(egg).namelist()
        assert {"spiders/sources.toml", "crawler/settings.py", "pipelines/store.py",
                "spiders/configured.py", "crawler/distributed/relay.py"} <= set(contents)
        assert "settings = crawler.settings" in zipfile.ZipFile(egg).read(
            "EGG-INFO/entry_points.txt").decode()
        deploys = [subprocess.Popen([str(BIN / "scrapyd-deploy"), f"node{n}", "--egg", str(egg),
                                     "--version", "1"], cwd=REPO, env=deploy_env, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                   for n in (1, 2)]  # at once: each node lists the egg's spiders to accept it
        for deploy in deploys:
            out, err = deploy.communicate(timeout=120)
            assert deploy.returncode == 0 and '"status": "ok"' in out, err
        urls = [node.url for node in nodes]
        by_url = {node.url: node for node in nodes}

        # news_a's first story page is held: its job stays running until it is killed.
        serve = sites["news_a"]._file_route
        sites["news_a"]._file_route = lambda path: (gate.wait(60), serve(path))[1] \
            if path == held else serve(path)
        stack.callback(gate.set)

        def schedule_now(*sources):
            fast = [word for name, value in FAST.items() for word in ("-s", f"{name}={value}")]
            return run_cli("schedule", "--scrapyd", *urls, "--redis", redis_url, *fast,
                           "--db", str(writer_db), "--now", *sources, env=env)

        queued = schedule_now(*SOURCES)  # never all: the shipped sources are real sites
        assert queued.returncode == 0, queued.stderr
        jobs = {line.split(":")[0]: line.split()[2] for line in queued.stdout.splitlines()}
        assert sorted(jobs) == [*SOURCES]
        placed = {source: node_for(source, urls) for source in SOURCES}
        assert all(f"job {jobs[s]} on {placed[s]}" in queued.stdout for s in SOURCES)
        node_a = by_url[placed["news_a"]]

        def finished(source):
            return by_url[placed[source]].state_of(jobs[source]) == "finished"

        wait_for(lambda: finished("news_b") and finished("news_c"), "news_b and news_c")
        wait_for(lambda: sites["news_a"].hits[held], "news_a's held page")
        assert node_a.state_of(jobs["news_a"]) == "running"
        # The other pages of news_a reach the writer while the job runs.
        wait_for(lambda: writer_db.exists() and
                 Store(writer_db).count_articles("news_a") == per_source - 1,
                 "news_a's first articles in the writer's database")

        # A second schedule of the running source is refused, in one line.
        again = schedule_now("news_a")
        assert again.returncode == 75
        assert again.stderr.splitlines() == [
            f"LOCKED news_a is running on {placed['news_a']} (job {jobs['news_a']}); "
            f"not scheduled again"]
        # Queued behind the scheduler's back on the other node, the job exits at once: locked.
        other = next(url for url in urls if url != placed["news_a"])
        locked_job = schedule(other, "news_a", {**FAST, "REDIS_URL": redis_url})
        wait_for(lambda: by_url[other].state_of(locked_job) == "finished", "the locked job")
        log = (by_url[other].root / "logs" / "newscrawler" / "news_a" / f"{locked_job}.log")
        assert "LOCKED news_a is running elsewhere" in log.read_text()
        assert "(locked)" in log.read_text()  # Scrapy's "Closing spider (locked)"

        # Killed on its node: the run is recorded failed when the next job starts.
        node_a.cancel(jobs["news_a"], "KILL")
        wait_for(lambda: node_a.state_of(jobs["news_a"]) == "finished", "the killed job")
        gate.set()
        rerun = schedule_now("news_a")
        assert rerun.returncode == 0, rerun.stderr
        rerun_job = rerun.stdout.split()[2]
        wait_for(lambda: node_a.state_of(rerun_job) == "finished", "news_a's second job")

        wait_for(lambda: not redis.Redis.from_url(redis_url).llen("newscrawler:items"),
                 "the writer to take every message")
        writer.send_signal(signal.SIGTERM)
        out, err = writer.communicate(timeout=30)
        assert writer.returncode == 0, err
        assert out.startswith(f"store: +{3 * per_source} new, 0 updated, "
                              f"{per_source - 1} unchanged"), out

        status = run_cli("status", "--db", str(writer_db), "--scrapyd", *urls,
                         *(f"--source={source}" for source in SOURCES), env=env)

    # Every article, as one process stored it; the nodes' own databases have none.
    assert articles(writer_db) == articles(single)
    for node in nodes:
        assert not any(Store(node.root / "node.db").count_articles(s) for s in SOURCES)
    # Every run, as one process recorded it: the killed job's too, as failed.
    for source in ("news_b", "news_c"):
        assert runs(writer_db, source) == runs(single, source)
    killed, rerun_row = runs(writer_db, "news_a")
    assert killed["status"] == "failed" and killed["reason"].startswith("the job was killed")
    assert killed["articles_new"] == per_source - 1
    expected = {**runs(single, "news_a")[0], "articles_new": 1,
                "articles_unchanged": per_source - 1}
    assert rerun_row == expected  # and no run of the job that found the source locked
    # ETags and last complete reads of every feed and sitemap, as one process saved them.
    assert discovery(writer_db) == discovery(single) != {}

    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert any(line.split()[:2] == ["news_a", "ok"] for line in lines)
    jobs_table = lines[lines.index("") + 1:]
    assert jobs_table[0].split() == ["source", "node", "job", "since", "id"]
    for source, row in zip(SOURCES, jobs_table[1:]):
        fields = row.split()
        assert fields[:3] == [source, placed[source], "finished"]
        assert fields[-1] == (rerun_job if source == "news_a" else jobs[source])


def test_the_writer_applies_a_workers_writes_in_order_and_once(redis_url, tmp_path):
    """Runs rows, aliases and discovery state sent through a RelayStore reach the writer's file;
    a batch given twice (a killed writer's) adds no second run."""
    from crawler.distributed.items import Writer
    from crawler.distributed.relay import RelayStore
    from crawler.paths import project_settings

    worker = RelayStore(Store(tmp_path / "node.db"), redis_url, exclusive=True)
    run = worker.start_run("news_a", "2024-05-01T00:00:00Z", {"since": None})
    worker.record_alias("news_a", "http://a/old", "http://a/new", "redirect", "2024-05-01T00:00:01Z")
    worker.save_discovery_state("news_a", {"http://a/feed": ('"e1"', None)}, "2024-05-01T00:00:00Z")
    worker.finish_run(run, {"status": "ok", "reason": None, "pages_fetched": 3, "dropped": {},
                            "errors": 0, "error_kinds": {}, "finished_at": "2024-05-01T00:01:00Z"})
    messages = worker.server.lrange("newscrawler:items", 0, -1)
    worker.server.lpush("newscrawler:items", b"not json")
    worker.close()
    assert not Store(tmp_path / "node.db").runs("news_a")  # the node's own file: nothing

    db = tmp_path / "writer.db"
    store = Store(db)
    Writer(redis_url, store, project_settings()).run(drain=True)
    server = redis.Redis.from_url(redis_url)
    server.lpush("newscrawler:items", *messages[::-1])  # the same messages again
    Writer(redis_url, store, project_settings()).run(drain=True)
    [row] = store.runs("news_a")
    assert (row["status"], row["pages_fetched"], row["articles_new"]) == ("ok", 3, 0)
    assert store.fetch_state("news_a", "http://a/old") is None  # an alias of nothing stored yet
    assert list(store.db["aliases"].rows) == [
        {"source": "news_a", "alias": "http://a/old", "url": "http://a/new", "reason": "redirect",
         "seen_at": "2024-05-01T00:00:01Z"}]
    assert store.discovery_state("news_a")["http://a/feed"]["etag"] == '"e1"'
    assert server.lrange("newscrawler:items:unreadable", 0, -1) == [b"not json"]
