"""parse_datetime / to_utc_iso: the one date reader of feeds, sitemaps and pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crawler.extract.dates import FUTURE_SLACK, parse_datetime, to_utc_iso
from crawler.extract.generic import extract_article


@pytest.mark.parametrize("value, expected", [
    # RFC 822 zones, as RSS pubDate writes them.
    ("Thu, 25 Apr 2024 10:30:00 EST", "2024-04-25T15:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 EDT", "2024-04-25T14:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 PST", "2024-04-25T18:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 PDT", "2024-04-25T17:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 GMT", "2024-04-25T10:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 UTC", "2024-04-25T10:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 +0200", "2024-04-25T08:30:00Z"),
    # European names RFC 822 does not define.
    ("Thu, 25 Apr 2024 10:30:00 BST", "2024-04-25T09:30:00Z"),
    ("Thu, 25 Jan 2024 10:30:00 CET", "2024-01-25T09:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 CEST", "2024-04-25T08:30:00Z"),
    ("April 25, 2024 10:30 BST", "2024-04-25T09:30:00Z"),
])
def test_zone_abbreviations_give_their_offset(value, expected):
    assert to_utc_iso(value) == expected


@pytest.mark.parametrize("value, expected", [
    # "ET" is New York's zone: UTC-4 in summer, UTC-5 in winter.
    ("April 25, 2024 10:30 a.m. ET", "2024-04-25T14:30:00Z"),
    ("January 25, 2024 10:30 a.m. ET", "2024-01-25T15:30:00Z"),
    ("Thu, 25 Apr 2024 10:30:00 ET", "2024-04-25T14:30:00Z"),
    ("April 25, 2024 10:30 PT", "2024-04-25T17:30:00Z"),
    ("December 2, 2024 10:30 PT", "2024-12-02T18:30:00Z"),
    ("2024-04-25 10:30 CT", "2024-04-25T15:30:00Z"),
    ("April 25, 2024 10:30 MT", "2024-04-25T16:30:00Z"),
])
def test_regional_zone_names_follow_summer_time(value, expected):
    assert to_utc_iso(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("12 mars 2024", "2024-03-12T00:00:00Z"),
    ("jeudi 1er février 2024 à 10:30", "2024-02-01T10:30:00Z"),
    ("12 мая 2024", "2024-05-12T00:00:00Z"),
    ("12 мая 2024 г., 14:05", "2024-05-12T14:05:00Z"),
    ("3. März 2024", "2024-03-03T00:00:00Z"),
    ("Mittwoch, 3. Januar 2024 um 10:30 Uhr", "2024-01-03T10:30:00Z"),
    ("12 de marzo de 2024", "2024-03-12T00:00:00Z"),
    ("12 de marzo de 2024 a las 10:30", "2024-03-12T10:30:00Z"),
    ("12 settembre 2024, 14:05", "2024-09-12T14:05:00Z"),
    ("12 de março de 2024", "2024-03-12T00:00:00Z"),
    ("5 dezembro 2023", "2023-12-05T00:00:00Z"),
])
def test_month_names_in_other_languages(value, expected):
    assert to_utc_iso(value) == expected


def test_english_dates_are_read_as_before():
    assert to_utc_iso("Jan 12, 2024 10:30 pm") == "2024-01-12T22:30:00Z"
    assert to_utc_iso("2024-03-05T08:30:00+01:00") == "2024-03-05T07:30:00Z"
    assert to_utc_iso("05/03/2024", dayfirst=True) == "2024-03-05T00:00:00Z"


def test_a_date_beyond_the_future_slack_is_none_never_another_date():
    now = datetime(2024, 4, 25, 12, tzinfo=timezone.utc)
    within = now + FUTURE_SLACK - timedelta(minutes=1)
    beyond = now + FUTURE_SLACK + timedelta(minutes=1)
    assert parse_datetime(within.isoformat(), now=now) == within
    assert parse_datetime(beyond.isoformat(), now=now) is None
    assert parse_datetime("Fri, 26 Apr 2024 13:00:00 EDT", now=now) is None


@pytest.mark.parametrize("value", ["", "garbage", "2024-13-45", "Thu, 32 Foo 2024", "1970-01-01"])
def test_unreadable_or_implausible_dates_are_none(value):
    assert to_utc_iso(value) is None


def _page_dated(visible: str) -> bytes:
    prose = "The council met on Tuesday and approved the budget for the new bridge. " * 8
    return (f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
            f"{visible}<p>{prose}</p></article></body></html>").encode()


def test_a_future_visible_date_gives_none_not_the_first_of_its_month():
    ahead = (datetime.now(timezone.utc) + timedelta(days=12)).date()
    for visible in (f'<p class="date">{ahead.isoformat()}</p>',
                    f'<time datetime="{ahead.isoformat()}T10:00:00Z">{ahead:%B %d, %Y}</time>'):
        assert extract_article(_page_dated(visible), "https://news.example/story")[
            "published_at"] is None


def test_a_month_without_a_day_is_not_given_a_day():
    page = _page_dated('<p class="date">Archive: 2024-05</p>')
    assert extract_article(page, "https://news.example/story")["published_at"] is None


def test_a_visible_date_in_the_past_is_still_read():
    page = _page_dated('<time datetime="2024-03-01T10:00:00Z">March 1, 2024</time>')
    assert extract_article(page, "https://news.example/story")["published_at"] == (
        "2024-03-01T10:00:00Z")
