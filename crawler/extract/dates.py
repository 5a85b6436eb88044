"""Dates from pages, feeds and URLs, normalised to UTC ISO 8601 (``YYYY-MM-DDTHH:MM:SSZ``)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
# A page may be stamped slightly ahead of our clock (time zones, sloppy CMS); a day is the slack.
FUTURE_SLACK = timedelta(days=1)

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$)")


def format_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_utc() -> str:
    return format_utc(datetime.now(timezone.utc))


def is_plausible(moment: datetime, now: datetime | None = None) -> bool:
    now = now or datetime.now(timezone.utc)
    return EARLIEST <= moment <= now + FUTURE_SLACK


def parse_datetime(
    value: str | datetime | None,
    *,
    default_tz: str | None = None,
    formats: tuple[str, ...] = (),
    dayfirst: bool = False,
) -> datetime | None:
    """Parse a date string into an aware datetime, or None when it is missing or implausible.

    ``default_tz`` is the zone of the page when the value carries none (Press TV writes
    Tehran local time without an offset); without it a naive value is taken as UTC.
    ``formats`` are tried with ``strptime`` before dateutil's guessing.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = " ".join(str(value).split())
        if not text:
            return None
        moment = None
        for fmt in formats:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if moment is None:
            try:  # ISO 8601, as feeds and sitemaps write dates: ten times faster than dateutil
                moment = datetime.fromisoformat(text)
            except ValueError:
                pass
        if moment is None:
            try:
                moment = dateutil_parser.parse(text, dayfirst=dayfirst)
            except (ValueError, OverflowError):
                return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(default_tz) if default_tz else timezone.utc)
    try:
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # an offset of a day or more ("+24:00"), year 1 or 9999
        return None
    return moment if is_plausible(moment) else None


def to_utc_iso(value: str | datetime | None, **kwargs) -> str | None:
    """``parse_datetime`` then ``format_utc``; None stays None."""
    moment = parse_datetime(value, **kwargs)
    return format_utc(moment) if moment else None


def date_from_url(url: str) -> str | None:
    """The ``/YYYY/MM/DD/`` date many news URLs carry, as midnight UTC, or None."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        moment = datetime(*map(int, match.groups()), tzinfo=timezone.utc)
    except ValueError:
        return None
    return format_utc(moment) if is_plausible(moment) else None
