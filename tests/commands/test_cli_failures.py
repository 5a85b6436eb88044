"""Every CLI failure is one line on stderr and the right exit status, and creates nothing.

Each case runs the command in a directory of its own (in this process, or in a child where a
pipe or a crawl is involved) and compares what is on disk before and after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from types import SimpleNamespace

import pytest

from crawler.cli import build_parser, main
from tests.helpers import fill, free_port, stored_article
from tests.sites.generic_news import generic_news_site, news_stories

READ_COMMANDS = [["sources"], ["runs"], ["status"], ["stats"], ["search", "Tehran"],
                 ["export", "presstv"], ["history", "https://www.presstv.example/news/1"]]


def crawler(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The command in a child process, as a shell runs it."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("CRAWLER_DB", "CRAWLER_SOURCES")}
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120, env=environment)


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """The command in this process, run from ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    for name in ("CRAWLER_DB", "CRAWLER_SOURCES"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str):
        status = main(list(args))
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=status, stdout=out, stderr=err)
    return run


def listing(*folders: Path) -> dict[str, tuple]:
    """Every file and folder under ``folders``, with each file's size and modification time."""
    found = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            if path.name.endswith(("-wal", "-shm")):  # SQLite's, beside a database being read
                continue
            stat = path.stat()
            found[str(path)] = (path.is_dir(), stat.st_size if path.is_file() else 0,
                                stat.st_mtime_ns if path.is_file() else 0)
    return found


def one_line(result, status: int, message: str) -> None:
    assert result.returncode == status, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def stored(tmp_path) -> Path:
    db = tmp_path / "data" / "news.db"
    db.parent.mkdir()
    fill(db, "presstv", [stored_article("presstv", n, f"Tehran story {n}", "Text. " * 50,
                                      f"{date.today() - timedelta(days=n)}T08:00:00Z")
                         for n in range(1, 4)])
    return db


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_read_command_given_a_missing_database_creates_none(tmp_path, cli, command):
    before = listing(tmp_path)
    result = cli(*command, "--db", "mistyped/news.db")
    one_line(result, 2, "no database at mistyped/news.db")
    assert listing(tmp_path) == before


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_read_command_given_a_folder_or_another_file_says_so(tmp_path, cli, command):
    text = tmp_path / "notes.txt"
    text.write_text("root:x:0:0:root:/root:/bin/bash\n")
    before = listing(tmp_path)
    one_line(cli(*command, "--db", str(tmp_path)), 2, "is a directory")
    one_line(cli(*command, "--db", str(text)), 2, "is not a SQLite database")
    assert listing(tmp_path) == before


def test_sources_without_any_database_lists_the_sources_and_creates_nothing(
        tmp_path, cli, monkeypatch):
    monkeypatch.setenv("CRAWLER_DB", str(tmp_path / "data" / "news.db"))  # as the default
    before = listing(tmp_path)
    result = cli("sources")
    assert result.returncode == 0, result.stderr
    assert "presstv" in result.stdout and "france24" in result.stdout
    assert result.stderr == f"(no database yet at {tmp_path / 'data' / 'news.db'})\n"
    assert listing(tmp_path) == before


@pytest.mark.parametrize("where", ["folder", "text file", "/etc/passwd"])
def test_crawl_into_a_folder_or_a_file_that_is_no_database_creates_nothing(tmp_path, cli, where):
    target = {"folder": tmp_path, "text file": tmp_path / "passwd",
              "/etc/passwd": Path("/etc/passwd")}[where]
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    before, etc = listing(tmp_path), sorted(os.listdir("/etc"))
    result = cli("crawl", "presstv", "--db", str(target))
    message = "is a directory" if where == "folder" else "is not a SQLite database"
    one_line(result, 2, f"--db {target} {message}")
    assert listing(tmp_path) == before and sorted(os.listdir("/etc")) == etc  # no logs/, locks/


def test_crawl_where_no_folder_can_be_made_creates_nothing(tmp_path, cli):
    (tmp_path / "notes.txt").write_text("a file, where the path wants a folder\n")
    before = listing(tmp_path)
    one_line(cli("crawl", "presstv", "--db", str(tmp_path / "notes.txt" / "x" / "news.db")), 2,
             f"cannot write in {tmp_path / 'notes.txt'}")
    assert listing(tmp_path) == before


@pytest.mark.parametrize("since, message", [
    ((date.today() + timedelta(days=400)).isoformat(), "is after today"),
    ((date.today() + timedelta(days=2)).isoformat(), "is after today"),
    ("1985-06-01", "is before 1990-01-01"),
    ("2024-13-01", "is not a date (YYYY-MM-DD)"),
])
def test_a_since_date_no_article_can_have_is_a_usage_error(tmp_path, cli, since, message):
    before = listing(tmp_path)
    result = cli("crawl", "presstv", "--since", since, "--db", "news.db")
    one_line(result, 2, "argument --since: ")
    assert message in result.stderr
    assert listing(tmp_path) == before


@pytest.mark.parametrize("args, message", [
    (["crawl", "presstv", "--max-articles", "-3"], "argument --max-articles: -3 must be 1 or more"),
    (["crawl", "presstv", "--max-articles", "0"], "argument --max-articles: 0 must be 1 or more"),
    (["stats", "--weeks", "0"], "argument --weeks: 0 must be 1 or more"),
    (["stats", "--weeks", "-2"], "argument --weeks: -2 must be 1 or more"),
    (["runs", "-n", "-1"], "argument -n/--limit: -1 must be 1 or more"),
    (["crawl", "presstv", "-s", "DOWNLOAD_DELAY"], "-s 'DOWNLOAD_DELAY': give NAME=VALUE"),
    (["crawl", "presstv", "--base-url", "mirror.example"], "--base-url 'mirror.example' is not"),
    # abbreviations are off: --source is not --sources-file, --out is not --output
    (["runs", "--sources", "presstv"], "unrecognized arguments: --sources presstv"),
    (["export", "presstv", "--out", "x.jsonl"], "unrecognized arguments: --out x.jsonl"),
    (["crawl", "presstv", "--max", "3"], "unrecognized arguments: --max 3"),
])
def test_bad_option_values_are_one_line(tmp_path, cli, stored, args, message):
    before = listing(tmp_path)
    one_line(cli(*args, "--db", str(stored)), 2, message)
    assert listing(tmp_path) == before


def test_status_source_is_a_filter_not_an_abbreviation(cli, stored):
    result = cli("status", "--source", "presstv", "--db", str(stored))
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["source", "presstv"]


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_output_into_a_missing_folder_or_onto_a_folder_creates_and_loses_nothing(
        tmp_path, cli, stored, option):
    command = ["export", "presstv"] if option == "-o" else ["stats"]
    before = listing(tmp_path)
    one_line(cli(*command, option, "missing/out.txt", "--db", str(stored)), 2,
             f"{option} missing/out.txt: no such directory")
    one_line(cli(*command, option, str(tmp_path), "--db", str(stored)), 2,
             f"{option} {tmp_path} is a directory")
    assert listing(tmp_path) == before


def test_an_export_that_fails_leaves_the_previous_file(tmp_path, cli, stored):
    previous = tmp_path / "out.jsonl"
    previous.write_text("yesterday's export\n")
    before = listing(tmp_path)
    one_line(cli("export", "nosuch", "-o", str(previous), "--db", str(stored)), 2,
             "no table 'nosuch'")
    assert listing(tmp_path) == before
    assert cli("export", "presstv", "-o", str(previous), "--db", str(stored)).returncode == 0
    assert len(previous.read_text().splitlines()) == 3
    assert oct(previous.stat().st_mode & 0o777) != oct(0o600)  # made as open() makes files


PIPED = [["sources"], ["status"], ["export", "presstv"], ["schedule"], ["crawl", "--help"]]


@pytest.mark.parametrize("command", PIPED, ids=lambda c: " ".join(c))
def test_a_reader_that_goes_away_is_no_traceback(tmp_path, stored, command):
    """`crawler … | head`: the pipe is closed before the command writes."""
    read, write = os.pipe()
    os.close(read)
    environment = {key: value for key, value in os.environ.items() if key != "CRAWLER_DB"}
    child = subprocess.run([sys.executable, "-m", "crawler", *command, "--db", str(stored)],
                           stdout=write, stderr=subprocess.PIPE, text=True, timeout=60,
                           cwd=tmp_path, env=environment)
    os.close(write)
    assert child.stderr == ""
    # 128 + SIGPIPE, as `yes | head` ends; argparse itself ignores a failed write of --help.
    assert child.returncode == (0 if "--help" in command else 141)


def test_redis_down_or_a_malformed_url(tmp_path, cli):
    down = f"redis://127.0.0.1:{free_port()}/0"
    before = listing(tmp_path)
    one_line(cli("store", "--redis", down, "--db", "news.db"), 1,
             f"cannot reach Redis at {down}")
    one_line(cli("crawl", "presstv", "--redis", down, "--db", "news.db"), 1,
             f"cannot reach Redis at {down}")
    one_line(cli("store", "--redis", "http://127.0.0.1:6379/0", "--db", "news.db"),
             2, "--redis http://127.0.0.1:6379/0: Redis URL must specify one of")
    one_line(cli("crawl", "presstv", "--redis", "127.0.0.1:6379", "--db", "news.db"), 2,
             "--redis 127.0.0.1:6379: Redis URL must specify")
    assert listing(tmp_path) == before  # no database, no logs/, no locks/


def test_an_html_page_given_as_a_feed_is_a_failed_run(tmp_path):
    stories = news_stories(2)
    with generic_news_site(tmp_path / "site", stories) as site:
        result = crawler(tmp_path, "crawl", "--name", "looked_up", "--feed",
                         f"{site.url}{stories[0].path}", "--db", "news.db")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        "FAILED looked_up: no feed, sitemap or section could be read: 1 fetched, not a feed or "
        "sitemap (invalid_feed ×1)")
    assert "Traceback" not in result.stderr
    # A source that never ran well is not kept: the typo is not crawled again by --all.
    again = crawler(tmp_path, "crawl", "looked_up", "--db", "news.db")
    one_line(again, 2, "unknown source 'looked_up'")


@pytest.mark.parametrize("content, message", [
    (b"", "empty, not an HTML page"),
    (b"  \n\t\n", "empty, not an HTML page"),
    (bytes(range(256)) * 8, "binary data, not an HTML page"),
    (bytes(range(1, 256)) * 8, "binary data, not an HTML page"),  # no NUL: control bytes
    (b"\x89PNG\r\n\x1a\n" + b"x" * 100, "binary data, not an HTML page"),
    (b"\x1f\x8b\x08\x00garbage", "cannot read"),
])
def test_parse_of_an_empty_or_binary_file_is_a_usage_error(tmp_path, cli, content, message):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    before = listing(tmp_path)
    result = cli("parse", str(page))
    one_line(result, 2, message)
    assert result.stdout == "" and listing(tmp_path) == before


def test_parse_of_several_pages_goes_on_past_a_bad_one(tmp_path, cli):
    (tmp_path / "empty.html").write_bytes(b"")
    good = tmp_path / "good.html"
    good.write_text("<html><head><title>A title</title></head><body><p>"
                    + "Words of the story. " * 40 + "</p></body></html>")
    result = cli("parse", "empty.html", "good.html")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "crawler: empty.html: empty, not an HTML page"
    assert '"path": "good.html"' in result.stdout


@pytest.mark.parametrize("url", ["not-a-url", "example.com/a", "ftp://example.com/a"])
def test_parse_refuses_a_url_that_is_not_one(tmp_path, cli, url):
    page = tmp_path / "page.html"
    page.write_text("<html><title>x</title><p>y</p></html>")
    one_line(cli("parse", "--url", url, str(page)), 2,
             f"--url {url!r} is not an http(s) URL")


def test_version_and_help_for_every_option(cli):
    parser = build_parser()
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("crawler 0.")
    commands = next(action for action in parser._actions if action.choices)
    for name, sub in commands.choices.items():
        for action in sub._actions:
            assert action.help, f"crawler {name} {action.option_strings or action.dest}: no help"
    stats_help = commands.choices["stats"].format_help()
    assert "(default: 4)" in stats_help  # defaults are named
