"""``crawler export SOURCE``: a source's articles as JSON Lines or CSV, streamed row by row."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import nullcontext

from crawler.commands import EXIT_OK, add_command, date_arg
from crawler.store import Store


def register(commands) -> None:
    export = add_command(commands, "export", cmd_export,
                         "write a source's articles as JSON Lines or CSV (constant memory)")
    export.add_argument("source", metavar="SOURCE")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD",
                        help="only articles published since this date")
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")


def cmd_export(args) -> int:
    rows = Store(args.db).iter_articles(args.source, args.since)
    target = (open(args.output, "w", encoding="utf-8", newline="") if args.output
              else nullcontext(sys.stdout))
    with target as out:
        (write_csv if args.format == "csv" else write_jsonl)(rows, out)
    return EXIT_OK


def write_jsonl(rows, out) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(rows, out) -> None:
    writer = None
    for row in rows:
        if writer is None:  # the columns are the table's, known from the first row
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        # Lists (authors, tags) stay JSON in a CSV cell, as they are in the database.
        writer.writerow({key: json.dumps(value, ensure_ascii=False) if isinstance(value, list)
                         else value for key, value in row.items()})
