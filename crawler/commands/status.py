"""``crawler status``: per source, is it healthy? For a glance in the morning, or a monitor.

Health comes from the latest finished run: ``ok``, ``degraded`` (parser health), ``failing``
(the run failed), or ``never run``. Killed runs stay ``running`` in ``runs`` and are skipped.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from crawler.commands import EXIT_OK, add_command
from crawler.extract.dates import format_utc
from crawler.sources import source_names
from crawler.store import Store

FINISHED = ("ok", "degraded", "failed")
HEALTH = {"ok": "ok", "degraded": "degraded", "failed": "failing"}


def register(commands) -> None:
    add_command(commands, "status", cmd_status,
                "per source: last successful run, new articles in 24 h, last error, health")


def cmd_status(args) -> int:
    store = Store(args.db)
    day_ago = format_utc(datetime.now(timezone.utc) - timedelta(hours=24))
    print(f"{'source':<14} {'health':<9} {'last ok run':<21} {'new 24h':>7}  last error")
    for name in source_names():
        row = source_status(store, name, day_ago)
        print(f"{name:<14} {row['health']:<9} {row['last_ok'] or 'never':<21} "
              f"{row['new_24h']:>7}  {row['last_error'] or '-'}")
    return EXIT_OK


def source_status(store: Store, source: str, since: str) -> dict:
    latest = store.latest_run_with_status(source, FINISHED)
    last_ok = store.latest_run_with_status(source, ("ok",))
    error = store.latest_run_with_status(source, ("degraded", "failed"))
    return {
        "health": HEALTH[latest["status"]] if latest else "never run",
        "last_ok": last_ok and (last_ok["finished_at"] or last_ok["started_at"]),
        "new_24h": store.count_first_seen_since(source, since),
        "last_error": error and f"{error['status']} {error['started_at']}: {error['reason']}",
    }
