"""Discovery URLs that name a date: a site's sitemap per day, month or year.

A source declares the template (``"/sitemap-{date:%Y}.xml"``) in ``sitemaps`` or
``backfill_sitemaps`` and expands it when the spider starts (``dated_urls``): one URL per
day, month or year, the newest first, back to the backfill's ``since`` (today's alone
without one).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone


def dated_urls(templates: tuple[str, ...], step: str, since: datetime | None = None,
               today: date | None = None) -> tuple[str, ...]:
    """Each template filled with every ``step`` ("day", "month" or "year") from today back to
    ``since``; a template without ``{date`` passes unchanged."""
    today = today or datetime.now(timezone.utc).date()
    days = _periods(today, since.date() if since else today, step)
    return tuple(url for template in templates
                 for url in ([template.format(date=day) for day in days]
                             if "{date" in template else [template]))


def _periods(today: date, first: date, step: str) -> list[date]:
    """A date in each period from today's back to the one holding ``first``."""
    key = {"day": lambda d: (d.year, d.month, d.day), "month": lambda d: (d.year, d.month),
           "year": lambda d: (d.year,)}[step]
    periods, day = [], today
    while key(day) >= key(first):
        periods.append(day)
        day = (day - timedelta(days=1) if step == "day"
               else day.replace(day=1) - timedelta(days=1) if step == "month"
               else date(day.year - 1, 12, 31))
    return periods
