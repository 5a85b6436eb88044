"""The ``crawler`` command: crawl sources into SQLite and look at what was stored.

Exit statuses (for cron): 0 ok, 1 a source failed, 2 usage error, 3 a source is degraded
(parser health), 75 a source was locked by a running crawl.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from dataclasses import asdict
from datetime import date

from crawler.parsing import parse_page, problems, read_page
from crawler.runner import CrawlOptions, log_path_for, run_crawls
from crawler.sources import UnknownSource, source_names, spider_class
from crawler.store import Store, StoreError, resolve_db_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DEGRADED, EXIT_LOCKED = 0, 1, 2, 3, 75
STATUS_EXIT = {"failed": EXIT_FAILED, "degraded": EXIT_DEGRADED, "locked": EXIT_LOCKED}


class UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (UsageError, UnknownSource, StoreError) as error:
        print(f"crawler: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("crawler: interrupted", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # one readable line for cron; the traceback goes to the log
        logging.getLogger("crawler").error("unexpected error\n%s", traceback.format_exc())
        print(f"crawler: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crawler", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name, handler, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    def with_db(sub):
        sub.add_argument("--db", help="SQLite file (default: $CRAWLER_DB or data/news.db)")
        return sub

    crawl = with_db(command("crawl", cmd_crawl, "crawl sources into the database"))
    crawl.add_argument("sources", nargs="*", metavar="SOURCE")
    crawl.add_argument("--all", action="store_true", help="crawl every source")
    crawl.add_argument("--base-url", help="fetch from this origin instead of the site's own")
    crawl.add_argument("--max-articles", type=int, metavar="N", help="stop after N articles")
    crawl.add_argument("--since", type=_date_arg, metavar="YYYY-MM-DD",
                       help="backfill: also walk archives (sitemaps) back to this date")
    crawl.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")

    with_db(command("sources", cmd_sources, "list sources with their table, size and last run"))

    parse = command("parse", cmd_parse, "parse saved pages (.html, .html.gz) and print JSON")
    parse.add_argument("paths", nargs="+", metavar="PATH")
    parse.add_argument("--source", help="the source's parser (default: generic extraction)")
    parse.add_argument("--url", help="the page's URL (default: its canonical link)")

    runs = with_db(command("runs", cmd_runs, "show the latest run records"))
    runs.add_argument("--source")
    runs.add_argument("-n", "--limit", type=int, default=20)
    return parser


def cmd_crawl(args) -> int:
    names = source_names()
    if args.all == bool(args.sources):
        raise UsageError("name one or more sources, or --all")
    sources = names if args.all else args.sources
    for source in sources:
        spider_class(source)  # unknown names fail here, before anything runs
    results = run_crawls(sources, CrawlOptions(db=args.db, base_url=args.base_url,
                                               max_articles=args.max_articles, since=args.since))
    for result in results:
        if result.status != "ok":
            print(f"{result.status.upper()} {result.source}: {result.reason}", file=sys.stderr)
    print(summary_line(results))
    if any(result.status != "ok" for result in results):
        print(f"details: {log_path_for(resolve_db_path(args.db))}", file=sys.stderr)
    return max((STATUS_EXIT.get(r.status, EXIT_OK) for r in results),
               key=[EXIT_OK, EXIT_LOCKED, EXIT_DEGRADED, EXIT_FAILED].index, default=EXIT_OK)


def summary_line(results) -> str:
    parts = []
    for result in results:
        record = result.record
        if not record:
            parts.append(f"{result.source} {result.status}")
            continue
        parts.append(
            f"{result.source} {result.status}: +{record['articles_new']} new, "
            f"{record['articles_updated']} updated, {record['articles_dropped']} dropped, "
            f"{record['errors']} errors, {record['pages_fetched']} pages")
    total = sum(r.record.get("articles_new", 0) for r in results)
    seconds = max((r.seconds for r in results), default=0)
    return f"crawl: {total} new articles in {seconds:.1f}s — " + "; ".join(parts)


def cmd_sources(args) -> int:
    store = Store(args.db)
    print(f"{'source':<14} {'table':<14} {'articles':>8}  last run")
    for name in source_names():
        last = store.last_run(name)
        when = f"{last['started_at']} {last['status']}" if last else "never"
        print(f"{name:<14} {name:<14} {store.count_articles(name):>8}  {when}")
    return EXIT_OK


def cmd_parse(args) -> int:
    if args.source:
        spider_class(args.source)
    for path in args.paths:
        try:
            body = read_page(path)
        except OSError as error:
            raise UsageError(f"cannot read {path}: {error}") from None
        article = parse_page(body, args.url, args.source)
        output = asdict(article)
        if len(args.paths) > 1:
            output = {"path": path, **output}
        missing = problems(article)
        if missing:
            print(f"{path}: {', '.join(missing)}", file=sys.stderr)
        print(json.dumps(output, ensure_ascii=False, indent=None if len(args.paths) > 1 else 2))
    return EXIT_OK


def cmd_runs(args) -> int:
    store = Store(args.db)
    print(f"{'id':>5} {'source':<12} {'started':<20} {'status':<9} {'pages':>6} {'new':>5} "
          f"{'upd':>4} {'drop':>5} {'err':>4}  reason")
    for run in store.runs(args.source, args.limit):
        print(f"{run['id']:>5} {run['source']:<12} {run['started_at']:<20} {run['status'] or '':<9} "
              f"{run['pages_fetched'] or 0:>6} {run['articles_new'] or 0:>5} "
              f"{run['articles_updated'] or 0:>4} {run['articles_dropped'] or 0:>5} "
              f"{run['errors'] or 0:>4}  {run['reason'] or ''}")
    return EXIT_OK


def _date_arg(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


if __name__ == "__main__":
    sys.exit(main())
