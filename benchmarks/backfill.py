"""How fast ``crawler backfill`` reads a WARC file, against the floor of the same work.

Writes a WARC file of N article pages (Press TV pages from benchmarks/mirror_site.py, and
pages of other sources from tests/fixtures, each made unique) and times, in this one run:

- reading the records alone, with this project's reader (warcio, gzip member by member) and
  with FastWARC (when installed: ``pip install fastwarc``); and of that, inflating the gzip
  members with zlib and with ISA-L (the reader's);
- the plain loop: the records read, and each page parsed, cleaned and fingerprinted as a parse
  worker does (no Scrapy, no pipelines, no store), in one process;
- ``crawler backfill`` into a fresh database, with one parse worker (both cores) and with none
  (one core), ``--rounds`` times each, back to back, and once with ``--all`` (every source
  named: what reading each file once for all sources saves), less the time of a backfill of
  an empty file (the command's start-up); with the CPU time of its main process and of the
  parse worker, which say how much two cores can gain when other work on the machine makes
  the wall times move.

    python benchmarks/backfill.py [--articles 600] [--rounds 3]

Figures go to docs/benchmarks.md and docs/warc.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from isal import isal_zlib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.mirror_site import MirrorSite  # noqa: E402
from tests.sites.warcs import response_member, write_warc  # noqa: E402



def write_benchmark_warc(folder: Path, count: int) -> tuple[Path, list[str]]:
    site = MirrorSite(folder / "site", "https://www.presstv.ir")
    site.resize(count)
    members, sources = [], {"presstv"}
    for n, record in enumerate(site.articles()):
        body = site.page_file(record).read_bytes()
        members.append(response_member("https://www.presstv.ir" + record.path, body,
                                       f"2024-05-01T10:{n // 60 % 60:02d}:{n % 60:02d}Z"))
    bbc = (REPO / "tests/fixtures/bbc/blocks-2026.html").read_bytes()
    for n in range(count // 4):  # a quarter more, of another source
        page = bbc.replace(b"<p>", f"<p>Report {n}: harbour {n * 7919 % 10007} ".encode(), 1)
        members.append(response_member(f"https://www.bbc.com/news/articles/c4ferry{n:04d}o",
                                       page, "2024-05-01T12:00:00Z"))
    sources.add("bbc")
    return write_warc(folder / "bench.warc.gz", members), sorted(sources)


def time_reading(warc: Path) -> float:
    from crawler.warc.reader import Record, open_location, read_records
    started = time.perf_counter()
    count = sum(isinstance(entry, Record)
                for entry in read_records(str(warc), open_location(str(warc))))
    assert count
    return time.perf_counter() - started


def time_fastwarc(warc: Path) -> float | None:
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        return None
    started = time.perf_counter()
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response,
                                      parse_http=True):
            record.reader.read()
    return time.perf_counter() - started


def time_plain_loop(warc: Path, sources: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of the loop, and the pages it parsed."""
    from crawler.run.parse_workers import _parse_and_clean
    from crawler.sources import spider_class
    from crawler.warc.reader import Record, open_location, read_records
    spiders = {name: spider_class(name)() for name in sources}
    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    for entry in read_records(str(warc), open_location(str(warc))):
        if not isinstance(entry, Record):
            continue
        spider = next(s for s in spiders.values() if s.is_article_url(entry.target_uri))
        _parse_and_clean(spider.parser, entry.target_uri, entry.body, "utf-8")
        count += 1
    return time.perf_counter() - started, time.process_time() - cpu, count


def time_backfill(warc: Path, sources: list[str], folder: Path, processes: int) -> Run:
    db = folder / f"bench-{processes}-{time.monotonic_ns()}.db"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.sites.settings",
           "TEST_SETTINGS": f'{{"PARSE_PROCESSES": {processes}}}'}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "crawler", "backfill", *sources, "--warc",
                              str(warc), "--db", str(db), "-q"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cpu: dict[int, float] = {}  # pid -> CPU seconds, last seen
    while child.poll() is None:
        for pid in (child.pid, *_children(child.pid)):
            if (seconds := _cpu_seconds(pid)) is not None:
                cpu[pid] = seconds
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    if child.returncode not in (0, 3):
        raise SystemExit(f"backfill failed: {child.stderr.read()}")
    main = cpu.pop(child.pid, 0.0)
    return Run(elapsed, main, sum(cpu.values()))


@dataclass
class Run:
    """A backfill's wall time, and the CPU time of its main process and of its parse workers
    (from /proc: what the machine's other work does not change much)."""

    wall: float
    main: float
    workers: float

    def __sub__(self, other: "Run") -> "Run":  # less the start-up
        return Run(self.wall - other.wall, self.main - other.main, self.workers)


@dataclass
class Round:
    """The plain loop (wall and CPU seconds, pages) and the two backfills, run back to back."""

    plain: float
    plain_cpu: float
    count: int
    two: Run
    one: Run

    def cores(self) -> float:
        return self.one.wall / self.two.wall


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def time_inflating(warc: Path, module) -> float:
    """CPU seconds to inflate every gzip member with ``module`` (zlib, or isal's isal_zlib)."""
    from crawler.warc import reader
    kept, reader.isal_zlib = reader.isal_zlib, module  # the one name the reader inflates with
    try:
        started = time.process_time()
        with open(warc, "rb") as stream:
            for _ in reader.gzip_members(stream):
                pass
        return time.process_time() - started
    finally:
        reader.isal_zlib = kept


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=600, help="Press TV pages (default 600)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="plain loop, backfill on two cores, on one: rounds, back to back "
                             "(default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warc, sources = write_benchmark_warc(folder, args.articles)
        empty = write_warc(folder / "empty.warc.gz", [])
        reading = time_reading(warc)
        fast = time_fastwarc(warc)
        inflate = {name: time_inflating(warc, module)
                   for name, module in (("zlib", zlib), ("ISA-L (the reader's)", isal_zlib))}
        startup = min((time_backfill(empty, sources, folder, 1) for _ in range(2)),
                      key=lambda run: run.wall)
        rounds = [Round(*time_plain_loop(warc, sources),
                        time_backfill(warc, sources, folder, 1) - startup,
                        time_backfill(warc, sources, folder, 0) - startup)
                  for _ in range(args.rounds)]
        every = time_backfill(warc, ["--all"], folder, 1) - startup
        size = warc.stat().st_size
    # The machine's other work moves even CPU times by a quarter between runs: each round runs
    # the three back to back, a ratio is taken within a round, and the median round is shown.
    middle = sorted(rounds, key=Round.cores)[len(rounds) // 2]
    plain, plain_cpu, count, two, one = (middle.plain, middle.plain_cpu, middle.count,
                                         middle.two, middle.one)
    per = lambda seconds: f"{seconds / count * 1000:7.2f} ms"  # noqa: E731
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{count} pages, {size / 1e6:.1f} MB of WARC; "
          f"backfill start-up {startup.wall:.2f} s (taken off below)")
    print("| what | per article | total | CPU: main process | CPU: parse worker |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| read records (warcio, per gzip member) | {per(reading)} | {reading:.2f} s | | |")
    for name, seconds in inflate.items():
        print(f"| inflating the gzip members alone, {name} | {per(seconds)} | "
              f"{seconds:.2f} s | | |")
    if fast is not None:
        print(f"| read records (FastWARC) | {per(fast)} | {fast:.2f} s | | |")
    print(f"| plain loop: read + parse + clean + fingerprint, one process | {per(plain)} | "
          f"{plain:.2f} s | {plain_cpu:.2f} s | |")
    for run, what in ((two, "one parse worker (two cores)"), (one, "no parse worker (one core)")):
        print(f"| crawler backfill, {what} | {per(run.wall)} | {run.wall:.2f} s | "
              f"{run.main:.2f} s | {run.workers:.2f} s |")
    from crawler.sources import source_names
    print(f"| crawler backfill --all ({len(source_names())} sources named, each file read once "
          f"for all), one parse worker | {per(every.wall)} | {every.wall:.2f} s | "
          f"{every.main:.2f} s | {every.workers:.2f} s |")
    against_plain = " ".join(f"{r.two.wall / r.plain:.2f}x" for r in rounds)
    cores = " ".join(f"{r.cores():.2f}x" for r in rounds)
    # With both cores its own, a backfill takes as long as its busier process.
    bound = one.main / max(two.main, two.workers)
    print(f"backfill / plain loop: {two.wall / plain:.2f}x (target <= 1.25; rounds: "
          f"{against_plain}); two cores vs one: {middle.cores():.2f}x faster (target >= 1.6; "
          f"rounds: {cores}); by CPU time, at most {bound:.2f}x (one core's CPU / the busier "
          f"process's)")
    print(f"by CPU time: backfill on one core / plain loop {one.main / plain_cpu:.2f}x, "
          f"with a parse worker (both processes) {(two.main + two.workers) / plain_cpu:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
