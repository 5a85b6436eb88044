"""``crawler check``: parse a source's saved pages and report how many of them gave each field.

The same rule as a crawl's parser health (``crawler.run.record``): a required field missing from more
than ``HEALTH_MISSING_SHARE`` of the pages, or found only by a fallback (metadata, generic
extraction) on more of them (a layout the source does not recognise), fails the check, exit status 3. Run it on freshly saved
pages (``--pages``) to see whether a site's redesign broke its parser.
"""

from __future__ import annotations

import sys
from pathlib import Path

from crawler.commands import EXIT_DEGRADED, EXIT_OK, UsageError, add_command
from crawler.items import HEALTH_FIELDS, PAGE_FIELDS
from crawler.parsing import parse_page, read_page
from crawler.paths import project_settings
from crawler.sources import spider_class

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def register(commands) -> None:
    check = add_command(commands, "check", cmd_check,
                        "parse a source's saved pages and report how many gave each field",
                        db=False)
    check.add_argument("sources", nargs="+", metavar="SOURCE", help="the sources to check")
    check.add_argument("--pages", nargs="+", metavar="PATH",
                       help="pages to parse (default: tests/fixtures/SOURCE/*.html[.gz])")


def cmd_check(args) -> int:
    if args.pages and len(args.sources) > 1:
        raise UsageError("--pages goes with one source")
    threshold = project_settings().getfloat("HEALTH_MISSING_SHARE")
    status = EXIT_OK
    for source in args.sources:
        spider_class(source)  # unknown names fail before any page is read
        paths = [Path(path) for path in args.pages] if args.pages else saved_pages(source)
        articles = {path: parse_page(_read(path), None, source) for path in paths}
        total = len(articles)
        lacking = {name: [path.name for path, article in articles.items()
                          if not getattr(article, name)] for name in PAGE_FIELDS}
        fell_back = {name: [path.name for path, article in articles.items()
                            if name in article.fell_back] for name in PAGE_FIELDS}
        fell_back = {name: pages for name, pages in fell_back.items() if pages}
        print(f"{source}: {total} pages  " + "  ".join(
            f"{name} {total - len(pages)}/{total}" for name, pages in lacking.items())
            + "".join(f"  fallback {name} {len(pages)}/{total}" for name, pages in fell_back.items()))
        for name, pages in fell_back.items():
            if len(pages) > threshold * total:
                print(f"BELOW {source}: layout not recognised, {name} by fallback on "
                      f"{len(pages)}/{total} pages: {', '.join(pages)}", file=sys.stderr)
                status = EXIT_DEGRADED
        for name in HEALTH_FIELDS:
            if len(lacking[name]) > threshold * total:
                print(f"BELOW {source}: {name} on {total - len(lacking[name])}/{total} pages "
                      f"(more than {threshold:.0%} without it): {', '.join(lacking[name])}",
                      file=sys.stderr)
                status = EXIT_DEGRADED
    return status


def saved_pages(source: str) -> list[Path]:
    folder = FIXTURES / source
    pages = sorted(folder.glob("*.html")) + sorted(folder.glob("*.html.gz"))
    if not pages:
        raise UsageError(f"no saved pages for {source} in {folder}/; give --pages")
    return pages


def _read(path: Path) -> bytes:
    try:
        return read_page(path)
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
