"""The fixture page of each source added from the Fundus pages (issue 13), field by field.

Each fixture mirrors its site's real structure, furniture included (promos, share buttons,
story links, figures): the body must be the story's paragraphs and subheadings only, and the
summary the visible standfirst, or nothing where the site prints none.
"""

from __future__ import annotations

import pytest

from tests.helpers import parse_fixture

# source: (url, title, published_at, authors, summary, body paragraphs)
EXPECTED = {
    "businessinsider": (
        "https://www.businessinsider.com/teacher-ran-100-marathons-year-what-changed-2025-3",
        "A teacher who ran 100 marathons in a year shares what changed — from sleep to shoes",
        "2025-03-10T09:15:00Z", ["Jordan Vale"],
        "Mara Quinn ran 100 marathons in 2024 while teaching full time. "
        "She changed how she sleeps, eats, and buys shoes.",
        ["Mara Quinn laced up before dawn on New Year's Day and ran her first marathon of the year.",
         "By December she had run 100 of them, most on weekends between marking essays.",
         "She sleeps nine hours",
         "\"Sleep was the hardest part,\" Quinn said. She now goes to bed at 8:30 p.m.",
         "She buys shoes in pairs",
         "Quinn wore out 14 pairs of shoes and now rotates two at a time."]),
    "dailymail": (
        "https://www.dailymail.co.uk/yourmoney/article-13400001/50p-coin-worth-hundreds.html",
        "Your old 50p coin could be worth hundreds - here's what to look for",
        "2024-05-02T08:40:11Z", ["Priya Hale"], None,
        ["Check your change before you spend it: one 50p coin could be worth hundreds of pounds.",
         "Collectors are hunting coins struck in 2009 with a doubled date.",
         "Here's what to look for:",
         "'Only a few hundred were made,' a dealer said."]),
    "eveningstandard": (
        "https://www.standard.co.uk/news/london/sadiq-khan-interview-night-tube-b1190001.html",
        "Sadiq Khan: Why London needs a night tube plan", "2024-11-04T08:30:00Z", ["Ada Sterling"],
        "The Mayor on night buses, late trains and the city after dark in a wide-ranging interview",
        ["Sadiq Khan meets me at City Hall at nine at night, which he says is the point.",
         "\"London never sleeps, so its trains should not either,\" he says.",
         "The cost",
         "The plan would cost £40 million a year, City Hall estimates."]),
    "inews": (
        "https://inews.co.uk/news/environment/climate-activists-glue-gallery-opera-3510001",
        "Climate activists glue themselves to gallery frame during opera rehearsal",
        "2025-02-03T14:05:00Z", ["Tom Ashby"],
        "Singers carried on as two protesters were removed by staff",
        ["Two climate activists glued themselves to a picture frame during an opera rehearsal on Monday.",
         "Gallery staff removed them within ten minutes, the venue said.",
         "The production runs until March 1."]),
    "latimes": (
        "https://www.latimes.com/entertainment-arts/story/2023-07-10/hollywood-bowl-summer-nights",
        "Fifty years of the Hollywood Bowl's summer nights", "2023-07-10T12:00:29Z", ["Lena Ortiz"],
        None,
        ["The Hollywood Bowl opened its shell to summer crowds in 1922.",
         "Here are some of its best nights.", "Orchestras",
         "July 11, 1936: the first Symphony Under the Stars.", "Rock",
         "Aug. 23, 1964: the Beatles played their first Bowl show."]),
    "metro": (
        "https://metro.co.uk/2024/11/20/norway-tells-households-prepare-week-without-power-22020001",
        "Norway tells households 'how to prepare' for a week without power",
        "2024-11-20T10:02:00Z", ["Ellis Varga"],
        "Norway has told every household to keep enough food and water for a week without power.",
        ["The advice comes in a leaflet posted to 2.5 million homes this week.",
         "What is in the leaflet?",
         "It lists tinned food, a battery radio and cash in small notes."]),
    "nature": (
        "https://www.nature.com/articles/d41586-025-04200-1",
        "Field stations on thin ice: polar researchers count the costs of a warming Arctic",
        "2026-01-15T00:00:00Z", ["Ines Kowal"],
        "Melting permafrost is undermining the buildings that Arctic science depends on.",
        ["The research hut at Ny-Ålesund has tilted by four degrees since 2019.",
         "“We measure the ground that is swallowing our station,” says one technician.",
         "Moving the instruments",
         "Three stations plan to move their instruments to bedrock by 2028."]),
    "ninenews": (
        "https://www.nine.com.au/national/high-court-rules-state-border-closures-20260702-p60bz1.html",
        "High Court backs states on border closures", "2026-07-02T03:10:00Z", ["Mia Kerr", "AAP"],
        None,
        ["The High Court has ruled that states may close their borders during a health emergency.",
         "The decision was six to one.", "How the judges ruled",
         "The majority found the power was implied by the Constitution."]),
    "westaustralian": (
        "https://thewest.com.au/news/wa/housing-wa-on-track-to-hit-building-target-as-approvals-surge-c-16900001",
        "Housing: WA on track to hit building target as approvals surge", "2024-12-02T01:30:00Z",
        ["Kai Brennan"], None,
        ["WA is on track to hit its home-building target, according to new figures.",
         "Approvals rose 18 per cent in the year to October.",
         "The Housing Minister will release the full figures on Thursday."]),
    "politicoeu": (
        "https://www.politico.eu/article/centrist-outsider-poised-win-portugal-presidency",
        "Centrist outsider poised to win Portugal’s presidency", "2025-11-03T07:00:00Z",
        ["Rita Lobo"], "The former admiral’s calm campaign has drawn voters from left and right.",
        ["LISBON — He has never held elected office, and he may not need to campaign again.",
         "The latest poll puts him on 52 percent.", "A quiet campaign",
         "He has given two interviews in six weeks."]),
}


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_fixture_fields(source):
    url, title, published_at, authors, summary, paragraphs = EXPECTED[source]
    # Fetched with tracking parameters, as a feed links it: the stored URL is the canonical one.
    article = parse_fixture(source, "article", url + "?utm_source=rss")
    assert (article.url, article.title, article.published_at, article.authors) == (
        url, title, published_at, authors)
    assert article.summary == summary
    assert article.body.split("\n\n") == paragraphs
