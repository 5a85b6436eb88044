"""``crawler parse``: parse and clean saved pages exactly as a crawl would, print JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from crawler.commands import EXIT_OK, UsageError, add_command
from crawler.parsing import parse_page, problems, read_page
from crawler.sources import spider_class


def register(commands) -> None:
    parse = add_command(commands, "parse", cmd_parse,
                        "parse saved pages (.html, .html.gz) and print JSON", db=False)
    parse.add_argument("paths", nargs="+", metavar="PATH")
    parse.add_argument("--source", help="the source's parser (default: generic extraction)")
    parse.add_argument("--url", help="the page's URL (default: its canonical link)")


def cmd_parse(args) -> int:
    if args.source:
        spider_class(args.source)
    several = len(args.paths) > 1
    for path in args.paths:
        try:
            body = read_page(path)
        except OSError as error:
            raise UsageError(f"cannot read {path}: {error}") from None
        article = parse_page(body, args.url, args.source)
        missing = problems(article)
        if missing:
            print(f"{path}: {', '.join(missing)}", file=sys.stderr)
        output = {"path": path, **asdict(article)} if several else asdict(article)
        print(json.dumps(output, ensure_ascii=False, indent=None if several else 2))
    return EXIT_OK
