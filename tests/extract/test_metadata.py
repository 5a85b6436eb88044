"""page_metadata: JSON-LD, OpenGraph and meta tags, read from hand-written pages."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from scrapy import Selector

from crawler.extract.metadata import page_metadata

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "generic"
KEYS = {"title", "summary", "authors", "published_at", "modified_at", "section", "tags",
        "language", "image_url", "canonical_url", "article_body", "free_access", "description"}


def fixture_root(name: str):
    return lxml.html.fromstring((FIXTURES / name).read_bytes())


def metadata_of(head: str, body: str = "<p>Text.</p>", url: str | None = None, lang: str = "en"):
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return page_metadata(lxml.html.fromstring(html), url)


def jsonld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


# --- the fixture pages ---------------------------------------------------------------------------

def test_jsonld_newsarticle_fields():
    meta = page_metadata(fixture_root("jsonld-newsarticle.html"),
                         "https://courier.example/news/2024/03/05/harbour-bridge-reopens")
    assert set(meta) == KEYS
    assert meta["title"] == "Harbour bridge reopens after repairs"
    # JSON-LD first, as for every field
    assert meta["summary"] == "The harbour bridge reopened on Tuesday after six weeks of repairs."
    # "By " dropped, the lower-cased duplicate and the profile URL left out.
    assert meta["authors"] == ["Maria Lopez", "Tom Becker"]
    # +01:00 on the page is 08:30 UTC.
    assert meta["published_at"] == "2024-03-05T08:30:00Z"
    assert meta["modified_at"] == "2024-03-05T13:05:00Z"
    assert meta["section"] == "Local"
    assert meta["tags"] == ["bridges", "transport", "harbour"]
    assert meta["language"] == "en"
    assert meta["image_url"] == "https://courier.example/images/bridge-1200.jpg"
    assert meta["canonical_url"] == "https://courier.example/news/2024/03/05/harbour-bridge-reopens"
    paragraphs = meta["article_body"].split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The harbour bridge reopened to traffic")


def test_graph_resolves_the_article_node_and_its_author_reference():
    meta = page_metadata(fixture_root("graph.html"))
    assert meta["title"] == "Neue Radwege für die Innenstadt"
    assert meta["authors"] == ["Jonas Weber"]  # {"@id": ...} resolved to the Person node
    # The Article's date, not the WebPage's 2023-01-01; +02:00 converted.
    assert meta["published_at"] == "2023-06-12T05:15:00Z"
    assert meta["modified_at"] == "2023-06-12T07:00:00Z"
    assert meta["section"] == "Verkehr"
    assert meta["tags"] == ["Radverkehr", "Innenstadt", "Verkehr"]
    assert meta["language"] == "de"
    assert meta["image_url"] == "https://anzeiger.example/img/rad.jpg"
    # mainEntityOfPage points at the WebPage node: its url, not its "#webpage" id.
    assert meta["canonical_url"] == "https://anzeiger.example/radwege/"
    assert meta["article_body"] is None


def test_opengraph_only_page():
    meta = page_metadata(fixture_root("opengraph-only.html"), "https://gazette.example/x/story")
    assert meta["title"] == "Library extends opening hours"  # " - Northfield Gazette" removed
    assert meta["summary"] == "The central library will open until 9pm on weekdays."
    # article:author is a profile URL: skipped; "By A and B" split into two names.
    assert meta["authors"] == ["Priya Nair", "Sam O'Connor"]
    # The naive 18:45 is read in the page's zone (-05:00, from the modified stamp).
    assert meta["published_at"] == "2022-11-08T23:45:00Z"
    assert meta["modified_at"] == "2022-11-09T13:00:00Z"
    assert meta["section"] == "Community"
    assert meta["tags"] == ["Libraries", "Northfield"]  # "libraries" is the same tag
    assert meta["language"] == "en"  # from en-GB
    assert meta["image_url"] == "https://gazette.example/media/library.jpg"
    assert meta["canonical_url"] == "https://gazette.example/library-hours"


def test_implausible_dates_are_dropped():
    meta = page_metadata(fixture_root("implausible-date.html"))
    assert meta["published_at"] is None  # 1970 in JSON-LD, 2999 in article:published_time
    assert meta["modified_at"] is None  # 2999


def test_scrapy_selector_root_is_accepted():
    html = (FIXTURES / "jsonld-newsarticle.html").read_text(encoding="utf-8")
    meta = page_metadata(Selector(text=html).root)
    assert meta["title"] == "Harbour bridge reopens after repairs"
    assert meta["authors"] == ["Maria Lopez", "Tom Becker"]


# --- rules, on small inline pages ----------------------------------------------------------------

def test_nothing_known_gives_none_and_empty_lists():
    meta = page_metadata(lxml.html.fromstring("<html><body><p>Hello.</p></body></html>"))
    assert meta == {key: [] if key in ("authors", "tags") else None for key in KEYS}


def test_jsonld_list_and_main_entity_are_searched():
    listed = metadata_of(jsonld('[{"@type": "WebSite", "name": "Site"},'
                                ' {"@type": "NewsArticle", "headline": "Listed"}]'))
    assert listed["title"] == "Listed"
    wrapped = metadata_of(jsonld('{"@type": "WebPage", "mainEntity": '
                                 '{"@type": "BlogPosting", "headline": "Wrapped"}}'))
    assert wrapped["title"] == "Wrapped"


def test_related_articles_nested_in_a_page_are_not_the_article():
    meta = metadata_of(jsonld('{"@type": "CollectionPage", "hasPart": '
                              '[{"@type": "NewsArticle", "headline": "Another story"}]}'))
    assert meta["title"] is None


def test_broken_jsonld_is_skipped_for_meta_tags():
    meta = metadata_of(jsonld('{"@type": "NewsArticle", "headline": ') +
                       '<meta property="og:title" content="From OpenGraph">')
    assert meta["title"] == "From OpenGraph"


def test_jsonld_with_raw_newlines_in_strings_is_read():
    meta = metadata_of(jsonld('{"@type": "NewsArticle", "headline": "Two\nlines"}'))
    assert meta["title"] == "Two lines"


def test_timestamp_with_zone_beats_a_naive_one():
    meta = metadata_of(
        jsonld('{"@type": "NewsArticle", "datePublished": "2024-01-10T12:00:00"}')
        + '<meta property="article:published_time" content="2024-01-10T12:00:00+03:00">')
    assert meta["published_at"] == "2024-01-10T09:00:00Z"


def test_zoned_stamp_of_another_moment_does_not_replace_a_trusted_naive_one():
    meta = metadata_of(jsonld('{"@type": "NewsArticle", "datePublished": "2024-01-10T12:00:00"}')
                       + '<meta name="date" content="2024-03-01T00:00:00Z">')
    assert meta["published_at"] == "2024-01-10T12:00:00Z"


def test_naive_timestamp_without_page_zone_is_utc():
    meta = metadata_of('<meta property="article:published_time" content="2024-01-10T12:00:00">')
    assert meta["published_at"] == "2024-01-10T12:00:00Z"


def test_implausible_candidate_falls_through_to_the_next():
    meta = metadata_of(jsonld('{"@type": "NewsArticle", "datePublished": "1985-02-01T00:00:00Z"}')
                       + '<meta name="parsely-pub-date" content="2021-07-04T10:00:00Z">')
    assert meta["published_at"] == "2021-07-04T10:00:00Z"


def test_microdata_time_element_is_a_date_source():
    meta = metadata_of("", '<time itemprop="datePublished" datetime="2020-05-05T05:05:05+00:00">'
                           "5 May</time>")
    assert meta["published_at"] == "2020-05-05T05:05:05Z"


@pytest.mark.parametrize("content, expected", [
    ("Jane Doe, MS, RDN", ["Jane Doe"]),
    ("By Ann Lee & Bo Chan", ["Ann Lee", "Bo Chan"]),
    ("Ann Lee; Bo Chan | ann lee", ["Ann Lee", "Bo Chan"]),
    ("https://example.com/people/ann", []),
    ("ann@example.com", []),
])
def test_author_meta_tag_cleaning(content, expected):
    assert metadata_of(f'<meta name="author" content="{content}">')["authors"] == expected


def test_jsonld_organization_author_name_is_kept_whole():
    meta = metadata_of(jsonld('{"@type": "NewsArticle", "author": '
                              '{"@type": "Organization", "name": "Associated Press in Valencia"}}'))
    assert meta["authors"] == ["Associated Press in Valencia"]


def test_truncated_jsonld_headline_gives_way_to_og_title():
    meta = metadata_of(
        jsonld('{"@type": "NewsArticle", "headline": "A very long headline that…"}')
        + '<meta property="og:title" content="A very long headline that goes on">')
    assert meta["title"] == "A very long headline that goes on"


def test_one_article_tag_is_one_tag_even_with_a_comma():
    meta = metadata_of('<meta property="article:tag" content="Washington, D.C.">'
                       '<meta property="article:tag" content="Politics">')
    assert meta["tags"] == ["Washington, D.C.", "Politics"]


def test_keywords_string_and_cms_flags():
    meta = metadata_of('<meta name="keywords" content="politics, @hp-top, elections">')
    assert meta["tags"] == ["politics", "elections"]


@pytest.mark.parametrize("lang, expected", [("pt-BR", "pt"), ("EN", "en"), ("x", None)])
def test_language_primary_subtag(lang, expected):
    assert metadata_of("", lang=lang)["language"] == expected


def test_language_from_og_locale_when_html_has_none():
    html = '<html><head><meta property="og:locale" content="es_ES"></head><body></body></html>'
    assert page_metadata(lxml.html.fromstring(html))["language"] == "es"


def test_html_article_body_becomes_paragraphs():
    body = "<p>One &amp; two.</p>\\n<p class='x'>Three.</p>"
    meta = metadata_of(jsonld(f'{{"@type": "NewsArticle", "articleBody": "{body}"}}'))
    assert meta["article_body"] == "One & two.\n\nThree."


def test_plain_article_body_keeps_its_line_breaks_as_paragraphs():
    meta = metadata_of(jsonld('{"@type": "NewsArticle", "articleBody": "One.\\n\\nTwo.\\nThree."}'))
    assert meta["article_body"] == "One.\n\nTwo.\n\nThree."
