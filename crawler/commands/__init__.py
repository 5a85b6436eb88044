"""The ``crawler`` subcommands, one module each; ``crawler.cli`` lists them.

A module defines ``register(commands)``, which adds its subparsers with ``add_command``.
"""

from __future__ import annotations

import argparse
from datetime import date

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DEGRADED, EXIT_LOCKED = 0, 1, 2, 3, 75


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


def add_command(commands, name: str, handler, help: str, db: bool = True) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help, description=help)
    sub.set_defaults(handler=handler)
    if db:
        sub.add_argument("--db", help="SQLite file (default: $CRAWLER_DB or data/news.db)")
    return sub


def date_arg(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None
