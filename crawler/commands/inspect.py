"""``crawler sources`` and ``crawler runs``: what is configured, stored and how runs went."""

from __future__ import annotations

import sys

from crawler.commands import EXIT_OK, add_command, open_existing, positive_int
from crawler.sources import declared_names
from crawler.store import resolve_db_path


def register(commands) -> None:
    add_command(commands, "sources", cmd_sources,
                "list sources with their table, article count and last run")
    runs = add_command(commands, "runs", cmd_runs, "show the latest run records")
    runs.add_argument("--source", help="this source's runs only (default: every source's)")
    runs.add_argument("-n", "--limit", type=positive_int, default=20, metavar="N",
                      help="how many runs, newest first")


def cmd_sources(args) -> int:
    declared = declared_names()  # a bad sources file is the first thing to hear about
    if not args.db and not resolve_db_path(None).exists():  # nothing crawled yet: the list
        print(f"{'source':<14} {'table':<14} {'articles':>8}  last run")
        for name in declared:
            print(f"{name:<14} {name:<14} {0:>8}  never")
        print(f"(no database yet at {resolve_db_path(None)})", file=sys.stderr)
        return EXIT_OK
    store = open_existing(args.db)
    print(f"{'source':<14} {'table':<14} {'articles':>8}  last run")
    # Tables of ad-hoc crawls (`crawl --name`) are sources too, kept or not.
    for name in sorted({*declared, *store.adhoc_sources(), *store.source_tables()}):
        last = store.last_run(name)
        when = f"{last['started_at']} {last['status']}" if last else "never"
        print(f"{name:<14} {name:<14} {store.count_articles(name):>8}  {when}")
    return EXIT_OK


def cmd_runs(args) -> int:
    store = open_existing(args.db)
    print(f"{'id':>5} {'source':<12} {'started':<20} {'status':<9} {'pages':>6} {'new':>5} "
          f"{'upd':>4} {'drop':>5} {'err':>4}  reason; errors by kind")
    for run in store.runs(args.source, args.limit):
        notes = "; ".join(note for note in (run["reason"], error_kinds(run["error_kinds"])) if note)
        print(f"{run['id']:>5} {run['source']:<12} {run['started_at']:<20} {run['status'] or '':<9} "
              f"{run['pages_fetched'] or 0:>6} {run['articles_new'] or 0:>5} "
              f"{run['articles_updated'] or 0:>4} {run['articles_dropped'] or 0:>5} "
              f"{run['errors'] or 0:>4}  {notes}".rstrip())
    return EXIT_OK


def error_kinds(kinds: dict | None) -> str:
    """``{"http_404": 15, "timeout": 2}`` as ``http_404 ×15, timeout ×2``, the most first."""
    ranked = sorted((kinds or {}).items(), key=lambda kind: (-kind[1], kind[0]))
    return ", ".join(f"{kind} ×{count}" for kind, count in ranked)
