"""Crawl benchmark (issue "Performance"): the crawler against a bare Scrapy spider, locally.

    python benchmarks/crawl.py [--articles 5000] [--repeat 3] [--seed 0]
                               [--modes bare dedicated generic incremental]
                               [--keep DIR] [--rss-scaling]

One invocation generates a Press TV mirror of N articles (``mirror_site.py``), serves it on
127.0.0.1 from a separate twisted process, then runs the modes in alternation (A B C D,
A B C D, ...) so that a slow phase of the machine hits every mode alike. Every run is its
own child process: its wall time is what a user waits for (start-up included). Memory is
measured twice: "peak RSS" is ``os.wait4``'s ``ru_maxrss`` for that child (exact, but the
largest single process when the crawler forks parse workers), "tree PSS" is the sampled
peak of the child and its descendants together. Memory targets use the larger of the two.

Modes:
  bare         Scrapy alone, with the crawler's settings, downloading every article and
               dropping it (``bare_spider.py``): the reference for "ratio to bare".
  dedicated    ``python -m crawler crawl presstv --base-url ... --since 2000-01-01``:
               the full crawler, Press TV parser, fresh database each repetition.
  generic      ``python -m crawler crawl --name benchgeneric --sitemap ...``: an ad hoc
               source with generic extraction.
  incremental  after a dedicated run, 1% new articles appear; the hourly cron command
               (the same without ``--since``: feeds and section pages) runs into the same
               database. Reported: its wall time as a share of the first run.

Crawler runs are checked by counting the rows of the source's table; a run that stored
fewer than 99% of the articles is flagged INCOMPLETE. The table shows medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from mirror_site import MirrorServer, MirrorSite, new_articles_count  # noqa: E402

MODES = ("bare", "dedicated", "generic", "incremental")
DEDICATED_SOURCE = "presstv"
GENERIC_SOURCE = "benchgeneric"
SINCE = "2000-01-01"  # older than any mirror article: the whole sitemap index is walked
# "Far fewer rows than N": the crawler may legitimately drop a page or two, not more.
COMPLETE_SHARE = 0.99
# A hung crawl must not hang the benchmark; even 20,000 articles take far less than this.
CHILD_TIMEOUT_S = 1800
# Targets from the "Performance" issue.
INCREMENTAL_TARGET = 0.05
RSS_TARGET_MB = 250
RSS_TARGET_ARTICLES = 20_000
RSS_GROWTH_TARGET = 0.10
RSS_SCALING_SIZES = (5_000, 20_000)


# --- child processes --------------------------------------------------------------------

@dataclass
class ChildRun:
    command: list[str]
    returncode: int
    wall_s: float
    peak_rss_mb: float  # the largest single process of the child's tree
    tree_pss_mb: float  # the child and its descendants together, sampled
    stdout: str
    stderr: str
    timed_out: bool = False

    def last_error_line(self) -> str:
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        if self.timed_out:
            return f"killed after {CHILD_TIMEOUT_S} s"
        return lines[-1] if lines else f"exit status {self.returncode}"


class TreeMemorySampler(threading.Thread):
    """The peak, sampled, of the summed PSS of a process and all its descendants.

    ``wait4``'s ``ru_maxrss`` is the largest single process of the tree, so a crawler that
    forks parse workers would look as small as its largest process. PSS splits pages shared
    between a parent and its forks fairly, so the sum is what the whole tree costs.
    """

    INTERVAL_S = 0.2

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while True:
            total = sum(_pss_kb(pid) for pid in _process_tree(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            if self._done.wait(self.INTERVAL_S):
                return

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._done.set()
        self.join()
        return self.peak_kb / 1024


def _process_tree(root: int) -> list[int]:
    """``root`` and its descendants, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # exited, or a zombie waiting for wait4
    return 0


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    # The crawler and the bare spider read the same Scrapy settings module: the crawler's, with
    # fast values for the mirror on 127.0.0.1 (the defaults are for real sites).
    env["SCRAPY_SETTINGS_MODULE"] = "benchmarks.local_settings"
    env.pop("CRAWLER_DB", None)  # every run names its database with --db
    # An installed crawler imports its modules from the bytecode cache; a machine that turns
    # the cache off (this project's sandbox does) would add compiling to every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(command: list[str], log_dir: Path) -> ChildRun:
    """Run ``command`` from the repo root; wall time and peak RSS of that one child."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / "stdout.txt", log_dir / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, env=child_env(), stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=err)
        timer = threading.Timer(CHILD_TIMEOUT_S, process.kill)
        timer.start()
        sampler = TreeMemorySampler(process.pid)
        sampler.start()
        # wait4, not getrusage(RUSAGE_CHILDREN): the latter is a maximum over all children.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        timer.cancel()
        tree_pss_mb = sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(
        command=command, returncode=process.returncode, wall_s=wall,
        peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        tree_pss_mb=tree_pss_mb,
        stdout=out_path.read_text(errors="replace"), stderr=err_path.read_text(errors="replace"),
        timed_out=process.returncode == -9 and wall >= CHILD_TIMEOUT_S,
    )


def count_rows(db_path: Path, table: str) -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path) as connection:
        try:
            return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        except sqlite3.OperationalError:  # no such table: nothing was stored
            return 0


# --- one run of one mode ----------------------------------------------------------------

class ModeUnavailable(Exception):
    """The mode cannot run here (missing CLI option, crash before storing anything)."""


@dataclass
class RunResult:
    mode: str
    wall_s: float
    peak_rss_mb: float  # the largest single process (wait4)
    tree_pss_mb: float  # the process tree together (sampled)
    pages: int  # article pages the run had to fetch
    rows: int | None = None  # crawler modes: rows in the source's table afterwards
    expected_rows: int | None = None
    rows_before: int = 0  # incremental: rows already there, so "complete" means all new ones
    share_of_first_run: float | None = None  # incremental only
    summary: str = ""  # the crawler's own summary line
    notes: list[str] = field(default_factory=list)

    @property
    def memory_mb(self) -> float:
        """What the memory targets are judged on: the worse of the two measures."""
        return max(self.peak_rss_mb, self.tree_pss_mb)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else 0.0

    @property
    def incomplete(self) -> bool:
        if self.rows is None:
            return False
        new_rows, expected_new = self.rows - self.rows_before, self.expected_rows - self.rows_before
        return new_rows < COMPLETE_SHARE * expected_new


def unavailable_reason(run: ChildRun) -> str:
    stderr = run.stderr
    if run.returncode == 2 and ("usage:" in stderr or "error:" in stderr):
        return f"usage error: {run.last_error_line()}"
    if "No module named" in stderr:
        return run.last_error_line()
    return f"exit {run.returncode}: {run.last_error_line()}"


class Benchmark:
    """Runs the modes against one served mirror; keeps per-round state for ``incremental``."""

    def __init__(self, site: MirrorSite, workdir: Path, articles: int):
        self.site = site
        self.workdir = workdir
        self.articles = articles
        self.dedicated_runs: dict[int, tuple[Path, RunResult]] = {}  # round -> db, first run

    def run(self, mode: str, round_number: int) -> RunResult:
        return getattr(self, f"run_{mode}")(round_number)

    def run_dir(self, round_number: int, mode: str) -> Path:
        return self.fresh_dir(f"round{round_number + 1}-{mode}")

    def fresh_dir(self, name: str) -> Path:
        """An empty folder for one run's logs (and database): --keep DIR may hold an old one."""
        path = self.workdir / "runs" / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def run_bare(self, round_number: int) -> RunResult:
        command = [sys.executable, str(BENCH_DIR / "bare_spider.py"), self.sitemap_url]
        run = run_child(command, self.run_dir(round_number, "bare"))
        if run.returncode != 0:
            raise ModeUnavailable(unavailable_reason(run))
        counts = _last_json_line(run.stdout)
        result = RunResult("bare", run.wall_s, run.peak_rss_mb, run.tree_pss_mb, pages=counts.get("pages", 0))
        if result.pages < COMPLETE_SHARE * self.articles:
            result.notes.append(f"INCOMPLETE: fetched {result.pages}/{self.articles}")
        return result

    def run_dedicated(self, round_number: int) -> RunResult:
        db_path = self.run_dir(round_number, "dedicated") / "bench.db"
        result = self.crawl("dedicated", self.dedicated_command(db_path), db_path,
                             DEDICATED_SOURCE, self.articles)
        self.dedicated_runs[round_number] = (db_path, result)
        return result

    def run_generic(self, round_number: int) -> RunResult:
        db_path = self.run_dir(round_number, "generic") / "bench.db"
        command = self._crawler_command("--name", GENERIC_SOURCE, "--sitemap", self.sitemap_url,
                                        "--db", str(db_path), "--quiet")
        return self.crawl("generic", command, db_path, GENERIC_SOURCE, self.articles)

    def run_incremental(self, round_number: int) -> RunResult:
        if round_number not in self.dedicated_runs:  # --modes without dedicated: run it here
            self.run_dedicated(round_number)
        db_path, first_run = self.dedicated_runs[round_number]
        added = self.site.resize(self.articles + new_articles_count(self.articles))
        try:
            result = self.crawl("incremental", self.hourly_command(db_path), db_path,
                                DEDICATED_SOURCE, self.articles + len(added), pages=len(added),
                                log_dir=self.run_dir(round_number, "incremental"))
        finally:
            self.site.resize(self.articles)  # the next round starts from the same site
        result.share_of_first_run = result.wall_s / first_run.wall_s
        return result

    @property
    def sitemap_url(self) -> str:
        return f"{self.site.origin}/sitemap.xml"

    def hourly_command(self, db_path: Path) -> list[str]:
        """What cron runs every hour: feeds and section pages, not the archive sitemaps (the
        mirror's main feed lists the newest 100, enough for 1%)."""
        return self._crawler_command(DEDICATED_SOURCE, "--base-url", self.site.origin,
                                     "--db", str(db_path), "--quiet")

    def dedicated_command(self, db_path: Path) -> list[str]:
        """The backfill: the hourly command with ``--since``, so the sitemaps are walked."""
        return [*self.hourly_command(db_path), "--since", SINCE]

    @staticmethod
    def _crawler_command(*arguments: str) -> list[str]:
        return [sys.executable, "-m", "crawler", "crawl", *arguments]

    def crawl(self, mode, command, db_path, table, expected_rows, pages=None,
              log_dir=None) -> RunResult:
        rows_before = count_rows(db_path, table)
        run = run_child(command, log_dir or db_path.parent)
        rows = count_rows(db_path, table)
        if run.returncode != 0 and rows == 0:
            raise ModeUnavailable(unavailable_reason(run))
        result = RunResult(mode, run.wall_s, run.peak_rss_mb, run.tree_pss_mb,
                           pages=self.articles if pages is None else pages,
                           rows=rows, expected_rows=expected_rows, rows_before=rows_before,
                           summary=_last_line(run.stdout))
        if run.returncode != 0:
            result.notes.append(f"exit {run.returncode}: {run.last_error_line()}")
        if result.incomplete:
            result.notes.append(f"INCOMPLETE: {rows}/{expected_rows} rows")
        return result


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def _last_json_line(text: str) -> dict:
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {}


# --- rounds and the table ---------------------------------------------------------------

def run_rounds(bench: Benchmark, modes: list[str], repeat: int):
    """Every mode in turn, ``repeat`` times; returns results by mode and unavailable reasons."""
    results: dict[str, list[tuple[int, RunResult]]] = {mode: [] for mode in modes}
    unavailable: dict[str, str] = {}
    for round_number in range(repeat):
        for mode in modes:
            if mode in unavailable:
                continue
            try:
                result = bench.run(mode, round_number)
            except ModeUnavailable as error:
                unavailable[mode] = str(error)
                print(f"mode {mode} unavailable: {error}", flush=True)
                continue
            results[mode].append((round_number, result))
            print(f"round {round_number + 1}/{repeat} {progress_line(result)}", flush=True)
    return {mode: runs for mode, runs in results.items() if runs}, unavailable


def progress_line(result: RunResult) -> str:
    rows = f", {result.rows} rows" if result.rows is not None else ""
    notes = f"  [{'; '.join(result.notes)}]" if result.notes else ""
    summary = f"\n    {result.summary}" if result.summary else ""
    return (f"{result.mode}: {result.wall_s:.1f} s, {result.pages_per_s:.0f} pages/s, "
            f"peak RSS {result.peak_rss_mb:.0f} MB (tree PSS {result.tree_pss_mb:.0f} MB)"
            f"{rows}{notes}{summary}")


def ratios_to_bare(runs: list[tuple[int, RunResult]], bare_runs: list[tuple[int, RunResult]]) -> list[float]:
    """Per round, the mode's pages/s over bare's pages/s in the same round.

    Not for incremental: it fetches only the new pages, so its pages/s compares with nothing.
    """
    if runs and runs[0][1].mode == "incremental":
        return []
    bare_by_round = {round_number: result for round_number, result in bare_runs}
    return [result.pages_per_s / bare_by_round[round_number].pages_per_s
            for round_number, result in runs
            if round_number in bare_by_round and bare_by_round[round_number].pages]


def format_table(results: dict[str, list[tuple[int, RunResult]]], unavailable: dict[str, str]) -> str:
    header = (f"{'mode':<12} {'pages/s':>8} {'vs bare':>8} {'wall s':>8} {'peak RSS MB':>12} "
              f"{'tree PSS MB':>12} {'rows':>13}  notes")
    lines = [header, "-" * len(header)]
    bare_runs = results.get("bare", [])
    for mode, runs in results.items():
        measured = [result for _, result in runs]
        ratios = ratios_to_bare(runs, bare_runs)
        lines.append(
            f"{mode:<12} {statistics.median(r.pages_per_s for r in measured):>8.0f} "
            f"{_median_or_dash(ratios, '{:.2f}'):>8} "
            f"{statistics.median(r.wall_s for r in measured):>8.1f} "
            f"{statistics.median(r.peak_rss_mb for r in measured):>12.0f} "
            f"{statistics.median(r.tree_pss_mb for r in measured):>12.0f} "
            f"{_rows_cell(measured):>13}  {_notes_cell(measured)}")
    lines.extend(f"{mode:<12} unavailable: {reason}" for mode, reason in unavailable.items())
    return "\n".join(lines)


def _median_or_dash(values: list[float], fmt: str) -> str:
    return fmt.format(statistics.median(values)) if values else "—"


def _rows_cell(measured: list[RunResult]) -> str:
    if measured[0].rows is None:
        return "—"
    rows = statistics.median(r.rows for r in measured)
    return f"{rows:.0f}/{measured[0].expected_rows}"


def _notes_cell(measured: list[RunResult]) -> str:
    notes = []
    shares = [r.share_of_first_run for r in measured if r.share_of_first_run is not None]
    if shares:
        share = statistics.median(shares)
        verdict = "ok" if share <= INCREMENTAL_TARGET else "MISSES"
        notes.append(f"{share:.1%} of first run (target ≤ {INCREMENTAL_TARGET:.0%}: {verdict})")
    incomplete = sum(any(n.startswith("INCOMPLETE") for n in r.notes) for r in measured)
    if incomplete:
        notes.append(f"INCOMPLETE in {incomplete}/{len(measured)} runs")
    exits = {n for r in measured for n in r.notes if n.startswith("exit")}
    notes.extend(sorted(exits))
    return "; ".join(notes)


def memory_verdict(results: dict[str, list[tuple[int, RunResult]]], articles: int) -> str | None:
    runs = results.get("dedicated")
    if not runs:
        return None
    peak = statistics.median(result.memory_mb for _, result in runs)
    verdict = ""
    if articles >= RSS_TARGET_ARTICLES:
        verdict = f": {'ok' if peak <= RSS_TARGET_MB else 'MISSES'}"
    return (f"memory: dedicated peak {peak:.0f} MB (RSS or tree PSS) at {articles:,} articles "
            f"(target ≤ {RSS_TARGET_MB} MB at {RSS_TARGET_ARTICLES:,}{verdict})")


# --- memory scaling ---------------------------------------------------------------------

def rss_scaling(bench: Benchmark) -> None:
    """One dedicated run at each of RSS_SCALING_SIZES, fresh database each; peaks and ratio."""
    peaks = {}
    original = bench.articles
    try:
        for size in RSS_SCALING_SIZES:
            grow_site(bench.site, size)
            bench.articles = size
            db_path = bench.fresh_dir(f"rss-{size}") / "bench.db"
            try:
                result = bench.crawl("dedicated", bench.dedicated_command(db_path), db_path,
                                      DEDICATED_SOURCE, size)
            except ModeUnavailable as error:
                print(f"rss scaling unavailable: {error}")
                return
            peaks[size] = result.memory_mb
            print(f"rss scaling {size:,} articles: {progress_line(result)}", flush=True)
    finally:
        bench.articles = original
        bench.site.resize(original)
    small, large = RSS_SCALING_SIZES
    growth = peaks[large] / peaks[small] - 1
    print(f"rss scaling: {peaks[small]:.0f} MB at {small:,}, {peaks[large]:.0f} MB at {large:,}: "
          f"{growth:+.1%} (targets ≤ {RSS_TARGET_MB} MB, < {RSS_GROWTH_TARGET:+.0%}: "
          f"{'ok' if peaks[large] <= RSS_TARGET_MB and growth < RSS_GROWTH_TARGET else 'MISSES'})")


def grow_site(site: MirrorSite, articles: int) -> None:
    started = time.perf_counter()
    site.resize(articles)
    print(f"site: {articles:,} articles, {len(list((site.root / 'SiteMap').iterdir()))} monthly "
          f"sitemaps, {_tree_megabytes(site.root / 'Detail'):.0f} MB, "
          f"ready in {time.perf_counter() - started:.1f} s", flush=True)


def _tree_megabytes(root: Path) -> float:
    total = 0
    for directory, _, files in os.walk(root):
        total += sum(os.path.getsize(os.path.join(directory, name)) for name in files)
    return total / 1e6


# --- main -------------------------------------------------------------------------------

@contextmanager
def workspace(keep: str | None):
    """A temp dir removed afterwards, or ``--keep DIR``, left for inspection."""
    if keep:
        path = Path(keep).resolve()
        path.mkdir(parents=True, exist_ok=True)
        yield path
        print(f"kept: {path}")
        return
    path = Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="mirror size (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of all modes (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="site generator seed (default 0)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES), metavar="MODE",
                        help=f"any of {', '.join(MODES)} (default: all)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep site and databases")
    parser.add_argument("--rss-scaling", action="store_true",
                        help="also run dedicated at 5,000 and 20,000 articles and compare peak RSS")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 0:
        parser.error("--articles must be ≥ 1 and --repeat ≥ 0")
    args.modes = [mode for mode in MODES if mode in args.modes]  # A B C D order, no duplicates
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    with workspace(args.keep) as workdir, MirrorServer(workdir / "site") as server:
        site = MirrorSite(server.root, server.origin, args.seed)
        print(f"mirror: {server.origin} serving {server.root}")
        grow_site(site, args.articles)
        print_settings_line()
        bench = Benchmark(site, workdir, args.articles)
        results, unavailable = run_rounds(bench, args.modes, args.repeat)
        if results or unavailable:
            print(f"\nmedians of {args.repeat} round(s), {args.articles:,} articles, seed {args.seed}:")
            print(format_table(results, unavailable))
            verdict = memory_verdict(results, args.articles)
            if verdict:
                print(verdict)
        if args.rss_scaling:
            rss_scaling(bench)
    print(f"total: {time.perf_counter() - started:.0f} s")
    return 0


def print_settings_line() -> None:
    """The Scrapy settings both sides run with, as the bare reference sees them."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "benchmarks.local_settings")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bare_spider import reference_settings, throughput_summary

    settings, notes = reference_settings()
    print(f"scrapy settings: {throughput_summary(settings)}")
    for note in notes:
        print(f"  bare spider: {note}")


if __name__ == "__main__":
    sys.exit(main())
