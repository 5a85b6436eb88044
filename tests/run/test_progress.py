"""The live progress line: on a terminal, a line per source rewritten in place; never under cron."""

import io
import os
import pty
import subprocess
import sys

from crawler.run.progress import Board, progress_line
from tests.helpers import REPO, run_cli
from tests.sites.server import FixtureSite
from tests.sites.settings import settings_env


def crawl_on_a_terminal(*args: str) -> str:
    """The crawl CLI with stderr on a pseudo-terminal; what the terminal showed."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "presstv", *args],
                               cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=slave,
                               env={**os.environ, **settings_env(AUTOTHROTTLE_ENABLED=False)})
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    process.communicate(timeout=120)
    return shown.decode("utf-8", "replace")


def test_a_terminal_shows_the_progress_line(presstv_site, tmp_path):
    shown = crawl_on_a_terminal("--base-url", presstv_site.url, "--db", str(tmp_path / "n.db"))
    lines = [part for part in shown.split("\x1b[2K") if part.startswith("presstv: ")]
    assert lines, shown
    assert lines[-1].startswith("presstv: ") and "+21 new, 0 updated" in lines[-1]
    assert "pages/s" in lines[-1]


def test_quiet_or_no_terminal_shows_only_the_summary(tmp_path):
    (tmp_path / "empty").mkdir()
    with FixtureSite(tmp_path / "empty") as site:  # every page a 404: a quick, failed crawl
        quiet = crawl_on_a_terminal("--base-url", site.url, "--db", str(tmp_path / "n.db"),
                                    "--quiet")
        assert "pages/s" not in quiet and "FAILED presstv" in quiet
        cron = run_cli("crawl", "presstv", "--base-url", site.url, "--db", str(tmp_path / "n.db"),
                       env=settings_env(AUTOTHROTTLE_ENABLED=False))
        assert "pages/s" not in cron.stderr and "FAILED presstv" in cron.stderr


def test_board_rewrites_every_source_line_in_place():
    stream = io.StringIO()
    board = Board(stream)
    board.show("a", "a: 1 pages")
    board.show("b", "b: 2 pages")
    board.show("a", "a: 3 pages")
    first, second, third = stream.getvalue().split("\x1b[2Ka: ")[1:]
    assert stream.getvalue().startswith("\x1b[2Ka: 1 pages\n")
    # Each redraw goes back up over the lines drawn before: one, then two.
    assert second.endswith("\x1b[2F") and third == "3 pages\n\x1b[2Kb: 2 pages\n"


def test_progress_line_reads_the_crawl_stats():
    stats = {"response_received_count": 30, "articles/new": 12, "articles/updated": 3,
             "dropped/missing_body": 2, "dropped/duplicate_url": 1, "errors/http_404": 4}
    assert progress_line("presstv", stats, 10.0) == (
        "presstv: 30 pages, +12 new, 3 updated, 3 dropped, 4 errors, 3.0 pages/s")
    worker = {"response_received_count": 5, "articles/queued": 4}
    assert "4 queued" in progress_line("presstv", worker, 1.0)
