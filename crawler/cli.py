"""The ``crawler`` command: crawl news sources into SQLite and look at what was stored.

Exit statuses (for cron): 0 ok, 1 a source failed, 2 usage error, 3 a source is degraded
(parser health), 4 a site throttled us (429/503) and the run stopped, 75 a source was locked
by a running crawl, 141 stdout's reader went away.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from importlib import metadata

from crawler.commands import (EXIT_FAILED, EXIT_PIPE, EXIT_USAGE, Parser, Unreachable,
                              UsageError, backfill, check, crawl, datasette, export, history,
                              inspect, parse, schedule, search, stats, status, store)
from crawler.config import SOURCES_ENV, ConfigError
from crawler.sources import UnknownSource
from crawler.store import StoreError

COMMANDS = (crawl, backfill, inspect, parse, check, store, search, export, stats, history, status,
            schedule, datasette)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="crawler", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    for command in commands.choices.values():
        command.add_argument("--sources-file", metavar="PATH",
                             help="declared sources (default: $CRAWLER_SOURCES, else "
                                  "~/.config/newscrawler/sources.toml if it exists, else the "
                                  "shipped ones)")
    return parser


def _version() -> str:
    try:
        return metadata.version("newscrawler")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # --help, --version, or a usage error already printed
            sys.stdout.flush()
            return done.code
        if args.sources_file:  # read where spiders are loaded, in this process and any child
            os.environ[SOURCES_ENV] = os.path.abspath(args.sources_file)
        status = args.handler(args)
        sys.stdout.flush()  # inside the try: a closed pipe often shows only here
        return status
    except BrokenPipeError:  # `crawler … | head`: the reader has what it wanted
        _silence_stdout()
        return EXIT_PIPE
    except (UsageError, UnknownSource, StoreError, ConfigError) as error:
        print(f"crawler: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Unreachable as error:
        print(f"crawler: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("crawler: interrupted", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # one readable line for cron; the traceback goes to the log
        if logging.getLogger().handlers:  # a crawl's log file; elsewhere not on the terminal
            logging.getLogger("crawler").error("unexpected error\n%s", traceback.format_exc())
        print(f"crawler: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED


def _silence_stdout() -> None:
    """Later writes and the final flush go nowhere instead of raising again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
