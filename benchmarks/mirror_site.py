"""The Press TV mirror, for benchmarks and tests: pages, feeds, sitemaps and a static server.

The site's structure is written here once: article URLs (``detail_path``), the article
template (``article_page``), feeds (``rss_feed``), section pages (``write_section_pages``),
the sitemap index and monthly urlsets (``sitemap_index``, ``urlset``). Benchmarks use it
full size; the tests' sites (``tests/sites/presstv.py``, ``newsroom.py``) use its plain form
(``PLAIN``, ``plain_article_page``): small pages with their own short articles.

``MirrorSite(root, origin, seed).resize(n)`` writes the first ``n`` articles of an endless,
seed-determined catalogue, plus ``/rss.xml``, the sitemap index ``/sitemap.xml`` and one
``/SiteMap/YYYY-MM/sitemap-news-YYYY-MM.xml`` urlset per month. Article ``i`` depends only
on the seed and on articles ``0..i-1``, so growing the site by 1% adds new, newest articles
without touching any existing page, and shrinking it back restores the exact same files.

Article pages copy the structure of ``tests/fixtures/presstv/seed-article.html`` and are
padded to 60-100 KB with the navigation, inline scripts and sidebars a real page carries.
They are written with string templates, not lxml: thousands of pages must take seconds.

``MirrorServer(root)`` serves a directory from a child process with ``twisted.web.static``
on 127.0.0.1 and a free port. Run ``python benchmarks/mirror_site.py --help`` for the CLI.
"""

from __future__ import annotations

import argparse
import bisect
import html
import json
import random
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

TEHRAN = ZoneInfo("Asia/Tehran")  # Press TV stamps pages with Tehran local time
FIRST_PUBLISHED = datetime(2021, 1, 4, 6, 0, tzinfo=timezone.utc)
# Minutes between two articles: about one an hour, so 5,000 articles span ~7 months of sitemaps.
PUBLISH_GAP_MINUTES = (20, 100)
FIRST_ARTICLE_ID = 640_000
CANONICAL_ORIGIN = "https://www.presstv.ir"  # a mirror keeps the real site's canonical links
RSS_ITEMS = 100
SECTION_FEED_ITEMS = 20
SECTION_PAGE_LINKS = 20
GROWTH_SHARE = 0.01  # the incremental benchmark adds 1% new articles

# Every page lands in this size range (bytes); each page draws its own target inside it.
MIN_PAGE_BYTES, MAX_PAGE_BYTES = 60 * 1024, 100 * 1024
_TARGET_PAGE_BYTES = (MIN_PAGE_BYTES + 1024, MAX_PAGE_BYTES - 1024)

HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "application/xml"


def new_articles_count(articles: int) -> int:
    """How many articles the incremental step adds to a site of ``articles``: 1%, at least one."""
    return max(1, round(articles * GROWTH_SHARE))


# --- vocabulary -------------------------------------------------------------------------
# Fictional but news-shaped: capitals, ministries, trade and weather stories. Titles and
# ticker items stay ASCII so their byte length is their character length.

CAPITALS = [
    "Tehran", "Baghdad", "Moscow", "Beijing", "Caracas", "Ankara", "Brussels", "Damascus",
    "Beirut", "Sanaa", "Islamabad", "Kabul", "Pretoria", "Brasilia", "Havana", "Doha", "Muscat",
    "Algiers", "Tunis", "Cairo", "Amman", "Hanoi", "Jakarta", "Kuala Lumpur", "Minsk",
    "Tbilisi", "Yerevan", "Baku", "Nairobi", "Abuja", "Dhaka", "Colombo", "Tashkent", "Almaty",
    "Managua", "La Paz", "Bamako", "Niamey", "Khartoum", "Addis Ababa",
]
HEADLINE_VERBS = [
    "says would welcome", "rejects", "calls for", "announces", "condemns", "backs",
    "warns against", "signs deal on", "opens talks on", "postpones", "expands", "reviews",
    "launches", "suspends", "approves", "defends", "unveils", "questions", "halts", "revives",
]
TOPICS = [
    "new trade corridor", "grain export plan", "regional water accord", "oil output cut",
    "rail link project", "joint naval drill", "vaccine production deal", "currency swap deal",
    "border crossing reopening", "refugee return program", "solar power tender",
    "fishing rights dispute", "airspace agreement", "tariff review", "fuel subsidy reform",
    "port expansion", "wheat import quota", "gas pipeline extension", "flood relief fund",
    "election monitoring mission", "prisoner exchange", "visa waiver scheme",
    "satellite launch", "drought emergency plan", "steel export ban", "copper mining licence",
    "nuclear talks", "peace plan", "cyber security pact", "textile trade pact",
    "earthquake rebuilding plan", "highway toll increase", "rice price cap",
    "desalination project", "air pollution curbs", "metro line tender", "teachers pay deal",
    "wildlife protection law", "hospital building program", "dam safety inspection",
]
HEADLINE_ENDINGS = [
    "with Moscow", "in Gulf waters", "after weekend talks", "amid price surge",
    "ahead of summit", "despite sanctions", "in northern provinces", "for next year",
    "after deadly floods", "as talks resume", "amid protests", "with Beijing",
    "as winter nears", "after court ruling", "in landmark vote", "at UN session",
    "amid fuel shortages", "after border clash", "with neighbors", "at Doha forum",
    "in Iraq", "in Syria", "in Lebanon", "in Yemen", "in Africa",
]
SUBJECTS = [
    "the foreign ministry", "the central bank", "a senior official", "lawmakers",
    "the interior minister", "local authorities", "the army", "the United Nations",
    "regional leaders", "analysts", "the government spokesman", "the energy ministry",
    "protesters", "farmers' unions", "the health ministry", "rescue teams", "the prime minister",
    "opposition parties", "the trade delegation", "the national oil company",
    "the chamber of commerce", "provincial governors", "the supreme court", "election officials",
]
VERBS = [
    "announced", "confirmed", "rejected", "welcomed", "criticized", "approved", "reviewed",
    "postponed", "expanded", "suspended", "discussed", "called for", "defended", "proposed",
    "questioned", "signed", "finalized", "outlined",
]
VERBS_INFINITIVE = [
    "support", "expand", "review", "defend", "finance", "protect", "pursue", "complete",
    "strengthen", "monitor",
]
OBJECTS = [
    "a new trade agreement", "the proposed budget", "plans to expand the rail network",
    "fresh talks on water sharing", "the release of detained workers", "a ceasefire proposal",
    "new rules for grain exports", "a reconstruction fund for flooded villages",
    "a joint investigation into the attack", "higher tariffs on imported steel",
    "the reopening of the border crossing", "an emergency aid package",
    "a program to train young engineers", "the construction of two new power plants",
    "a long-delayed census", "stricter limits on air pollution", "a bid to host the games",
    "the plan to privatize the state airline", "a memorandum on energy cooperation",
    "new checkpoints along the coastal highway", "the return of displaced families",
    "measures to stabilize the national currency", "a vaccination drive in rural areas",
]
TIMES = [
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
    "on Sunday", "earlier this week", "late on Thursday", "last month", "on Sunday evening",
    "in recent days", "earlier in the day", "over the weekend",
]
PLACES = [
    "in the capital", "near the border", "in the southern provinces", "across the region",
    "in the port city", "along the coast", "in the north of the country",
    "in several districts", "outside parliament", "in the disputed area",
]
REPORTS = [
    "according to state media", "a statement said", "officials said",
    "local media reported", "the ministry said in a statement", "witnesses said",
    "the official news agency reported",
]
SOURCES = [
    "the country's statistics office", "a report by the World Bank", "state television",
    "diplomatic sources", "a senior adviser", "figures released on Sunday",
]
SPEAKER_ROLES = [
    "Foreign Minister", "Deputy Prime Minister", "army spokesman", "Energy Minister",
    "Trade Minister", "government spokeswoman", "parliament speaker", "Health Minister",
]
FIRST_NAMES = [
    "Amir", "Leila", "Sergei", "Fatima", "Omar", "Nadia", "Hassan", "Elena", "Karim", "Maryam",
    "Ali", "Sara", "Dmitri", "Yusuf", "Zahra", "Ivan", "Rania", "Tariq",
]
LAST_NAMES = [
    "Rahimi", "Haddad", "Volkov", "Nasser", "Karimi", "Petrov", "Mansour", "Sadeghi", "Aziz",
    "Farouk", "Moradi", "Orlov", "Jaber", "Hosseini", "Saleh", "Kuznetsov", "Abbasi",
]
OUTLETS = ["Press TV", "reporters", "state television", "a news conference", "lawmakers"]
CONSEQUENCES = [
    "would hurt small businesses", "comes too late for many families",
    "could raise prices for consumers", "ignores the needs of rural areas",
    "was agreed without public debate", "may take years to deliver results",
]
PEOPLE = ["families", "workers", "students", "farmers", "residents", "pilgrims", "traders"]
DEADLINES = ["the end of the year", "next spring", "early next month", "the summer", "2027"]

SENTENCE_TEMPLATES = [
    "{subject} {verb} {object} {time}, {report}.",
    "{subject} {verb} {object} {place} {time}.",
    "According to {source}, {subject} {verb} {object} {place}.",
    "“We will continue to {verb_inf} {object} {place},” {speaker} told {outlet}.",
    "The move comes after {subject} {verb} {object} {time}.",
    "{subject} said the decision would affect some {number} {people} {place}.",
    "Officials expect {object} to be completed by {deadline}, {report}.",
    "{speaker} added that {subject} {verb} {object} {time}.",
    "Critics say {object} {consequence}.",
    "In {year}, {subject} {verb} {object} {place}.",
    "{subject} had repeatedly {verb} {object}, {report}.",
]
# News paragraphs are short: mostly two or three sentences.
SENTENCES_PER_PARAGRAPH = ([1, 2, 3, 4, 5], [2, 4, 3, 1, 1])

SECTIONS = [
    (101, "Iran"), (102, "West Asia"), (103, "US"), (10205, "Iraq"), (104, "Europe"),
    (105, "Africa"), (106, "Asia-Pacific"), (107, "Economy"), (108, "Society"),
    (109, "Sports"), (110, "Latin America"), (111, "Palestine"), (112, "Lebanon"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


# --- the catalogue ----------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleRecord:
    """What is known about an article before its page is written."""

    index: int
    article_id: int
    published: datetime  # UTC
    modified: datetime  # UTC
    title: str
    slug: str
    section: tuple[int, str]

    @property
    def local_published(self) -> datetime:
        return self.published.astimezone(TEHRAN)

    @property
    def path(self) -> str:
        return detail_path(self.local_published, self.article_id, self.slug)

    @property
    def month(self) -> str:
        return f"{self.local_published:%Y-%m}"


class Catalogue:
    """The endless, seed-determined list of articles; ``first(n)`` is stable as ``n`` grows."""

    def __init__(self, seed: int):
        self.seed = seed
        self._records: list[ArticleRecord] = []
        self._titles: set[str] = set()

    def first(self, count: int) -> list[ArticleRecord]:
        while len(self._records) < count:
            self._records.append(self._next_record())
        return self._records[:count]

    def _next_record(self) -> ArticleRecord:
        index = len(self._records)
        rng = random.Random(f"{self.seed}:meta:{index}")
        previous = self._records[-1] if self._records else None
        published = (previous.published + timedelta(minutes=rng.randint(*PUBLISH_GAP_MINUTES))
                     if previous else FIRST_PUBLISHED)
        title = self._unique_title(rng)
        return ArticleRecord(
            index=index,
            # Ids grow with time, with gaps, like a CMS shared with other content types.
            article_id=FIRST_ARTICLE_ID + 3 * index + rng.randint(0, 2),
            published=published,
            modified=published + timedelta(minutes=rng.choice([0, 0, 5, 12, 40, 95])),
            title=title,
            slug=slug_of(title),
            section=rng.choice(SECTIONS),
        )

    def _unique_title(self, rng: random.Random) -> str:
        while True:
            title = (f"{rng.choice(CAPITALS)} {rng.choice(HEADLINE_VERBS)} "
                     f"{rng.choice(TOPICS)} {rng.choice(HEADLINE_ENDINGS)}")
            if title not in self._titles:
                self._titles.add(title)
                return title


def detail_path(day: date, article_id: int, slug: str) -> str:
    """``/Detail/YYYY/MM/DD/<id>/<Slug>`` with the Tehran date, as Press TV links an article."""
    return f"/Detail/{day:%Y/%m/%d}/{article_id}/{slug}"


def image_url(record: ArticleRecord, size: str = "") -> str:
    """The article's photo on the CDN; ``size`` ".m" is the inline one."""
    return (f"https://cdn.presstv.ir/Photo/{record.local_published:%Y/%m/%d}/"
            f"{record.article_id}{size}.jpg")


def slug_of(title: str) -> str:
    """Press TV's slugs are a few title words joined by dashes (no dots: no file extension)."""
    words = ["".join(ch for ch in word if ch.isalnum()) for word in title.split()]
    return "-".join(word for word in words if word)[:60].strip("-")


# --- prose ------------------------------------------------------------------------------

class NewsWriter:
    """Sentences and paragraphs of news-like prose from the vocabulary, driven by one rng."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        choice = self.rng.choice
        template = choice(SENTENCE_TEMPLATES)
        text = template.format(
            subject=choice(SUBJECTS), verb=choice(VERBS), object=choice(OBJECTS),
            time=choice(TIMES), report=choice(REPORTS), place=choice(PLACES),
            source=choice(SOURCES), verb_inf=choice(VERBS_INFINITIVE), speaker=self.speaker(),
            outlet=choice(OUTLETS), number=f"{self.rng.randint(2, 900) * 100:,}",
            people=choice(PEOPLE), deadline=choice(DEADLINES), consequence=choice(CONSEQUENCES),
            year=self.rng.randint(2012, 2020),
        )
        return text[0].upper() + text[1:]

    def speaker(self) -> str:
        choice = self.rng.choice
        return f"{choice(SPEAKER_ROLES)} {choice(FIRST_NAMES)} {choice(LAST_NAMES)}"

    def paragraph(self) -> str:
        count = self.rng.choices(*SENTENCES_PER_PARAGRAPH)[0]
        return " ".join(self.sentence() for _ in range(count))

    def subheading(self) -> str:
        return f"{self.rng.choice(CAPITALS)} ‘{self.rng.choice(VERBS)}’"


# --- article pages ----------------------------------------------------------------------

def press_tv_datetime(moment: datetime) -> str:
    """``Thursday, 01 October 2015 5:20 PM``: the format of the page's ``<time datetime>``."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return (f"{WEEKDAYS[moment.weekday()]}, {moment.day:02d} {MONTHS[moment.month - 1]} "
            f"{moment.year} {hour}:{moment.minute:02d} {half}")


def dc_date(moment: datetime) -> str:
    """``10/1/2015 5:20:13 PM``: the ``DC.Date.Created`` meta format."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return (f"{moment.month}/{moment.day}/{moment.year} "
            f"{hour}:{moment.minute:02d}:{moment.second:02d} {half}")


TOP_LINKS = ('<a href="/">Home</a> <a href="/Section/101">Iran</a> '
             '<a href="/Section/102">West Asia</a> <a href="/Section/103">US</a>')


def _build_navigation() -> str:
    """The mega menu every page repeats: sections, each with a column of sub-sections."""
    columns = []
    for section_id, name in SECTIONS:
        items = "".join(
            f'<li class="submenu-item"><a href="/Section/{section_id}{n:02d}" '
            f'title="{name} {topic.title()}">{topic.title()}</a></li>'
            for n, topic in enumerate(TOPICS[section_id % 7::4][:8])
        )
        columns.append(f'<li class="menu-item dropdown"><a class="dropdown-toggle" '
                       f'href="/Section/{section_id}">{name}</a><ul class="dropdown-menu">'
                       f'{items}</ul></li>\n')
    return (f'<nav class="navbar navbar-main">{TOP_LINKS}\n'
            f'<ul class="nav navbar-nav">\n{"".join(columns)}</ul></nav>')


def _build_head_script() -> str:
    """An inline configuration script, as ad and analytics setups leave in every page."""
    config = {
        "site": "presstv", "lang": "en", "cdn": "https://cdn.presstv.ir",
        "sections": [{"id": sid, "name": name, "slots": [f"ptv_{sid}_{n}" for n in range(6)]}
                     for sid, name in SECTIONS],
        "player": {"autoplay": False, "hls": True, "qualities": [240, 360, 480, 720, 1080]},
    }
    return ("<script>window.dataLayer = window.dataLayer || [];\n"
            "function gtag(){dataLayer.push(arguments);}gtag('js', new Date());\n"
            f"window.PTV_CONFIG = {json.dumps(config)};\n"
            "(function(w,d){var s=d.createElement('script');s.async=true;"
            "s.src=w.PTV_CONFIG.cdn+'/js/bundle.min.js';d.head.appendChild(s);})(window,document);"
            "</script>")


NAVIGATION = _build_navigation()
HEAD_SCRIPT = _build_head_script()
ALTERNATE_ADDRESSES = "Press TV’s website can also be accessed at the following alternate addresses:"
FOOTER = (
    '<div class="col-md-12"><footer><p>' + ALTERNATE_ADDRESSES + '</p>'
    '<a href="https://www.presstv.co.uk">www.presstv.co.uk</a><p>Press TV News Roku</p>'
    '<ul class="footer-links">' + "".join(
        f'<li><a href="/Section/{sid}">{name}</a></li>' for sid, name in SECTIONS) +
    '<li><a href="/Default/AboutUs">About us</a></li><li><a href="/Default/Contact">Contact</a>'
    '</li></ul><p class="copyright">Copyright © Press TV. All rights reserved.</p></footer></div>'
)


@dataclass(frozen=True)
class Chrome:
    """What every page repeats around its own content."""

    navigation: str
    footer: str


# Benchmark pages carry a real page's weight; test pages only what the spider reads.
FULL = Chrome(NAVIGATION, FOOTER)
PLAIN = Chrome(f'<nav class="navbar navbar-main">{TOP_LINKS}</nav>', "")


class TickerBlob:
    """The padding source: a long JSON-ish news ticker, cut per page at item boundaries.

    Real Press TV pages embed tickers, most-viewed lists and player state as inline scripts;
    that is where most of their 60-100 KB go, so the padding imitates it.
    """

    ITEMS = 1500  # ~150 KB: more than any page needs

    def __init__(self, seed: int):
        rng = random.Random(f"{seed}:ticker")
        items = []
        for n in range(self.ITEMS):
            title = (f"{rng.choice(CAPITALS)} {rng.choice(HEADLINE_VERBS)} "
                     f"{rng.choice(TOPICS)} {rng.choice(HEADLINE_ENDINGS)}")
            items.append(json.dumps({"id": 900_000 + n, "t": title, "u": f"/Detail/{slug_of(title)}",
                                     "v": rng.randint(100, 99_999)}) + ",")
        self.text = "".join(items)
        self.ends = []  # offset just after each item
        offset = 0
        for item in items:
            offset += len(item)
            self.ends.append(offset)

    def script(self, size: int, rng: random.Random) -> str:
        """A ``<script>`` of about ``size`` bytes (never more), starting at a random item."""
        wrapper = "<script>window.PTV_TICKER = [];</script>"
        if size <= len(wrapper):
            return ""
        first = rng.randrange(self.ITEMS // 2)
        start = self.ends[first - 1] if first else 0
        wanted_end = start + size - len(wrapper)
        last = bisect.bisect_right(self.ends, wanted_end) - 1
        end = self.ends[last] if last >= first else start
        return f"<script>window.PTV_TICKER = [{self.text[start:end - 1]}];</script>"


def article_page(record: ArticleRecord, body: str, image: str, *, chrome: Chrome = PLAIN,
                 head: str = "", breaking: str = "", last_update: bool = False, related: str = "",
                 sidebar: str = "", padding: str = "") -> str:
    """The one article template, after ``tests/fixtures/presstv/seed-article.html``: what
    ``spiders/presstv.py`` selects (breadcrumb, title, time, lead image, body ended by the
    alternate-addresses footer) always; the rest (``head``, ``sidebar``...) is what a page adds.

    ``body`` is the paragraphs' HTML and ``image`` the lead image's (see ``lead_image``).
    """
    title = html.escape(record.title)
    section_id, section = record.section
    published = press_tv_datetime(record.local_published)
    if last_update:
        published += f" [ Last Update: {press_tv_datetime(record.modified.astimezone(TEHRAN))} ]"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{title} - PressTV</title>\n'
        f'<meta property="og:image" content="{image_url(record)}">\n'
        f'{head}</head>\n'
        f'<body>\n<header class="main-header">\n{chrome.navigation}\n{breaking}</header>\n'
        '<div class="body-content details-page">\n <div class="row">\n  <div class="col-md-9">\n'
        '   <div class="news-section-container">\n'
        f'     <a href="/">News</a> &nbsp;/&nbsp; <a href="/Section/{section_id}">{section}</a>'
        ' &nbsp;/&nbsp; <a href="/Section/901">BreakingNews</a>\n   </div>\n'
        f'   <h1 class="news-title-container">{title}</h1>\n'
        '   <div class="detail-container-left">\n'
        '     <time class="news-modifydate-container" '
        f'datetime="{press_tv_datetime(record.local_published)}">{published}</time>\n   </div>\n'
        f'{image}'
        f'   <div class="news-body-container">\n{body}'
        f'    <p>{ALTERNATE_ADDRESSES}</p>\n'
        '    <p><a href="https://www.presstv.co.uk">www.presstv.co.uk</a></p>\n'
        '    <p>Press TV News Roku</p>\n   </div>\n'
        '   <div class="share-box"><a href="#">Share</a> <a href="#">Read more</a></div>\n'
        f'{related}  </div>\n  <div class="col-md-3">{sidebar}</div>\n </div>\n</div>\n'
        f'{chrome.footer}\n{padding}\n</body>\n</html>\n'
    )


def lead_image(record: ArticleRecord, alt: str, caption: str, card: str = "") -> str:
    return ('   <div class="news-image-container">\n' + card +
            '     <figure class="news-image">\n'
            f'       <img src="{image_url(record, ".m")}" alt="{alt}">\n'
            f'       <figcaption>{caption}</figcaption>\n'
            '     </figure>\n   </div>\n')


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"    <p>{paragraph}</p>\n" for paragraph in paragraphs)


def plain_article_page(record: ArticleRecord, paragraphs: list[str], caption: str) -> str:
    """A small page of the same template: only what the spider reads, for tests."""
    return article_page(record, paragraphs_html(paragraphs), lead_image(record, "", caption))


class PageRenderer:
    """Renders one full article page, with links to earlier articles only (pages never change)."""

    def __init__(self, seed: int):
        self.seed = seed
        self.ticker = TickerBlob(seed)

    def render(self, record: ArticleRecord, catalogue: list[ArticleRecord]) -> bytes:
        rng = random.Random(f"{self.seed}:body:{record.index}")
        writer = NewsWriter(rng)
        paragraphs = [writer.paragraph() for _ in range(rng.randint(8, 25))]
        earlier = catalogue[:record.index]
        breaking = _link(rng.choice(earlier)) if earlier else '<a href="/">Home</a>'
        parts = dict(
            chrome=FULL, head=self._head(record, paragraphs[0]), last_update=True,
            breaking=f'<div class="breaking-news">Breaking: {breaking}</div>\n',
            image=self._lead_image(record, earlier, writer),
            body=self._paragraphs(paragraphs, earlier, writer),
            related=_link_list("related-news", "Related news", earlier, rng, 6),
            sidebar=(_link_list("most-viewed", "Most viewed", earlier, rng, 10) +
                     _link_list("latest-news", "Latest news", earlier[-12:], rng, 10)))
        target = rng.randint(*_TARGET_PAGE_BYTES)
        used = len(article_page(record, **parts).encode())
        return article_page(record, **parts, padding=self.ticker.script(target - used, rng)).encode()

    def _head(self, record: ArticleRecord, first_paragraph: str) -> str:
        """What a real page's head adds to the template's title and og:image."""
        title = html.escape(record.title)
        summary = html.escape(first_paragraph.split(". ")[0].rstrip(".") + ".")
        canonical = CANONICAL_ORIGIN + record.path
        return (
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta property="og:title" content="PressTV-{title}">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:url" content="{canonical}">\n'
            f'<meta name="description" content="{summary}">\n'
            f'<meta name="DC.Date.Created" content="{dc_date(record.local_published)}">\n'
            f'<link rel="canonical" href="{canonical}">\n'
            '<link rel="stylesheet" href="/Content/css/bootstrap.min.css">\n'
            '<link rel="stylesheet" href="/Content/css/site.min.css">\n'
            f'{HEAD_SCRIPT}\n'
            f'<script type="application/ld+json">{self._json_ld(record, summary)}</script>\n'
        )

    @staticmethod
    def _json_ld(record: ArticleRecord, summary: str) -> str:
        data = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": CANONICAL_ORIGIN + record.path},
            "headline": record.title, "description": html.unescape(summary),
            "image": [image_url(record)], "articleSection": record.section[1],
            "datePublished": record.local_published.isoformat(timespec="seconds"),
            "dateModified": record.modified.astimezone(TEHRAN).isoformat(timespec="seconds"),
            "author": {"@type": "Organization", "name": "Press TV"},
            "publisher": {"@type": "Organization", "name": "Press TV", "logo": {
                "@type": "ImageObject", "url": "https://www.presstv.ir/Content/img/logo.png"}},
        }
        return json.dumps(data, ensure_ascii=False)

    @staticmethod
    def _lead_image(record, earlier, writer) -> str:
        card = ""
        if earlier and writer.rng.random() < 0.3:  # some pages open with an embedded story card
            other = writer.rng.choice(earlier)
            card = (f'     <div data-oembed-url="{CANONICAL_ORIGIN}{other.path}">\n'
                    f'       <img src="https://cdn.presstv.ir/Photo/{other.article_id}.m.jpg" alt="">\n'
                    f'       <div class="image-caption">{writer.sentence()} (AFP photo)</div>\n'
                    '     </div>\n')
        alt = writer.speaker()
        return lead_image(record, alt, f"{writer.speaker()} (AFP Photo)", card)

    @staticmethod
    def _paragraphs(paragraphs, earlier, writer) -> str:
        """``<p>``s with what Press TV bodies interleave: a story card, a sub-heading, a figure."""
        rng = writer.rng
        card_at = len(paragraphs) // 2 if earlier else -1
        heading_at = rng.randrange(3, len(paragraphs)) if rng.random() < 0.5 else -1
        figure_at = rng.randrange(2, len(paragraphs)) if rng.random() < 0.4 else -1
        parts = []
        for n, paragraph in enumerate(paragraphs):
            if n == card_at:
                other = rng.choice(earlier)
                parts.append(f'    <div data-oembed-url="{CANONICAL_ORIGIN}{other.path}">\n'
                             f'      <div class="related-card">{_link(other)}</div>\n    </div>\n')
            if n == heading_at:
                parts.append(f"    <h2><strong>{writer.subheading()}</strong></h2>\n")
            if n == figure_at:
                parts.append('    <figure class="image">\n'
                             f'      <img src="https://cdn.presstv.ir/Photo/{rng.randint(1, 99999)}.m.jpg" alt="">\n'
                             f'      <figcaption>{writer.speaker()} (AFP Photo)</figcaption>\n'
                             '    </figure>\n    <p><br></p>\n')
            parts.append(f"    <p>{paragraph}</p>\n")
        return "".join(parts)


def _link(record: ArticleRecord) -> str:
    return f'<a href="{record.path}">{html.escape(record.title)}</a>'


def _link_list(css_class: str, heading: str, candidates, rng: random.Random, count: int) -> str:
    if not candidates:
        return ""
    chosen = rng.sample(candidates, min(count, len(candidates)))
    items = "".join(f"<li>{_link(record)}</li>" for record in chosen)
    return f'<div class="{css_class}"><h3>{heading}</h3><ul>{items}</ul></div>\n'


# --- discovery documents ----------------------------------------------------------------
# The generic forms take (title, url) or (url, lastmod) pairs, so a test site can list any
# URL (an alias, a 404) in the same documents the benchmark mirror serves.

def rss_feed(origin: str, items: list[tuple[str, str]]) -> str:
    """RSS 2.0 of ``(title, url)`` in the given order; like Press TV's, items carry no ``pubDate``."""
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{url}</link>"
        f"<description>{html.escape(title)}.</description></item>\n"
        for title, url in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
            f"<title>PressTV</title><link>{origin}/</link>"
            "<description>Press TV news feed</description><language>en</language>\n"
            f"{entries}</channel></rss>\n")


def rss_document(origin: str, records: list[ArticleRecord], size: int = RSS_ITEMS) -> str:
    """The feed of the newest ``size`` of ``records`` (oldest first), newest first."""
    return rss_feed(origin, [(r.title, origin + r.path) for r in reversed(records[-size:])])


def section_feed_path(section_id: int) -> str:
    return f"/rss/rss-{section_id}.xml"


def section_page(section_name: str, records, chrome: Chrome = FULL) -> str:
    """A listing page: the navigation, a column of links to ``records`` (``path``, ``title``)."""
    links = "".join(f"<li>{_link(r)}</li>" for r in records)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<title>{html.escape(section_name)} - PressTV</title></head><body>{chrome.navigation}'
            f'<ul class="section-news">{links}</ul>{chrome.footer}</body></html>\n')


def write_section_pages(root: Path, section_id: int, name: str, newest_first: list,
                        per_page: int = SECTION_PAGE_LINKS, chrome: Chrome = FULL) -> None:
    """``/Section/<id>`` and its numbered pages ``/Section/<id>/<n>``, newest first, as
    Press TV pages them; one empty page past the last, as a CMS answers one."""
    folder = root / "Section" / str(section_id)
    shutil.rmtree(folder, ignore_errors=True)  # new articles shift every page
    pages = -(-len(newest_first) // per_page) + 1
    for number in range(1, pages + 1):
        chunk = newest_first[(number - 1) * per_page:number * per_page]
        # Page 1 is the folder's index: /Section/<id> answers with a redirect to it.
        path = f"/Section/{section_id}/" + ("index.html" if number == 1 else str(number))
        write_text(root, path, section_page(name, chunk, chrome))


def monthly_sitemap_path(month: str) -> str:
    return f"/SiteMap/{month}/sitemap-news-{month}.xml"


def _lastmod(moment: datetime | date) -> str:
    """Press TV's form for a moment (Tehran time, with its offset); a day stays a day."""
    if isinstance(moment, datetime):
        return moment.astimezone(TEHRAN).isoformat(timespec="seconds")
    return moment.isoformat()


def sitemaps_by_month(records: list[ArticleRecord]) -> dict[str, list[ArticleRecord]]:
    months: dict[str, list[ArticleRecord]] = {}
    for record in records:
        months.setdefault(record.month, []).append(record)
    return months


def urlset(entries: list[tuple[str, datetime | None]]) -> str:
    """A sitemap of ``(url, lastmod)``; an entry without ``lastmod`` has none."""
    urls = "".join(f"<url><loc>{url}</loc>" +
                   (f"<lastmod>{_lastmod(lastmod)}</lastmod>" if lastmod else "") + "</url>\n"
                   for url, lastmod in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n")


def urlset_document(origin: str, records: list[ArticleRecord]) -> str:
    return urlset([(origin + r.path, r.modified) for r in records])


def sitemap_index(entries: list[tuple[str, datetime | date]]) -> str:
    """A sitemap index of ``(child sitemap url, lastmod)``."""
    children = "".join(f"<sitemap><loc>{url}</loc><lastmod>{_lastmod(lastmod)}</lastmod></sitemap>\n"
                       for url, lastmod in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{children}</sitemapindex>\n")


def sitemap_index_document(origin: str, months: dict[str, list[ArticleRecord]]) -> str:
    return sitemap_index([(origin + monthly_sitemap_path(month), max(r.modified for r in records))
                          for month, records in months.items()])


def write_text(root: Path, url_path: str, text: str) -> None:
    """Write the file the static server answers ``url_path`` with."""
    path = root / url_path.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- the site on disk -------------------------------------------------------------------

class MirrorSite:
    """The mirror's files under ``root``; URLs in feeds and sitemaps point at ``origin``."""

    def __init__(self, root: str | Path, origin: str, seed: int = 0):
        self.root = Path(root)
        self.origin = origin.rstrip("/")
        self.seed = seed
        self.catalogue = Catalogue(seed)
        self.renderer = PageRenderer(seed)
        self.count = 0  # articles currently written

    def resize(self, count: int) -> list[ArticleRecord]:
        """Write or delete pages so the site has exactly the first ``count`` articles.

        Returns the articles added. Feeds and sitemaps are rewritten either way.
        """
        records = self.catalogue.first(max(count, self.count))
        added = records[self.count:count]
        for record in added:
            self._write_page(record, records)
        for record in records[count:self.count]:
            self._remove_page(record)
        self.count = count
        self._write_discovery(records[:count])
        return added

    def articles(self) -> list[ArticleRecord]:
        return self.catalogue.first(self.count)

    def article_urls(self) -> list[str]:
        return [self.origin + record.path for record in self.articles()]

    def page_file(self, record: ArticleRecord) -> Path:
        # The slug is the file itself (no extension): the URL answers 200 without a redirect.
        return self.root / record.path.lstrip("/")

    def _write_page(self, record: ArticleRecord, catalogue: list[ArticleRecord]) -> None:
        path = self.page_file(record)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.renderer.render(record, catalogue))

    def _remove_page(self, record: ArticleRecord) -> None:
        path = self.page_file(record)
        path.unlink(missing_ok=True)
        try:
            path.parent.rmdir()  # the <id> directory holds only this page
        except OSError:
            pass

    def _write_discovery(self, records: list[ArticleRecord]) -> None:
        months = sitemaps_by_month(records)
        sitemap_dir = self.root / "SiteMap"
        if sitemap_dir.exists():  # months that no longer have articles must go
            for stale in sitemap_dir.glob("*/sitemap-news-*.xml"):
                if stale.parent.name not in months:
                    stale.unlink()
        for month, month_records in months.items():
            self._write_text(monthly_sitemap_path(month), urlset_document(self.origin, month_records))
        self._write_text("/sitemap.xml", sitemap_index_document(self.origin, months))
        self._write_text("/rss.xml", rss_document(self.origin, records))
        for section_id, name in SECTIONS:
            in_section = [record for record in records if record.section[0] == section_id]
            self._write_text(section_feed_path(section_id),
                             rss_document(self.origin, in_section, SECTION_FEED_ITEMS))
            write_section_pages(self.root, section_id, name, in_section[::-1])
        self._write_text("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {self.origin}/sitemap.xml\n")
        self._write_text("/index.html", self._home_page(records))

    def _home_page(self, records: list[ArticleRecord]) -> str:
        latest = "".join(f"<li>{_link(r)}</li>" for r in reversed(records[-30:]))
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>PressTV</title>'
                f'</head><body>{NAVIGATION}<ul class="latest">{latest}</ul>{FOOTER}</body></html>\n')

    def _write_text(self, url_path: str, text: str) -> None:
        write_text(self.root, url_path, text)


# --- the server -------------------------------------------------------------------------

def serve(root: str | Path, port: int = 0, host: str = "127.0.0.1") -> None:
    """Serve ``root`` until stdin closes (the parent died or let go); print the port first."""
    from twisted.internet import reactor
    from twisted.web import server, static

    class MirrorFile(static.File):
        # Class attributes, because File.createSimilarFile builds children from the class.
        contentTypes = {".xml": XML_TYPE, ".html": HTML_TYPE, ".txt": "text/plain; charset=utf-8"}

    class QuietSite(server.Site):
        def log(self, request):
            pass  # an access-log line per request costs CPU the measured crawler competes for

    site = QuietSite(MirrorFile(str(root), defaultType=HTML_TYPE))
    listening = reactor.listenTCP(port, site, interface=host, backlog=128)
    print(listening.getHost().port, flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        reactor.callFromThread(reactor.stop)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    reactor.run()


class MirrorServer:
    """A static server for ``root`` in a child process: ``with MirrorServer(root) as server:``."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.process: subprocess.Popen | None = None
        self.port: int | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "MirrorServer":
        self.root.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "serve", str(self.root)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        line = self.process.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"mirror server did not start (said {line!r})")
        self.port = int(line)
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.stdin.close()  # the server stops when its stdin closes
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process = None

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


# --- command line -----------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve a directory on 127.0.0.1")
    serve_cmd.add_argument("root")
    serve_cmd.add_argument("--port", type=int, default=0, help="default: a free port")
    generate = commands.add_parser("generate", help="write a mirror site into a directory")
    generate.add_argument("root")
    generate.add_argument("--origin", required=True, help="e.g. http://127.0.0.1:8080")
    generate.add_argument("--articles", type=int, default=5000)
    generate.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.root, args.port)
    else:
        MirrorSite(args.root, args.origin, args.seed).resize(args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
