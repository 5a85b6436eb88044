"""How fast ``crawler backfill`` reads a WARC file, against the floor of the same work.

Writes a WARC file of N article pages (Press TV pages from benchmarks/mirror_site.py, and
pages of other sources from tests/fixtures, each made unique) and times, in this one run:

- reading the records alone, with this project's reader (warcio, gzip member by member) and
  with FastWARC (when installed: ``pip install fastwarc``);
- the plain loop: the records read, and each page parsed, cleaned and fingerprinted as a parse
  worker does (no Scrapy, no pipelines, no store), in one process;
- ``crawler backfill`` into a fresh database, with one parse worker (both cores) and with none
  (one core), less the time of a backfill of an empty file (the command's start-up).

    python benchmarks/backfill.py [--articles 600]

Figures go to docs/benchmarks.md and docs/warc.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def time_plain_loop(warc: Path, sources: list[str]) -> tuple[float, int]:
    from crawler.run.parse_workers import _parse_and_clean
    from crawler.sources import spider_class
    from crawler.warc.reader import Record, open_location, read_records
    spiders = {name: spider_class(name)() for name in sources}
    started = time.perf_counter()
    count = 0
    for entry in read_records(str(warc), open_location(str(warc))):
        if not isinstance(entry, Record):
            continue
        spider = next(s for s in spiders.values() if s.is_article_url(entry.target_uri))
        _parse_and_clean(spider.parser, entry.target_uri, entry.body, "utf-8")
        count += 1
    return time.perf_counter() - started, count


def time_backfill(warc: Path, sources: list[str], folder: Path, processes: int) -> float:
    db = folder / f"bench-{processes}-{time.monotonic_ns()}.db"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.sites.settings",
           "TEST_SETTINGS": f'{{"PARSE_PROCESSES": {processes}}}'}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "crawler", "backfill", *sources, "--warc",
                             str(warc), "--db", str(db), "-q"], cwd=REPO, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 3):
        raise SystemExit(f"backfill failed: {result.stderr}")
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=600, help="Press TV pages (default 600)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warc, sources = write_benchmark_warc(folder, args.articles)
        empty = write_warc(folder / "empty.warc.gz", [])
        reading = time_reading(warc)
        fast = time_fastwarc(warc)
        plain, count = time_plain_loop(warc, sources)
        startup = min(time_backfill(empty, sources, folder, 1) for _ in range(2))
        two = time_backfill(warc, sources, folder, 1) - startup
        one = time_backfill(warc, sources, folder, 0) - startup
        size = warc.stat().st_size
    per = lambda seconds: f"{seconds / count * 1000:7.2f} ms"  # noqa: E731
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{count} pages, {size / 1e6:.1f} MB of WARC; "
          f"backfill start-up {startup:.2f} s (taken off below)")
    print("| what | per article | total |")
    print("| --- | --- | --- |")
    print(f"| read records (warcio, per gzip member) | {per(reading)} | {reading:.2f} s |")
    if fast is not None:
        print(f"| read records (FastWARC) | {per(fast)} | {fast:.2f} s |")
    print(f"| plain loop: read + parse + clean + fingerprint, one process | {per(plain)} | "
          f"{plain:.2f} s |")
    print(f"| crawler backfill, one parse worker (two cores) | {per(two)} | {two:.2f} s |")
    print(f"| crawler backfill, no parse worker (one core) | {per(one)} | {one:.2f} s |")
    print(f"backfill / plain loop: {two / plain:.2f}x (target <= 1.25); "
          f"two cores vs one: {one / two:.2f}x faster (target >= 1.6)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
