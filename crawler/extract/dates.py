"""Dates from pages, feeds, sitemaps and URLs, normalised to UTC ISO 8601 (``YYYY-MM-DDTHH:MM:SSZ``).

One parser (``parse_datetime``) serves every caller. It reads ISO 8601, RFC 822 (feeds'
``pubDate``), zone abbreviations (``EST``, ``CEST``; ``ET``, ``PT``... in the region's zone, so
summer time is right) and month names in English, French, German, Spanish, Italian, Portuguese
and Russian. A date more than ``FUTURE_SLACK`` ahead of now is rejected: the result is None,
never another date.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
# A page may be stamped slightly ahead of our clock (time zones, sloppy CMS); a day is the slack.
# Beyond it a date is a wrong zone or a scheduled story: None, not a guess.
FUTURE_SLACK = timedelta(days=1)

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$)")

# Abbreviations that name one offset (hours from UTC). CST is the US one, as in RFC 822; IST
# (India, Ireland, Israel) names several and is left out.
ZONE_OFFSETS = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1,
    "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10,
    "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5, "AWST": 8, "NZST": 12, "NZDT": 13,
    "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "PKT": 5, "SAST": 2, "WAT": 1, "CAT": 2, "EAT": 3,
}
# Abbreviations that name a region, not a season ("10:30 a.m. ET"): its zone decides the offset.
ZONE_REGIONS = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles", "AET": "Australia/Sydney",
}

# Month names (and their usual abbreviations) of the languages the shipped sources write, as
# English ones dateutil reads. Russian in the genitive ("12 мая") and the nominative.
_MONTHS = {
    1: "janvier janv jänner januar enero ene gennaio gen janeiro января январь янв",
    2: "février fevrier févr fevr februar febrero febbraio fevereiro fev февраля февраль фев",
    3: "mars märz maerz mär marzo março marco марта март мар",
    4: "avril avr abril aprile abr апреля апрель апр",
    5: "mai mayo maggio mag maio мая май",
    6: "juin juni junio giugno giu junho июня июнь июн",
    7: "juillet juil juli julio luglio lug julho июля июль июл",
    8: "août aout agosto ago августа август авг",
    9: "septembre sept setiembre septiembre settembre set setembro сентября сентябрь сен",
    10: "octobre okt oktober octubre ottobre ott outubro out октября октябрь окт",
    11: "novembre noviembre novembro ноября ноябрь ноя",
    12: "décembre decembre déc dezember dez diciembre dic dicembre dezembro декабря декабрь дек",
}
_MONTH_NAMES = ("January February March April May June July August September October "
                "November December").split()
_FOREIGN_MONTH = {word: _MONTH_NAMES[number - 1]
                  for number, words in _MONTHS.items() for word in words.split()}
_FOREIGN_MONTH_WORD = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, _FOREIGN_MONTH), key=len, reverse=True))
    + r")\.?(?!\w)", re.IGNORECASE)
# Words around a date in those languages that carry nothing dateutil needs: weekdays,
# "de", "um ... Uhr", "г.", "à".
_FILLER_WORD = re.compile(
    r"(?<!\w)(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le|à|a|las|de|del|do|da|um|uhr|"
    r"am|den|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|alle|ore|"
    r"segunda|terça|quarta|quinta|sexta|feira|às|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|в|года|год|г)"
    r"(?:[.,]|-feira)?(?!\w)", re.IGNORECASE)
_FRENCH_FIRST = re.compile(r"(?<!\w)1er(?!\w)", re.IGNORECASE)


def format_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_utc() -> str:
    return format_utc(datetime.now(timezone.utc))


def is_plausible(moment: datetime, now: datetime | None = None) -> bool:
    """Not before 1990 and not more than ``FUTURE_SLACK`` ahead of ``now``."""
    now = now or datetime.now(timezone.utc)
    return EARLIEST <= moment <= now + FUTURE_SLACK


def parse_datetime(
    value: str | datetime | None,
    *,
    default_tz: str | None = None,
    formats: tuple[str, ...] = (),
    dayfirst: bool = False,
    now: datetime | None = None,
) -> datetime | None:
    """Parse a date string into an aware datetime, or None when it is missing or implausible.

    ``default_tz`` is the zone of the page when the value carries none (Press TV writes
    Tehran local time without an offset); without it a naive value is taken as UTC.
    ``formats`` are tried with ``strptime`` before the general readers. ``now`` is the clock
    the future slack is measured from (default: the current time).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = " ".join(str(value).split())
        if not text:
            return None
        moment = _read(text, formats, dayfirst)
        if moment is None:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(default_tz) if default_tz else timezone.utc)
    try:
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # an offset of a day or more ("+24:00"), year 1 or 9999
        return None
    return moment if is_plausible(moment, now) else None


def _read(text: str, formats: tuple[str, ...], dayfirst: bool) -> datetime | None:
    """The moment a date string names, aware when it states a zone; None when unreadable."""
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:  # ISO 8601, as feeds and sitemaps write dates: ten times faster than dateutil
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    rfc822 = _read_rfc822(text)
    if rfc822 is not None:
        return rfc822
    translated = _english_months(text)
    if translated != text:
        text, dayfirst = translated, True  # a named month: day-month order is the rule there
    try:
        return dateutil_parser.parse(text, dayfirst=dayfirst, tzinfos=_zone)
    except (ValueError, OverflowError, TypeError):
        return None


def _read_rfc822(text: str) -> datetime | None:
    """RFC 822 / 2822 dates ("Thu, 25 Apr 2024 10:30:00 EST"), with the zones that RFC names.

    None when the text is not one or its zone is one RFC 822 does not know (dateutil's table
    then reads it).
    """
    if not text[:1].isalpha() and "," not in text:
        return None
    parts = parsedate_tz(text)
    if parts is None:
        return None
    zone = text.rsplit(None, 1)[-1]
    if zone.upper() in ZONE_OFFSETS:  # parsedate_tz reads names it does not know as UTC
        offset = timedelta(hours=ZONE_OFFSETS[zone.upper()])
    elif re.fullmatch(r"[+-]\d{4}", zone):
        offset = timedelta(seconds=parts[9])
    else:
        return None  # no zone, or one only dateutil's table reads ("ET")
    try:
        return datetime(*parts[:6], tzinfo=timezone(offset))
    except (ValueError, OverflowError):
        return None


def _zone(name: str, offset: int | None):
    """dateutil's ``tzinfos``: a zone for an abbreviation, or None (taken as unknown)."""
    if offset is not None:  # dateutil read a numeric offset next to the name
        return offset
    name = (name or "").upper()
    if name in ZONE_REGIONS:
        return ZoneInfo(ZONE_REGIONS[name])
    if name in ZONE_OFFSETS:
        return timezone(timedelta(hours=ZONE_OFFSETS[name]))
    return None


def _english_months(text: str) -> str:
    """Foreign month names replaced by English ones, the words around them dropped."""
    if not _FOREIGN_MONTH_WORD.search(text):
        return text
    text = _FOREIGN_MONTH_WORD.sub(lambda m: _FOREIGN_MONTH[m.group(1).lower()], text)
    text = _FRENCH_FIRST.sub("1", text)
    return " ".join(_FILLER_WORD.sub(" ", text).split())


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
