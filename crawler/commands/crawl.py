"""``crawler crawl``: crawl sources into the database, one summary line, an honest exit status."""

from __future__ import annotations

import sys

from crawler.commands import (EXIT_DEGRADED, EXIT_FAILED, EXIT_LOCKED, EXIT_OK, UsageError,
                              add_command, date_arg)
from crawler.runner import CrawlOptions, log_path_for, run_crawls
from crawler.sources import source_names, spider_class
from crawler.store import resolve_db_path

STATUS_EXIT = {"failed": EXIT_FAILED, "degraded": EXIT_DEGRADED, "locked": EXIT_LOCKED}
SEVERITY = [EXIT_OK, EXIT_LOCKED, EXIT_DEGRADED, EXIT_FAILED]


def register(commands) -> None:
    crawl = add_command(commands, "crawl", cmd_crawl, "crawl sources into the database")
    crawl.add_argument("sources", nargs="*", metavar="SOURCE")
    crawl.add_argument("--all", action="store_true", help="crawl every source")
    crawl.add_argument("--base-url", help="fetch from this origin instead of the site's own")
    crawl.add_argument("--max-articles", type=int, metavar="N", help="stop after N articles")
    crawl.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD",
                       help="backfill: also walk archives (sitemaps) back to this date")
    crawl.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")


def cmd_crawl(args) -> int:
    if args.all == bool(args.sources):
        raise UsageError("name one or more sources, or --all")
    sources = source_names() if args.all else args.sources
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
    return max((STATUS_EXIT.get(r.status, EXIT_OK) for r in results), key=SEVERITY.index,
               default=EXIT_OK)


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
