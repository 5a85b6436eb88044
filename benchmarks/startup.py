"""Start-up benchmark: what each of ``crawler/run/startup.py``'s tricks is worth to an hourly run.

    python benchmarks/startup.py [--rounds 5] [--latency-ms 100] [--articles 2000]

A Press TV mirror (``mirror_site.py``) is served behind a proxy on 127.0.0.1 that holds every
chunk of a response for ``--latency-ms``: a site across a network, not on this machine, where
an hourly run's time is mostly waiting. After one backfill, each round runs the hourly cron
command (1% new articles, into a copy of the backfilled database) once with every trick on,
once with each turned off, and once with all off, in alternation. Reported: medians of the
wall time and of the CPU time (the run's and its parse workers'), and what turning a trick
off adds in CPU time as a share of the hourly run's wall time: the measure of
``crawler/run/startup.py``'s "worth more than 5%".

A trick is turned off in the child, before the crawler is imported (``--child``): the
garbage collector's pauses by making ``gc.disable`` do nothing, the HTTP handler's import
by skipping it, the pruned extension list by restoring Scrapy's (with those extensions set
to None, the usual way to turn one off).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from crawl import child_env, grow_site, run_child  # noqa: E402
from mirror_site import MirrorServer, MirrorSite, new_articles_count  # noqa: E402

TRICKS = ("collection", "http_handler", "extensions")


def run_child_crawler(off: set[str], argv: list[str]) -> None:
    """In the child: the ``crawler`` command with the tricks in ``off`` turned off."""
    if "collection" in off:
        import gc
        gc.disable = lambda: None
    if "http_handler" in off:
        import crawler.run.startup
        crawler.run.startup.import_http_handler = lambda: None
    if "extensions" in off:
        import crawler.settings
        from scrapy.settings import default_settings
        crawler.settings.EXTENSIONS_BASE = dict(default_settings.EXTENSIONS_BASE)
        crawler.settings.EXTENSIONS = {**crawler.settings.EXTENSIONS,
                                       **{name: None for name in crawler.run.startup.EXTENSIONS_OFF}}
    sys.argv = ["crawler", *argv]
    from crawler.__main__ import main
    main()


class LatencyProxy:
    """127.0.0.1:port → upstream, every response chunk held ``latency`` seconds after it came."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.latency = 0.0
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        loop.run_until_complete(asyncio.start_server(self._connection, sock=self._socket))
        loop.run_forever()

    async def _connection(self, client_reader, client_writer) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        await asyncio.gather(self._pipe(client_reader, writer, 0.0),
                             self._pipe(reader, client_writer, None), return_exceptions=True)

    async def _pipe(self, reader, writer, latency: float | None) -> None:
        chunks: asyncio.Queue = asyncio.Queue()

        async def send() -> None:
            while (chunk := await chunks.get())[1]:
                hold = self.latency if latency is None else latency
                await asyncio.sleep(max(0.0, chunk[0] + hold - time.monotonic()))
                writer.write(chunk[1])
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(send())
        try:
            while data := await reader.read(65536):
                await chunks.put((time.monotonic(), data))
        except ConnectionError:
            pass
        await chunks.put((0.0, b""))
        await sender


def hourly_run(variant: set[str], origin: str, db: Path) -> tuple[float, float]:
    """(wall s, CPU s) of one hourly run with the tricks in ``variant`` off."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", ",".join(sorted(variant)),
               "crawl", "presstv", "--base-url", origin, "--db", str(db), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=child_env(), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)  # the CPU of reaped parse workers included
    wall = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"hourly run failed: {error.strip().splitlines()[-1:]}")
    return wall, usage.ru_utime + usage.ru_stime


def copy_database(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=100)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    variants = [set(), *({trick} for trick in TRICKS), set(TRICKS)]
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        workdir = Path(tmp)
        with MirrorServer(workdir / "site") as server:
            proxy = LatencyProxy(server.port)
            origin = f"http://127.0.0.1:{proxy.port}"
            site = MirrorSite(server.root, origin)  # its links lead through the proxy
            grow_site(site, args.articles)
            backfilled = workdir / "backfill" / "bench.db"
            first = run_child([sys.executable, "-m", "crawler", "crawl", "presstv", "--base-url",
                               origin, "--db", str(backfilled), "--quiet", "--since", "2000-01-01"],
                              backfilled.parent)
            if first.returncode != 0:
                raise SystemExit(f"backfill failed: {first.last_error_line()}")
            proxy.latency = args.latency_ms / 1000
            walls, cpus = [[] for _ in variants], [[] for _ in variants]
            for round_number in range(args.rounds):
                for index, variant in enumerate(variants):
                    db = workdir / f"round{round_number}" / f"variant{index}" / "bench.db"
                    copy_database(backfilled, db)
                    site.resize(args.articles + new_articles_count(args.articles))
                    try:
                        wall, cpu = hourly_run(variant, origin, db)
                    finally:
                        site.resize(args.articles)
                    walls[index].append(wall)
                    cpus[index].append(cpu)
                print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    base_wall, base_cpu = statistics.median(walls[0]), statistics.median(cpus[0])
    print(f"\nhourly run, {args.latency_ms:.0f} ms per response, medians of {args.rounds}:")
    for index, variant in enumerate(variants):
        wall, cpu = statistics.median(walls[index]), statistics.median(cpus[index])
        name = "every trick on" if not variant else " + ".join(sorted(variant)) + " off"
        print(f"  {name:45s} wall {wall:6.2f} s   CPU {cpu:6.2f} s   "
              f"{(cpu - base_cpu) / base_wall:+6.1%} of the hourly run")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        run_child_crawler(set(filter(None, sys.argv[2].split(","))), sys.argv[3:])
    else:
        sys.exit(main())
