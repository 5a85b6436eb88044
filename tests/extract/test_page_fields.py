"""summary / description, language and free_access of the generic extractor; the paywall in
parser health; ``crawler parse --explain``."""

from __future__ import annotations

import json

import pytest

from crawler.extract.generic import extract_article
from crawler.extract.language import detect_language, settle_language
from crawler.run.record import summarize
from tests.helpers import run_cli

URL = "https://courier.example/news/bridge"
ENGLISH = ("The harbour bridge reopened to traffic on Tuesday morning, six weeks after engineers "
           "closed it to replace corroded cables and resurface the deck. City officials said "
           "the repairs cost less than the budget approved by the council in January.")
FRENCH = ("Le pont du port a rouvert à la circulation mardi matin, six semaines après que les "
          "ingénieurs l'ont fermé pour remplacer des câbles rouillés et refaire le tablier. "
          "La mairie a indiqué que les travaux avaient coûté moins que prévu par le conseil.")
GERMAN = ("Die Hafenbrücke ist am Dienstagmorgen wieder für den Verkehr freigegeben worden, "
          "sechs Wochen nachdem Ingenieure sie gesperrt hatten, um verrostete Kabel zu ersetzen. "
          "Die Stadt teilte mit, die Reparatur sei günstiger gewesen als vom Rat geplant.")


def page(body: str, head: str = "", lang: str | None = "en", header: str = "") -> str:
    lang_attribute = f' lang="{lang}"' if lang else ""
    return (f"<html{lang_attribute}><head><title>Bridge reopens</title>{head}</head><body>"
            f"<article><header><h1>Bridge reopens</h1>{header}</header>"
            f"<p>{body}</p><p>{body}</p></article></body></html>")


# --- summary and description ------------------------------------------------------------------

def test_summary_is_the_visible_standfirst_and_description_the_metadata_one():
    standfirst = "Six weeks of night work end early, and under budget, the council says."
    rewrite = "Bridge open again: what commuters need to know this week."
    article = extract_article(page(
        ENGLISH, f'<meta property="og:description" content="{rewrite}">',
        header=f'<p class="article-dek">{standfirst}</p>'), URL)
    assert article["summary"] == standfirst
    assert article["description"] == rewrite


def test_no_standfirst_on_the_page_gives_no_summary():
    rewrite = "Bridge open again: what commuters need to know this week."
    article = extract_article(page(
        ENGLISH, f'<meta property="og:description" content="{rewrite}">'), URL)
    assert article["summary"] is None
    assert article["description"] == rewrite


def test_a_standfirst_is_not_looked_for_in_menus_or_figures():
    header = ('<figure><figcaption class="summary">Engineers on the deck during the works, '
              "photographed in February.</figcaption></figure>")
    assert extract_article(page(ENGLISH, header=header), URL)["summary"] is None


# --- language ---------------------------------------------------------------------------------

def test_a_stated_language_the_text_agrees_with_is_kept():
    assert extract_article(page(ENGLISH, lang="en-GB"), URL)["language"] == "en"


def test_a_wrong_html_lang_is_caught_by_the_text():
    assert extract_article(page(FRENCH, lang="en"), URL)["language"] == "fr"
    assert extract_article(page(GERMAN, lang="en-US"), URL)["language"] == "de"


def test_no_stated_language_gives_the_detected_one():
    assert extract_article(page(GERMAN, lang=None), URL)["language"] == "de"


def test_too_little_text_leaves_the_stated_language():
    assert settle_language("en", "Le pont a rouvert.") == "en"
    assert settle_language(None, "") is None


def test_detection_is_confident_on_a_paragraph():
    language, confidence = detect_language(FRENCH)
    assert language == "fr" and confidence > 0.95


# --- free_access ------------------------------------------------------------------------------

def _jsonld(node: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


@pytest.mark.parametrize("head, expected", [
    (_jsonld({"@type": "NewsArticle", "isAccessibleForFree": False}), False),
    (_jsonld({"@type": "NewsArticle", "isAccessibleForFree": "False"}), False),
    (_jsonld({"@type": "NewsArticle", "isAccessibleForFree": "True"}), True),
    (_jsonld({"@type": "NewsArticle", "isAccessibleForFree": True, "hasPart": {
        "@type": "WebPageElement", "isAccessibleForFree": False,
        "cssSelector": ".paywalled"}}), False),
    ('<meta property="article:content_tier" content="locked">', False),
    ('<meta property="article:content_tier" content="free">', True),
    ('<meta property="article:content_tier" content="metered">', None),
    ("", None),
])
def test_free_access_from_paywall_markup(head, expected):
    assert extract_article(page(ENGLISH, head), URL)["free_access"] is expected


def test_paywalled_teasers_are_not_judged_by_parser_health():
    # Eight teasers with no date, two full articles: the source is not degraded.
    stats = {"discovery/feed": 10, "articles/fetched": 10, "parsed/articles": 10,
             "parsed/paywalled": 8}
    assert summarize(stats, "finished")["status"] == "ok"
    # The same missing dates on full articles are a broken parser.
    stats = {"discovery/feed": 10, "articles/fetched": 10, "parsed/articles": 10,
             "parsed/missing_published_at": 8}
    assert summarize(stats, "finished")["status"] == "degraded"


# --- parse --explain --------------------------------------------------------------------------

def test_parse_explain_names_the_candidate_and_the_removals(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_text(page(ENGLISH).replace(
        f"<p>{ENGLISH}</p><p>{ENGLISH}</p>",
        f"<p>{ENGLISH}</p><p>Advertisement</p><p>{FRENCH}</p>"), encoding="utf-8")
    result = run_cli("parse", "--explain", "--url", URL, str(saved))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Bridge reopens"
    assert f"{saved}: candidate: fast" in result.stderr
    assert f"{saved}: removed by interface: Advertisement" in result.stderr


def test_a_source_with_selectors_stores_the_description_and_the_paywall_too():
    from crawler.parsing import parse_page
    from tests.helpers import FIXTURES

    page_bytes = (FIXTURES / "presstv" / "seed-article.html").read_bytes().replace(
        b"</head>", b'<meta property="article:content_tier" content="locked"></head>', 1)
    article = parse_page(page_bytes, "https://www.presstv.ir/Detail/2019/10/23/609421/x",
                         "presstv")
    assert article.description == ("Iraq announces that it would also welcome any such "
                                   "military measures by Moscow on its soil.")
    assert article.free_access is False
