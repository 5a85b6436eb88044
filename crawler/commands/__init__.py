"""The ``crawler`` subcommands, one module each; ``crawler.cli`` lists them.

A module defines ``register(commands)``, which adds its subparsers with ``add_command``.
The checks here run before a command creates anything: a bad path or value is one line and
exit status 2, and no file or directory is left behind.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime, timezone
from pathlib import Path

from crawler.extract.dates import EARLIEST
from crawler.store import Store, resolve_db_path
from crawler.urls import is_http_url

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DEGRADED, EXIT_THROTTLED, EXIT_LOCKED = 0, 1, 2, 3, 4, 75
EXIT_PIPE = 141  # stdout's reader went away (`| head`): 128 + SIGPIPE, as shell tools exit
SQLITE_HEADER = b"SQLite format 3\x00"


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class Unreachable(Exception):
    """A service the command needs (Redis) cannot be reached: one line, exit status 1."""


class Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (and no prefix matching of option names)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)  # `--source` must not become `--sources-file`
        kwargs.setdefault("formatter_class", DefaultsHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


class DefaultsHelpFormatter(argparse.HelpFormatter):
    """Help that names each option's default, when it has one worth naming."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "%(default)" in text or "default" in text or action.default in (
                None, False, [], argparse.SUPPRESS) or not action.option_strings:
            return text
        return f"{text} (default: %(default)s)"


def add_command(commands, name: str, handler, help: str, db: bool = True) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help, description=help)
    sub.set_defaults(handler=handler)
    if db:
        sub.add_argument("--db", metavar="PATH",
                         help="SQLite file (default: $CRAWLER_DB, else data/news.db in a "
                              "checkout, else ~/.local/share/newscrawler/news.db)")
    return sub


def date_arg(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def since_arg(value: str) -> str:
    """A date articles can have been published on: not after today, not before 1990."""
    day = date_arg(value)
    today = datetime.now(timezone.utc).date().isoformat()
    if day > today:
        raise argparse.ArgumentTypeError(f"{day} is after today ({today})")
    if day < EARLIEST.date().isoformat():
        raise argparse.ArgumentTypeError(
            f"{day} is before {EARLIEST.date()}, the earliest date an article is taken to have")
    return day


def setting_arg(text: str) -> tuple[str, str]:
    """``-s NAME=VALUE``, as Scrapy's own commands take it."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise UsageError(f"-s {text!r}: give NAME=VALUE, e.g. -s DOWNLOAD_DELAY=2")
    return name.strip(), value


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return number


def http_url(value: str | None, option: str) -> str | None:
    """``value`` when it is an http(s) URL with a host (or not given); else a usage error."""
    if value is not None and not is_http_url(value):
        raise UsageError(f"{option} {value!r} is not an http(s) URL")
    return value


def existing_db(db: str | None) -> Path:
    """The database a read command reads: it must exist (a typo must not create one)."""
    path = resolve_db_path(db)
    if path.is_dir():
        raise UsageError(f"--db {path} is a directory, not a database file")
    if not path.exists():
        raise UsageError(f"no database at {path} (nothing crawled there yet; check --db or "
                         f"$CRAWLER_DB)")
    _check_sqlite(path)
    return path


def open_existing(db: str | None) -> Store:
    return Store(existing_db(db))


def writable_db(db: str | None) -> Path:
    """The database a crawl or writer will write, checked before its logs/ and locks/ exist."""
    path = resolve_db_path(db)
    if path.is_dir():
        raise UsageError(f"--db {path} is a directory; give a file path, e.g. {path / 'news.db'}")
    if path.exists():
        _check_sqlite(path)
    folder = _nearest_existing(path.parent)
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"--db {path}: cannot write in {folder}")
    return path


def output_file(path: str, option: str) -> Path:
    """A file a command will write: its folder must exist and it must not be a folder."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{option} {path} is a directory; give a file name")
    if not target.absolute().parent.is_dir():
        raise UsageError(f"{option} {path}: no such directory {target.absolute().parent}")
    if not os.access(target.absolute().parent, os.W_OK):
        raise UsageError(f"{option} {path}: cannot write in {target.absolute().parent}")
    return target


def reachable_redis(url: str) -> str:
    """``url`` if it is a Redis URL whose server answers, checked before anything is created."""
    import redis  # only distributed crawls need it

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5)
    except ValueError as error:  # redis-py names the schemes it takes
        raise UsageError(f"--redis {url}: {error}") from None
    try:
        client.ping()
    except redis.RedisError as error:
        raise Unreachable(f"cannot reach Redis at {url}: {error}") from None
    finally:
        client.close()
    return url


def _check_sqlite(path: Path) -> None:
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise UsageError(f"--db {path}: {error.strerror}") from None
    if header and header != SQLITE_HEADER:  # an empty file is an empty database to SQLite
        raise UsageError(f"--db {path} is not a SQLite database")


def _nearest_existing(folder: Path) -> Path:
    folder = folder.absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder

