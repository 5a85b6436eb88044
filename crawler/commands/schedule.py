"""``crawler schedule``: ready-to-paste crontab lines and systemd units for every source.

One job per source, so a slow or failing source never holds up the others (each has its own
lock). Paths are absolute: the installed ``crawler``, the database, and the repository as the
working directory (Scrapy finds its settings through ``scrapy.cfg`` there). The jobs run at
minute 7, off the top of the hour when every other cron job on the box starts.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from crawler.commands import EXIT_OK, UsageError, add_command
from crawler.sources import source_names
from crawler.store import resolve_db_path

REPO = Path(__file__).resolve().parents[2]
MINUTE = 7


def register(commands) -> None:
    schedule = add_command(commands, "schedule", cmd_schedule,
                           "print crontab lines and systemd units that crawl every source")
    schedule.add_argument("--every", type=int, default=60, metavar="MINUTES",
                          help="a divisor of 60, or whole hours dividing 24 (default 60)")


def cmd_schedule(args) -> int:
    minutes, hours = _interval(args.every)
    db = resolve_db_path(args.db).absolute()
    crawler = shlex.join(crawler_command())
    log = db.parent / "logs" / "cron.log"
    print(f"# crontab -e   (crawl every {args.every} minutes; one summary line per run in {log})")
    for source in source_names():
        print(f"{cron_time(minutes, hours)} cd {shlex.quote(str(REPO))} && {crawler} crawl {source}"
              f" --quiet --db {shlex.quote(str(db))} >> {shlex.quote(str(log))} 2>&1")
    print()
    print(systemd_units(crawler, db, log, on_calendar(minutes, hours)))
    return EXIT_OK


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


def cron_time(minutes: int, hours: int) -> str:
    if minutes:
        return f"{MINUTE % minutes}-59/{minutes} * * * *"
    return f"{MINUTE} {'*' if hours == 1 else f'*/{hours}'} * * *"


def on_calendar(minutes: int, hours: int) -> str:
    if minutes:
        return f"*-*-* *:{MINUTE % minutes:02d}/{minutes}:00"
    return f"*-*-* 00/{hours}:{MINUTE:02d}:00"


def systemd_units(crawler: str, db: Path, log: Path, calendar: str) -> str:
    sources = " ".join(f"newscrawler@{source}.timer" for source in source_names())
    return f"""\
# /etc/systemd/system/newscrawler@.service   (one instance per source: %i)
[Unit]
Description=newscrawler: crawl %i

[Service]
Type=oneshot
WorkingDirectory={REPO}
ExecStart={crawler} crawl %i --quiet --db {db}
StandardOutput=append:{log}
StandardError=append:{log}
# 75: skipped, another crawl of the source still runs; not a failure of this unit.
SuccessExitStatus=75

# /etc/systemd/system/newscrawler@.timer
[Unit]
Description=newscrawler: crawl %i on a schedule

[Timer]
OnCalendar={calendar}
Persistent=true

[Install]
WantedBy=timers.target

# then: systemctl daemon-reload && systemctl enable --now {sources}"""
