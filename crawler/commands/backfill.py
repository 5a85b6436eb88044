"""``crawler backfill``: a source's articles from WARC archives (files, globs, URLs, CC-NEWS),
through the crawl's own parse, clean, validate, dedupe and store (crawler/warc)."""

from __future__ import annotations

import os
import sys
import urllib.error
from datetime import date

from crawler.commands import EXIT_FAILED, EXIT_OK, UsageError, add_command, http_url, writable_db
from crawler.commands.crawl import SEVERITY, STATUS_EXIT, summary_line
from crawler.config import adhoc_domain_source
from crawler.paths import project_settings
from crawler.run.runner import CrawlOptions, log_path_for, run_crawls
from crawler.sources import source_names, spider_class
from crawler.warc.backfill import backfill_spider
from crawler.warc.reader import cc_news_locations, expand_locations, is_url
from crawler.warc.shared import WarcFiles


def register(commands) -> None:
    backfill = add_command(commands, "backfill", cmd_backfill,
                           "store a source's articles from WARC files (an archive, CC-NEWS, "
                           "a crawl's own WARC_DIR)")
    backfill.add_argument("sources", nargs="*", metavar="SOURCE",
                          help="sources whose articles to read from the files")
    backfill.add_argument("--all", action="store_true", help="every source")
    backfill.add_argument("--warc", nargs="+", action="extend", default=[],
                          metavar="PATH_OR_URL",
                          help="WARC files (.warc, .warc.gz; globs; http(s) URLs, streamed)")
    backfill.add_argument("--cc-news", metavar="FROM..TO",
                          help="CC-NEWS's WARC files of these days (YYYY-MM-DD..YYYY-MM-DD)")
    backfill.add_argument("--base-url", help="records of this origin (a mirror the archive was "
                                             "fetched from) are the source's too")
    backfill.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    adhoc = backfill.add_argument_group("ad-hoc source", "a site known only by its domain")
    adhoc.add_argument("--name", help="the source's name, which is its table ([a-z][a-z0-9_]*)")
    adhoc.add_argument("--domain", action="append", default=[],
                       help="its domain (repeatable); pages of it and its www. host are read")


def cmd_backfill(args) -> int:
    http_url(args.base_url, "--base-url")
    db = writable_db(args.db)  # before the sources: reading them may open the database
    spiders = _spiders(args, db)
    if bool(args.warc) == bool(args.cc_news):
        raise UsageError("give --warc PATH_OR_URL... or --cc-news FROM..TO")
    locations = _locations(args)
    if locations is None:
        return EXIT_FAILED
    files = WarcFiles(locations, [spider.name for spider in spiders])
    results = run_crawls([backfill_spider(spider, files) for spider in spiders],
                         CrawlOptions(db=db, base_url=args.base_url,
                                      progress=sys.stderr.isatty() and not args.quiet))
    for result in results:
        if result.status != "ok":
            print(f"{result.status.upper()} {result.source}: {result.reason}", file=sys.stderr)
    print("backfill" + summary_line(results).removeprefix("crawl"))
    if any(result.status != "ok" for result in results):
        print(f"details: {log_path_for(db)}", file=sys.stderr)
    return max((STATUS_EXIT.get(r.status, EXIT_OK) for r in results), key=SEVERITY.index,
               default=EXIT_OK)


def _spiders(args, db) -> list[type]:
    if args.name or args.domain:
        if not (args.name and args.domain) or args.sources or args.all:
            raise UsageError("an ad-hoc backfill is --name NAME with --domain DOMAIN, "
                             "and no other source")
        if args.name in source_names(db):
            raise UsageError(f"source {args.name!r} exists; an ad-hoc backfill needs a name "
                             f"of its own")
        from spiders import configured
        return [configured.spider_class(adhoc_domain_source(args.name, args.domain))]
    if args.all == bool(args.sources):
        raise UsageError("name one or more sources, or --all, or --name with --domain")
    names = source_names(db) if args.all else list(dict.fromkeys(args.sources))
    return [spider_class(name, db) for name in names]  # unknown names fail here


def _locations(args) -> list[str] | None:
    if args.cc_news:
        first, last = _date_range(args.cc_news)
        base = project_settings().get("CC_NEWS_BASE_URL")
        try:
            locations = cc_news_locations(base, first, last)
        except (OSError, urllib.error.URLError, EOFError) as error:
            print(f"crawler: cannot list CC-NEWS files at {base}: {error}", file=sys.stderr)
            return None
        if not locations:
            print(f"crawler: CC-NEWS lists no WARC file for {args.cc_news}", file=sys.stderr)
            return None
        return locations
    locations = expand_locations(args.warc)
    for value in args.warc:
        if not is_url(value) and not expand_locations([value]):
            raise UsageError(f"no WARC file matches {value!r}")
    missing = [path for path in locations
               if not is_url(path) and not os.path.isfile(path)]
    if missing:
        raise UsageError(f"no such WARC file: {missing[0]}")
    return locations


def _date_range(value: str) -> tuple[date, date]:
    first, sep, last = value.partition("..")
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last if sep else first)
    except ValueError:
        raise UsageError(f"--cc-news {value!r}: use YYYY-MM-DD..YYYY-MM-DD") from None
    if end < start:
        raise UsageError(f"--cc-news {value!r}: the range ends before it starts")
    return start, end
