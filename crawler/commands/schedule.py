"""``crawler schedule``: ready-to-paste crontab lines and systemd units for every source.

One job per source, so a slow or failing source never holds up the others (each has its own
lock). Paths are absolute: the installed ``crawler``, the database, the sources file when one
was given (``--sources-file`` or ``$CRAWLER_SOURCES``: cron has neither), and the log; no
working directory is needed.
The jobs are spread over the interval rather than started at one minute: source ``i`` of ``n``
(in name order) starts ``i * interval / n`` minutes after minute 7 (off the top of the hour, when
every other cron job on the box starts), within the first hour of a longer interval. systemd's
timers get the same spread from ``RandomizedDelaySec`` with ``FixedRandomDelay`` (a delay fixed
per source). The crawl itself caps how many run at once (``MAX_CONCURRENT_CRAWLS``).

With ``--scrapyd URL…`` the sources run as jobs on Scrapyd nodes instead, each on the node
rendezvous hashing places it on (``crawler.distributed.scrapyd``), writing through one writer
(``crawler store --redis URL``). ``--now`` queues the jobs (``schedule.json``), refusing a source
that is pending or running on any node or holds its Redis lock; without it the command prints
the one crontab line that runs ``--now`` on the schedule (docs/distributed.md says why cron).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from crawler.commands import (EXIT_LOCKED, EXIT_OK, Unreachable, UsageError, add_command,
                              reachable_redis, setting_arg, writable_db)
from crawler.config import SOURCES_ENV
from crawler.sources import UnknownSource, source_names

MINUTE = 7


def register(commands) -> None:
    schedule = add_command(commands, "schedule", cmd_schedule,
                           "print crontab lines and systemd units that crawl every source")
    schedule.add_argument("--every", type=int, default=60, metavar="MINUTES",
                          help="a divisor of 60, or whole hours dividing 24 (default 60)")
    nodes = schedule.add_argument_group(
        "Scrapyd nodes", "sources as jobs on Scrapyd nodes (deployed with scrapyd-deploy), "
                         "one writer: `crawler store --redis URL`")
    nodes.add_argument("--scrapyd", nargs="+", metavar="URL",
                       help="the nodes' URLs, e.g. http://node1:6800/")
    nodes.add_argument("--redis", metavar="URL",
                       help="the writer's Redis (redis://HOST:PORT/DB): the jobs' REDIS_URL")
    nodes.add_argument("--now", nargs="*", metavar="SOURCE",
                       help="queue the jobs now (these sources; default: every source) "
                            "instead of printing the crontab line")
    nodes.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                       dest="settings", help="a Scrapy setting for the jobs (repeatable)")
    nodes.add_argument("--project", default="newscrawler",
                       help="the Scrapyd project (scrapy.cfg's [deploy] project)")


def cmd_schedule(args) -> int:
    minutes, hours = _interval(args.every)
    if args.scrapyd or args.now is not None or args.redis or args.settings:
        return schedule_on_nodes(args, minutes, hours)
    db = writable_db(args.db).absolute()
    sources = source_names(db)
    crawler = shlex.join(crawler_command())
    options = f"--quiet --db {shlex.quote(str(db))}"
    if os.environ.get(SOURCES_ENV):  # the CLI's --sources-file, made absolute
        options += f" --sources-file {shlex.quote(str(Path(os.environ[SOURCES_ENV]).absolute()))}"
    log = db.parent / "logs" / "cron.log"
    print(f"# crontab -e   (crawl every {args.every} minutes; one summary line per run in {log})")
    for index, source in enumerate(sources):
        offset = stagger(index, len(sources), minutes or 60)
        # mkdir: the shell opens the log before the crawl could make its folder.
        print(f"{cron_time(minutes, hours, offset)} mkdir -p {shlex.quote(str(log.parent))} && "
              f"{crawler} crawl {source} {options} >> {shlex.quote(str(log))} 2>&1")
    print()
    print(systemd_units(crawler, options, log, on_calendar(minutes, hours), sources,
                        minutes or 60))
    return EXIT_OK


def schedule_on_nodes(args, minutes: int, hours: int) -> int:
    from crawler.distributed.scrapyd import ScrapydError

    if not args.scrapyd or not args.redis:
        raise UsageError("Scrapyd jobs need --scrapyd URL [URL …] and --redis URL (the writer's)")
    settings = dict(setting_arg(text) for text in args.settings)
    if args.now is None:
        print(crontab_for_nodes(args, minutes, hours))
        return EXIT_OK
    reachable_redis(args.redis)
    names = source_names(args.db)
    for name in args.now:
        if name not in names:
            raise UnknownSource(name)
    try:
        return queue_jobs(args.now or names, args.scrapyd, args.redis, settings, args.project)
    except ScrapydError as error:
        raise Unreachable(str(error)) from None


def queue_jobs(sources: list[str], nodes: list[str], redis_url: str, settings: dict,
               project: str) -> int:
    """Queue each source on its node, unless it is pending or running somewhere: exit 75."""
    import redis

    from crawler.distributed.lock import holder_of
    from crawler.distributed.scrapyd import active_jobs, node_for, schedule

    server = redis.Redis.from_url(redis_url)
    status = EXIT_OK
    try:
        for source in sources:
            active = active_jobs(nodes, source, project)
            holder = holder_of(server, source)
            if active or holder:
                where = (f"{active[0][1]} on {active[0][0]} (job {active[0][2]['id']})" if active
                         else f"running: {holder}")
                print(f"LOCKED {source} is {where}; not scheduled again", file=sys.stderr)
                status = EXIT_LOCKED
                continue
            node = node_for(source, nodes)
            job = schedule(node, source, {**settings, "REDIS_URL": redis_url}, project)
            print(f"{source}: job {job} on {node}")
    finally:
        server.close()
    return status


def crontab_for_nodes(args, minutes: int, hours: int) -> str:
    db = writable_db(args.db).absolute()
    words = [*crawler_command(), "schedule", "--scrapyd", *args.scrapyd, "--redis", args.redis,
             "--project", args.project, "--db", str(db)]
    for text in args.settings:
        words += ["-s", text]
    if os.environ.get(SOURCES_ENV):
        words += ["--sources-file", str(Path(os.environ[SOURCES_ENV]).absolute())]
    log = db.parent / "logs" / "schedule.log"
    return (f"# crontab -e   (queue every source on its Scrapyd node every {args.every} minutes; "
            f"a source still running is refused, exit 75)\n"
            f"{cron_time(minutes, hours)} mkdir -p {shlex.quote(str(log.parent))} && "
            f"{shlex.join(words)} --now >> {shlex.quote(str(log))} 2>&1")


def crawler_command() -> list[str]:
    """The installed ``crawler`` beside this Python (the venv's), else ``python -m crawler``."""
    python = Path(sys.executable).absolute()
    script = python.parent / "crawler"
    return [str(script)] if script.exists() else [str(python), "-m", "crawler"]


def _interval(every: int) -> tuple[int, int]:
    """(minutes, hours) between runs; one of them is 0."""
    if 0 < every < 60 and 60 % every == 0:
        return every, 0
    if every >= 60 and every % 60 == 0 and 24 % (every // 60) == 0:
        return 0, every // 60
    raise UsageError(f"--every {every}: use a divisor of 60 (5, 10, 15, 30) or whole hours "
                     f"that divide a day (60, 120, 180, 360 …)")


def stagger(index: int, count: int, span: int) -> int:
    """Minutes after MINUTE at which source ``index`` of ``count`` starts, spread over ``span``."""
    return index * span // count if count else 0


def cron_time(minutes: int, hours: int, offset: int = 0) -> str:
    if minutes:
        return f"{(MINUTE + offset) % minutes}-59/{minutes} * * * *"
    return f"{(MINUTE + offset) % 60} {'*' if hours == 1 else f'*/{hours}'} * * *"


def on_calendar(minutes: int, hours: int) -> str:
    if minutes:
        return f"*-*-* *:{MINUTE % minutes:02d}/{minutes}:00"
    return f"*-*-* 00/{hours}:{MINUTE:02d}:00"


def systemd_units(crawler: str, options: str, log: Path, calendar: str,
                  sources: list[str], spread: int) -> str:
    timers = " ".join(f"newscrawler@{source}.timer" for source in sources)
    return f"""\
# /etc/systemd/system/newscrawler@.service   (one instance per source: %i)
[Unit]
Description=newscrawler: crawl %i

[Service]
Type=oneshot
ExecStartPre=/bin/mkdir -p {shlex.quote(str(log.parent))}
ExecStart={crawler} crawl %i {options}
StandardOutput=append:{log}
StandardError=append:{log}
# 75: skipped, another crawl of the source still runs; not a failure of this unit.
SuccessExitStatus=75

# /etc/systemd/system/newscrawler@.timer
[Unit]
Description=newscrawler: crawl %i on a schedule

[Timer]
OnCalendar={calendar}
# Each source at its own fixed moment within the interval, not all at once.
RandomizedDelaySec={spread * 60}
FixedRandomDelay=true
Persistent=true

[Install]
WantedBy=timers.target

# then: systemctl daemon-reload && systemctl enable --now {timers}"""
