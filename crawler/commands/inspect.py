"""``crawler sources`` and ``crawler runs``: what is configured, stored and how runs went."""

from __future__ import annotations

from crawler.commands import EXIT_OK, add_command
from crawler.sources import source_names
from crawler.store import Store


def register(commands) -> None:
    add_command(commands, "sources", cmd_sources,
                "list sources with their table, article count and last run")
    runs = add_command(commands, "runs", cmd_runs, "show the latest run records")
    runs.add_argument("--source")
    runs.add_argument("-n", "--limit", type=int, default=20)


def cmd_sources(args) -> int:
    store = Store(args.db)
    print(f"{'source':<14} {'table':<14} {'articles':>8}  last run")
    # Tables of ad-hoc crawls (`crawl --name`) have no source definition, but are sources too.
    for name in sorted({*source_names(), *store.source_tables()}):
        last = store.last_run(name)
        when = f"{last['started_at']} {last['status']}" if last else "never"
        print(f"{name:<14} {name:<14} {store.count_articles(name):>8}  {when}")
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
