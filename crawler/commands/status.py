"""``crawler status``: per source, is it healthy? For a glance in the morning, or a monitor.

Health comes from the latest finished run: ``ok``, ``degraded`` (parser health), ``failing``
(the run failed), or ``never run``. Killed runs stay ``running`` in ``runs`` and are skipped.
For a monitoring check, the exit status is a crawl's: 1 when a source is failing, else 3 when
one is degraded, else 0.

``--scrapyd URL…`` adds, per source, the node it is placed on and its latest job there or on
any node (pending, running or finished, from ``listjobs.json``): the jobs next to the runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from crawler.commands import (EXIT_DEGRADED, EXIT_FAILED, EXIT_OK, Unreachable, add_command,
                              open_existing)
from crawler.extract.dates import format_utc
from crawler.sources import UnknownSource, source_names
from crawler.store import Store

FINISHED = ("ok", "degraded", "failed")
HEALTH = {"ok": "ok", "degraded": "degraded", "failed": "failing"}


def register(commands) -> None:
    status = add_command(commands, "status", cmd_status,
                         "per source: last successful run, new articles in 24 h, last error, "
                         "health; exits 1 if one is failing, else 3 if one is degraded")
    status.add_argument("--source", action="append", metavar="NAME",
                        help="this source only (repeatable; default: every source)")
    status.add_argument("--scrapyd", nargs="+", metavar="URL",
                        help="also the jobs of the sources on these Scrapyd nodes")
    status.add_argument("--project", default="newscrawler",
                        help="the Scrapyd project (scrapy.cfg's [deploy] project)")


def cmd_status(args) -> int:
    store = open_existing(args.db)
    names = source_names(store.path)
    for name in args.source or ():
        if name not in names:
            raise UnknownSource(name)
    day_ago = format_utc(datetime.now(timezone.utc) - timedelta(hours=24))
    print(f"{'source':<14} {'health':<9} {'last ok run':<21} {'new 24h':>7}  last error")
    healths = set()
    for name in args.source or names:
        row = source_status(store, name, day_ago)
        healths.add(row["health"])
        print(f"{name:<14} {row['health']:<9} {row['last_ok'] or 'never':<21} "
              f"{row['new_24h']:>7}  {row['last_error'] or '-'}")
    if args.scrapyd:
        print()
        print_jobs(args.source or names, args.scrapyd, args.project)
    if "failing" in healths:
        return EXIT_FAILED
    return EXIT_DEGRADED if "degraded" in healths else EXIT_OK


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


def print_jobs(sources: list[str], nodes: list[str], project: str) -> None:
    """Per source: its node, and its latest job on any node (pending first, then running)."""
    from crawler.distributed.scrapyd import ScrapydError, list_jobs, node_for, node_url

    rank = {"finished": 0, "running": 1, "pending": 2}
    latest: dict[str, tuple[str, str, dict]] = {}
    for node in nodes:
        try:
            jobs = list_jobs(node, project)
        except ScrapydError as error:
            raise Unreachable(str(error)) from None
        for state, listed in jobs.items():
            for job in listed:
                key = (rank[state], job.get("start_time") or "")
                known = latest.get(job["spider"])
                if known is None or key > (rank[known[1]], known[2].get("start_time") or ""):
                    latest[job["spider"]] = (node_url(node), state, job)
    print(f"{'source':<14} {'node':<28} {'job':<9} {'since':<26} id")
    for source in sources:
        node, state, job = latest.get(source, (node_for(source, nodes), "none", {}))
        since = job.get("end_time") if state == "finished" else job.get("start_time")
        print(f"{source:<14} {node:<28} {state:<9} {(since or '-')[:26]:<26} "
              f"{job.get('id', '-')}")
