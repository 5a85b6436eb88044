"""``crawler export SOURCE``: a source's articles as JSON Lines or CSV, streamed row by row."""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from crawler.commands import EXIT_OK, add_command, date_arg, open_existing, output_file


def register(commands) -> None:
    export = add_command(commands, "export", cmd_export,
                         "write a source's articles as JSON Lines or CSV (constant memory)")
    export.add_argument("source", metavar="SOURCE", help="the source (its table) to export")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                        help="JSON Lines (lists stay lists) or CSV (lists as JSON text)")
    export.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD",
                        help="only articles published since this date")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write here, replacing it once complete (default: stdout)")


def cmd_export(args) -> int:
    output = output_file(args.output, "-o") if args.output else None
    rows = open_existing(args.db).iter_articles(args.source, args.since)
    write = write_csv if args.format == "csv" else write_jsonl
    if output is None:
        write(rows, sys.stdout)
        return EXIT_OK
    with replace_atomically(output, newline="") as out:
        write(rows, out)
    return EXIT_OK


@contextmanager
def replace_atomically(path: Path, newline: str | None = None):
    """A file written beside ``path`` and renamed onto it once complete: an export that fails
    half-way (an unknown source, a full disk) leaves the previous file as it was."""
    handle, temporary = tempfile.mkstemp(dir=path.absolute().parent, prefix=f".{path.name}.")
    try:
        with open(handle, "w", encoding="utf-8", newline=newline) as out:
            yield out
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as open() would have made it, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


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
