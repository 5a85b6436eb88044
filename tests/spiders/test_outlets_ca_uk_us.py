"""The fixture page of each Canadian, British and US outlet added from the Fundus pages
(issue 13: the Postmedia and Reach families and their neighbours), field by field.

Each fixture mirrors its site's real structure, furniture included (ads, sign-ups, story links,
figures, closing plugs): the body must be the story's paragraphs and subheadings only, and the
summary the visible standfirst, or nothing where the page prints none. Also: the Postmedia tags,
and a page of each platform family (Postmedia, Reach) in a design the source does not know.
"""

from __future__ import annotations

import pytest

from crawler.parsing import parse_page, read_page
from tests.helpers import FIXTURES, parse_fixture

# source: (URL stored, title, published_at, authors, summary, body paragraphs)
EXPECTED = {
    'canadacom': (
        'https://o.canada.com/travel/a-lakeside-lodge-reopens',
        'A lakeside lodge reopens after a long rebuild',
        '2026-06-05T17:20:55Z', ['Jane Traveller'],
        'The resort finished its renovation two years after the fire',
        [
            'The lodge on the lake opened its doors again this week after a rebuild that took two years.',
            'It sits inside a national park that draws millions of visitors a year.',
            'Rooms with a view',
            'The new rooms look out over the water, and the old cabins were kept.',
        ]),
    'financialpost': (
        'https://financialpost.com/news/economy/economists-on-the-jobs-report',
        'Economists weigh in on the latest jobs report',
        '2026-06-05T20:43:49Z', ['Dana Economist'],
        'Some economists argue that the economy is barely scraping by',
        [
            'The jobless rate fell in May as employers added jobs for the first time since November.',
            "‘Ends recession debate’: an accountants' group",
            'One economist said the report ends the recession debate.',
            'Another said it was too early to have much confidence in one month of data.',
        ]),
    'nationalpost': (
        'https://nationalpost.com/news/world/latest-border-strikes',
        'Missile strikes across the border kill at least 26',
        '2025-05-07T13:42:21Z', ['The Associated Press'],
        'Officials said the strikes targeted camps used by militants.',
        [
            'Missiles struck several locations early Wednesday, officials said.',
            "Prime minister praises the military's response",
            'The neighbours have been at odds since an attack last month.',
            'Both governments called for calm later in the day.',
        ]),
    'ottawacitizen': (
        'https://ottawacitizen.com/public-service/department-returns-office-floors',
        'Department returned office floors before the return-to-office date',
        '2026-05-25T16:38:12Z', ['Sam Reporter'],
        'Months before the mandate, the department gave up twelve floors downtown.',
        [
            'A federal department handed back twelve floors of office space in January.',
            'Documents obtained by the newspaper show the move was planned last summer.',
            'Directors lose their offices',
            'A spokesperson said the space is now used by another department.',
        ]),
    'theprovince': (
        'https://theprovince.com/life/wine-guy-three-bottles-for-summer',
        'Wine Guy: three bottles for a sunny day',
        '2026-06-04T18:00:09Z', ['Pat Sommelier'],
        'Pink wine is great, but there is more to sip this summer',
        [
            'Summer is here, and with it the season for lighter wines.',
            'The category offers many shades, from pale to deep.',
            'A Rosé from France ($14.99)',
            'Bottom line: a friendly, versatile bottle.',
        ]),
    'globalnews': (
        'https://globalnews.ca/news/11000001/',
        'Storm knocks out power across the coast',
        '2026-05-24T14:05:10Z', ['Ann Writer', 'Bo Reporter'],
        None,
        [
            'A storm with winds of up to 100 km/h knocked out power to thousands of homes overnight.',
            'Crews worked through the morning to restore the lines, the utility said.',
            'Schools closed for the day',
            'Several school boards closed their buildings as a precaution.',
            'More wind is forecast for the weekend.',
        ]),
    'theglobeandmail': (
        'https://www.theglobeandmail.com/business/article-business-brief-banks-beat-the-estimates',
        'Business Brief: Banks beat the estimates',
        '2024-08-28T11:26:02Z', ['Casey Columnist'],
        None,
        [
            'Two of the big banks reported quarterly profits above what analysts expected.',
            "Earnings up: the first bank's profit rose on lending.",
            'A closer look at lending',
            'Loans grew for a third quarter in a row.',
            'The Canadian dollar traded at 74 U.S. cents.',
        ]),
    'express': (
        'https://www.express.co.uk/news/royal/1900001/royal-family-live-palace-rows',
        "Palace rows 'won't go away', says expert",
        '2024-07-18T10:48:00Z', ['Jo Royal'],
        'A royal expert has said the rows at the palace will not go away soon.',
        [
            'The rows at the palace will not go away, a royal expert has said.',
            'He told a radio show that the family had "a long summer" ahead.',
            'THIS IS A LIVE BLOG. SCROLL DOWN FOR THE LATEST UPDATES.',
            'King to host a garden party',
            'The King will host a garden party next week.',
            'Guests include volunteers from across the country.',
        ]),
    'themirror': (
        'https://www.mirror.co.uk/news/uk-news/village-fete-raises-record-sum-36500001',
        'Village fete raises a record sum for the hospice',
        '2026-01-06T08:39:42Z', ['Alex Writer'],
        'Organisers said the weather helped bring the crowds',
        [
            'A village fete raised more money for the local hospice than ever before.',
            'Stalls sold cakes, plants and second-hand books all afternoon.',
            "'We have never seen crowds like it'",
            'Organisers thanked the volunteers who set up before dawn.',
        ]),
    'dailystar': (
        'https://www.dailystar.co.uk/news/latest-news/giant-pumpkin-breaks-county-record-37000001',
        'Giant pumpkin breaks county record at the show',
        '2026-04-20T11:43:46Z', ['Sam Reporter'],
        'A grower has beaten the county record with a pumpkin the size of a car',
        [
            'A pumpkin weighing more than a small car has broken the county record.',
            'Its grower said he fed it a secret mix every morning.',
            'How the record was set',
            'The judges needed a forklift to weigh it.',
        ]),
    'thesun': (
        'https://www.thesun.co.uk/sport/12600001/new-england-captain-profile',
        'Who is the new England captain and how long has he played for his club?...',
        '2024-04-22T21:04:00Z', ['Terry Sportswriter'],
        None,
        [
            'THE new England captain was named on Monday night.',
            'He takes over from a player who led the side for eight years.',
            'How long has he played for his club?',
            "He joined his club's academy at the age of eight.",
            '"It is the proudest day of my life," he said.',
        ]),
    'thetelegraph': (
        'https://www.telegraph.co.uk/politics/2024/09/16/minister-defends-rail-timetable',
        'Minister defends the new rail timetable',
        '2024-09-16T20:33:00Z', ['Robin Correspondent'],
        'Transport Secretary says the changes will settle in within weeks',
        [
            'The Transport Secretary has defended the new rail timetable after a week of delays.',
            'She said passengers would see the benefits within weeks.',
            'Unions call for a review',
            'Rail unions said the changes had been rushed.',
        ]),
    'theindependent': (
        'https://www.independent.co.uk/news/uk/home-news/floods-close-coast-road-b2650001.html',
        'Floods close the coast road as rivers burst their banks',
        '2024-11-22T08:49:59Z', ['Morgan Reporter'],
        None,
        [
            'The coast road was closed on Friday after two rivers burst their banks.',
            'Police asked drivers to avoid the area until the water goes down.',
        ]),
    'techradar': (
        'https://www.techradar.com/phones/a-new-phone-camera-keeps-your-photos-on-the-device',
        'A new phone camera keeps your photos on the device',
        '2026-05-19T21:00:00Z', ['Kim Editor'],
        'Privacy first, but at a price',
        [
            'The camera processes every photo on the phone itself, the maker says.',
            'Nothing is sent to a server unless you ask for it.',
            'How it works',
            'A dedicated chip runs the models that clean up each shot.',
            'Your photos never leave your pocket.',
            'It goes on sale next month.',
        ]),
    'freebeacon': (
        'https://freebeacon.com/politics/senators-donors-gather-at-lakeside-fundraiser',
        "Senator's Donors Gather at Lakeside Fundraiser",
        '2023-04-28T18:01:37Z', ['Pat Reporter'],
        'Big-city donors fly in for a weekend by the lake',
        [
            'A senator who calls himself a moderate spent the weekend with big-city donors.',
            'The fundraiser was held at a lakeside lodge, according to an invitation.',
            'His campaign did not respond to a request for comment.',
        ]),
    'occupydemocrats': (
        'https://occupydemocrats.com/2023/06/19/state-senator-caught-skipping-votes-for-golf',
        'State Senator Caught Skipping Votes for Golf',
        '2023-06-19T23:48:21Z', ['Lee Columnist'],
        None,
        [
            'A state senator missed a dozen votes last month, records show.',
            'Photos posted online show him on a golf course on at least three of those days.',
            '"I was working the whole time," the senator said.',
            'His office did not explain the photos.',
        ]),
    'restofworld': (
        'https://restofworld.org/2025/desert-town-chip-plant',
        'A desert town wants to build a chip plant',
        '2025-10-21T10:00:00Z', ['Ira Correspondent'],
        'Can a town of fishermen become a hub for semiconductors?',
        [
            'The plot of land by the sea is still empty sand.',
            'Planners say a chip plant could stand there within five years.',
            'Power and water',
            'The plant would need more water than the town uses now.',
            'Officials say a desalination plant is planned.',
        ]),
}
# Global News stores a story under its id alone; the page's URL carries the slug.
PAGE_URLS = {"globalnews": "https://globalnews.ca/news/11000001/storm-power-outages-coast/"}


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_fixture_fields(source):
    url, title, published_at, authors, summary, paragraphs = EXPECTED[source]
    # Fetched with tracking parameters, as a feed links it: the stored URL is the canonical one.
    page_url = PAGE_URLS.get(source, url) + "?utm_source=rss"
    article = parse_fixture(source, "article", page_url)
    assert (article.url, article.title, article.published_at, article.authors) == (
        url, title, published_at, authors)
    assert article.summary == summary
    assert article.body.split("\n\n") == paragraphs


def test_postmedia_tags_are_the_topics_among_the_keywords():
    article = parse_fixture("financialpost", "article",
                            "https://financialpost.com/news/economy/economists-on-the-jobs-report")
    assert article.tags == ["Bank of Canada", "Economy"]


# One page per platform family in a design its source does not know (older templates): the
# family's selectors find no story, so the body comes from generic extraction.
FALLBACK = {
    "nationalpost": ("Ferry service to the islands resumes after the strike", [
        "Ferries to the Gulf Islands sailed again on Monday morning after a two-week strike that "
        "left thousands of islanders without a way to the mainland.",
        "The union and the operator reached a tentative agreement late on Sunday night, and the "
        "first sailing left the terminal at six in the morning with a full car deck.",
        "Islanders said the strike had cut them off from hospitals, schools and work, and several "
        "businesses said they had lost most of their winter trade."]),
    "themirror": ("Seaside pier reopens after a winter of repairs", [
        "The town's Victorian pier reopened to visitors on Wednesday after a winter in which storms "
        "tore away part of its deck and most of its railings.",
        "Engineers replaced more than two hundred planks and rebuilt the kiosk at the end of the "
        "pier, which had been closed since the first storm in November.",
        "The council said the repairs cost less than expected, and that the pier would stay open "
        "late every evening through the summer holidays."]),
}


@pytest.mark.parametrize("source", sorted(FALLBACK))
def test_a_platform_page_of_an_unknown_design_falls_back_to_generic_extraction(source):
    title, paragraphs = FALLBACK[source]
    article = parse_page(read_page(FIXTURES / "fallback" / f"{source}.html"), None, source)
    assert (article.title, article.body.split("\n\n")) == (title, paragraphs)
    assert article.fell_back == ["body"]
    assert article.summary is None
