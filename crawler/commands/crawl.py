"""``crawler crawl``: crawl sources into the database, one summary line, an honest exit status."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from crawler.commands import (EXIT_DEGRADED, EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_THROTTLED,
                              UsageError, add_command, http_url, positive_int, reachable_redis,
                              setting_arg, since_arg, writable_db)
from crawler.extract.dates import format_utc
from crawler.fetch.render import RenderUnavailable, check_render_support
from crawler.paths import project_settings
from crawler.run.runner import CrawlOptions, log_path_for, run_crawls
from crawler.sources import adhoc_spider, source_names, spider_class
from crawler.store import Store

STATUS_EXIT = {"failed": EXIT_FAILED, "throttled": EXIT_THROTTLED, "degraded": EXIT_DEGRADED,
               "locked": EXIT_LOCKED}
SEVERITY = [EXIT_OK, EXIT_LOCKED, EXIT_DEGRADED, EXIT_THROTTLED, EXIT_FAILED]


def register(commands) -> None:
    crawl = add_command(commands, "crawl", cmd_crawl, "crawl sources into the database")
    crawl.add_argument("sources", nargs="*", metavar="SOURCE",
                       help="the sources to crawl (`crawler sources` lists them)")
    crawl.add_argument("--all", action="store_true",
                       help="crawl every source: coded, declared and the database's ad-hoc ones")
    crawl.add_argument("--base-url", metavar="URL",
                       help="fetch from this origin instead of the site's own")
    crawl.add_argument("--max-articles", type=positive_int, metavar="N",
                       help="download at most N article pages per source (default: no cap)")
    crawl.add_argument("--since", type=since_arg, metavar="YYYY-MM-DD",
                       help="backfill: also walk archives (sitemaps) back to this date")
    crawl.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    crawl.add_argument("-v", "--verbose", action="store_true",
                       help="also print the log on stderr (it always goes to logs/ beside the "
                            "database)")
    crawl.add_argument("--log-level", type=str.upper, default="INFO",
                       choices=("DEBUG", "INFO", "WARNING", "ERROR"), help="the log's level")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                       dest="settings", help="a Scrapy or project setting (repeatable), e.g. "
                                             "-s DOWNLOAD_DELAY=2")
    crawl.add_argument("--redis", metavar="URL",
                       help="run as one worker of a distributed crawl (redis://HOST:PORT/DB); "
                            "`crawler store --redis URL` writes what the workers find")
    adhoc = crawl.add_argument_group(
        "ad-hoc source", "a site known only by its feeds and sitemaps, with generic extraction; "
                         "once crawled, it is kept in the database: `crawler crawl NAME`")
    adhoc.add_argument("--name", help="the source's name, which is its table ([a-z][a-z0-9_]*)")
    adhoc.add_argument("--feed", action="append", default=[], metavar="URL",
                       help="an RSS/Atom feed (repeatable)")
    adhoc.add_argument("--sitemap", action="append", default=[], metavar="URL",
                       help="a sitemap (repeatable)")


def cmd_crawl(args) -> int:
    settings = dict(setting_arg(text) for text in args.settings)
    http_url(args.base_url, "--base-url")
    db = writable_db(args.db)  # before the sources: reading them may open the database
    sources = _sources_to_crawl(args, db)
    _check_rendering(sources)
    if args.redis:
        reachable_redis(args.redis)
    results = run_crawls(sources, CrawlOptions(db=db, base_url=args.base_url,
                                               max_articles=args.max_articles, since=args.since,
                                               redis=args.redis, settings=settings,
                                               log_level=args.log_level, verbose=args.verbose,
                                               progress=sys.stderr.isatty() and not args.quiet))
    if args.name and any(result.status in ("ok", "degraded") for result in results):
        keep_adhoc_source(db, args.name, args.feed, args.sitemap)
    for result in results:
        if result.status != "ok":
            print(f"{result.status.upper()} {result.source}: {result.reason}", file=sys.stderr)
    print(summary_line(results))
    if any(result.status != "ok" for result in results):
        print(f"details: {log_path_for(db)}", file=sys.stderr)
    return max((STATUS_EXIT.get(r.status, EXIT_OK) for r in results), key=SEVERITY.index,
               default=EXIT_OK)


def _sources_to_crawl(args, db) -> list:
    """Spider classes of the sources to crawl, every name checked before anything runs."""
    if args.name or args.feed or args.sitemap:
        if not args.name or args.sources or args.all:
            raise UsageError("an ad-hoc crawl is --name NAME with --feed/--sitemap URLs, "
                             "and no other source")
        return [adhoc_spider(args.name, args.feed, args.sitemap)]
    if args.all == bool(args.sources):
        raise UsageError("name one or more sources, or --all, or --name with --feed/--sitemap")
    names = source_names(db) if args.all else list(dict.fromkeys(args.sources))  # once each
    return [spider_class(name, db) for name in names]  # unknown names fail here


def keep_adhoc_source(db, name: str, feeds: list[str], sitemaps: list[str]) -> None:
    """An ad-hoc source that ran is kept, to be crawled, listed and scheduled by name."""
    store = Store(db)
    try:
        store.save_adhoc_source(name, feeds, sitemaps, format_utc(datetime.now(timezone.utc)))
    finally:
        store.close()


def _check_rendering(sources: list) -> None:
    """A source that renders its pages needs scrapy-playwright and a Chromium: said up front."""
    for spider in sources:
        if spider.render:
            try:
                check_render_support(spider.name, project_settings())
            except RenderUnavailable as missing:
                raise UsageError(str(missing)) from None


def summary_line(results) -> str:
    parts = []
    for result in results:
        record = result.record
        if not record:
            parts.append(f"{result.source} {result.status}")
            continue
        articles = (f"{record['articles_queued']} queued" if "articles_queued" in record
                    else f"+{record['articles_new']} new, {record['articles_updated']} updated")
        parts.append(
            f"{result.source} {result.status}: {articles}, {record['articles_dropped']} dropped, "
            f"{record['errors']} errors, {record['pages_fetched']} pages")
    seconds = max((r.seconds for r in results), default=0)
    if any("articles_queued" in r.record for r in results):  # a distributed crawl's worker
        total = sum(r.record["articles_queued"] for r in results if r.record)
        return (f"crawl: {total} articles queued for the writer in {seconds:.1f}s — "
                + "; ".join(parts))
    total = sum(r.record.get("articles_new", 0) for r in results)
    return f"crawl: {total} new articles in {seconds:.1f}s — " + "; ".join(parts)
