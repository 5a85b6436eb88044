"""``crawler stats``: articles per day per source over the last weeks, as bars.

In the terminal the bars are Unicode block characters; ``--html FILE`` writes the same charts
as one self-contained page (CSS bars, no scripts, no external files).
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta, timezone

from crawler.commands import EXIT_OK, add_command, open_existing, output_file, positive_int
from crawler.commands.export import replace_atomically

BAR_WIDTH = 40
EIGHTHS = " ▏▎▍▌▋▊▉"  # a bar ends in one of these: its last eighth of a cell


def register(commands) -> None:
    stats = add_command(commands, "stats", cmd_stats,
                        "articles per day per source (by publication date) as bar charts")
    stats.add_argument("--source", help="one source only (default: every source)")
    stats.add_argument("--weeks", type=positive_int, default=4, metavar="N",
                       help="how many weeks back")
    stats.add_argument("--html", metavar="FILE", help="also write the charts as an HTML page")


def cmd_stats(args) -> int:
    html_file = output_file(args.html, "--html") if args.html else None
    store = open_existing(args.db)
    today = datetime.now(timezone.utc).date()
    days = [today - timedelta(days=n) for n in range(args.weeks * 7 - 1, -1, -1)]
    counts = store.daily_counts(days[0].isoformat(), args.source)
    if html_file:
        with replace_atomically(html_file) as out:
            out.write(html_page(counts, days))
    print(text_charts(counts, days))
    return EXIT_OK


def text_bar(value: int, top: int, width: int = BAR_WIDTH) -> str:
    eighths = round(value / top * width * 8) if top else 0
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def text_charts(counts: dict[str, dict[str, int]], days: list[date]) -> str:
    if not counts:
        return "no source tables"
    top = max((n for per_day in counts.values() for n in per_day.values()), default=0)
    blocks = []
    for source, per_day in counts.items():
        lines = [f"{source}: {sum(per_day.values())} articles, {days[0]} to {days[-1]}"]
        for day in days:
            n = per_day.get(day.isoformat(), 0)
            lines.append(f"  {day} {day:%a} {n:>5} {text_bar(n, top)}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def html_page(counts: dict[str, dict[str, int]], days: list[date]) -> str:
    top = max((n for per_day in counts.values() for n in per_day.values()), default=0) or 1
    charts = []
    for source, per_day in counts.items():
        bars = "".join(
            f'<div class="bar" style="height:{100 * per_day.get(d.isoformat(), 0) / top:.1f}%" '
            f'title="{d} {d:%a}: {per_day.get(d.isoformat(), 0)}"></div>' for d in days)
        charts.append(
            f"<h2>{html.escape(source)} <small>{sum(per_day.values())} articles</small></h2>"
            f'<div class="chart">{bars}</div>'
            f'<div class="axis"><span>{days[0]}</span><span>{days[-1]}</span></div>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Articles per day</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }}
.chart {{ display: flex; align-items: flex-end; gap: 2px; height: 10em;
          border-bottom: 1px solid #999; }}
.bar {{ flex: 1; background: #3b6ea8; min-height: 1px; }}
.bar:hover {{ background: #e07b00; }}
.axis {{ display: flex; justify-content: space-between; color: #666; font-size: 80%; }}
small {{ color: #666; font-weight: normal; }}
</style></head><body>
<h1>Articles per day, {days[0]} to {days[-1]} (UTC, by publication date)</h1>
{"".join(charts) or "<p>No source tables.</p>"}
</body></html>
"""
