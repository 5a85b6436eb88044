"""``crawler parse``: parse and clean saved pages exactly as a crawl would, print JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from crawler.commands import EXIT_OK, EXIT_USAGE, UsageError, add_command, http_url
from crawler.fetch.html import looks_binary
from crawler.parsing import parse_page, problems, read_page
from crawler.sources import spider_class


def register(commands) -> None:
    parse = add_command(commands, "parse", cmd_parse,
                        "parse saved pages (.html, .html.gz) and print JSON", db=False)
    parse.add_argument("paths", nargs="+", metavar="PATH", help="saved pages")
    parse.add_argument("--source", help="the source's parser (default: generic extraction)")
    parse.add_argument("--url", help="the page's URL (default: its canonical link)")
    parse.add_argument("--explain", action="store_true",
                       help="also say on stderr how the generic extractor chose the body")


def cmd_parse(args) -> int:
    if args.source:
        spider_class(args.source)
    http_url(args.url, "--url")
    several = len(args.paths) > 1
    status = EXIT_OK
    for path in args.paths:
        try:
            body = page_body(path)
        except UsageError as error:  # the other pages are still parsed
            if not several:
                raise
            print(f"crawler: {error}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        article = parse_page(body, args.url, args.source)
        if args.explain:
            _explain(path, body, article.url, args.source)
        missing = problems(article)
        if missing:
            print(f"{path}: {', '.join(missing)}", file=sys.stderr)
        output = {"path": path, **asdict(article)} if several else asdict(article)
        print(json.dumps(output, ensure_ascii=False, indent=None if several else 2))
    return status


def page_body(path: str) -> bytes:
    """A saved page's bytes, unpacked; an empty or binary file is no page."""
    try:
        body = read_page(path)
    except (OSError, EOFError) as error:  # EOFError: a truncated .gz
        raise UsageError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") \
            from None
    if not body.strip():
        raise UsageError(f"{path}: empty, not an HTML page")
    if looks_binary(body):  # the rule a crawl refuses such a response by
        raise UsageError(f"{path}: binary data, not an HTML page")
    return body


def _explain(path: str, body: bytes, url: str, source: str | None) -> None:
    """The generic extractor's decision for a page: candidate taken, rules and what they did."""
    if source:
        print(f"{path}: parsed by the {source!r} source's selectors; the generic extractor "
              "only fills the fields they leave empty", file=sys.stderr)
        return
    from crawler.extract.generic import extract

    for line in extract(body, url).decision.lines():
        print(f"{path}: {line}", file=sys.stderr)
