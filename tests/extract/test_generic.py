"""extract_article on hand-written pages: body cleaning, metadata, encodings, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from crawler.extract import generic
from crawler.extract.generic import extract_article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "generic"
FIELDS = {"title", "summary", "description", "body", "authors", "published_at", "modified_at",
          "section", "tags", "language", "image_url", "canonical_url", "free_access"}


def extract(name: str, url: str = "https://news.example/story") -> dict:
    return extract_article((FIXTURES / name).read_bytes(), url)


def paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


def test_returns_exactly_the_article_fields():
    assert set(extract("jsonld-newsarticle.html")) == FIELDS


def test_body_is_clean_paragraphs_separated_by_one_blank_line():
    body = extract("jsonld-newsarticle.html")["body"]
    assert "\n\n\n" not in body and not re.search(r"(?<!\n)\n(?!\n)", body)
    assert body == body.strip()
    assert paragraphs(body) == [
        "The harbour bridge reopened to traffic on Tuesday morning, six weeks after engineers "
        "closed it to replace corroded cables and resurface the deck.",
        "City officials said the repairs cost 4.2 million euros, slightly less than the budget "
        "approved by the council in January.",
        "Commuters who had used the ferry during the closure welcomed the news, although some "
        "complained that the replacement service had been crowded at peak hours.",
        "The bridge carries about 30,000 vehicles a day and is the only road link between the "
        "old town and the northern districts.",
    ]


def test_headline_link_teaser_credits_and_promotions_are_not_body():
    body = extract("jsonld-newsarticle.html")["body"]
    assert "Harbour bridge reopens after repairs" not in body  # the <h1>
    assert "Read more" not in body
    assert "Reporting by" not in body
    assert "newsletter" not in body
    assert "All rights reserved" not in body


def test_metadata_comes_with_the_body():
    article = extract("jsonld-newsarticle.html")
    assert article["title"] == "Harbour bridge reopens after repairs"
    assert article["authors"] == ["Maria Lopez", "Tom Becker"]
    assert article["published_at"] == "2024-03-05T08:30:00Z"
    assert article["modified_at"] == "2024-03-05T13:05:00Z"
    assert article["section"] == "Local"
    assert article["tags"] == ["bridges", "transport", "harbour"]
    assert article["language"] == "en"
    assert article["canonical_url"] == (
        "https://courier.example/news/2024/03/05/harbour-bridge-reopens")


def test_graph_page():
    article = extract("graph.html")
    assert article["authors"] == ["Jonas Weber"]
    assert article["published_at"] == "2023-06-12T05:15:00Z"
    assert len(paragraphs(article["body"])) == 3
    assert article["body"].startswith("Der Stadtrat hat am Montagabend beschlossen")


def test_opengraph_only_page():
    article = extract("opengraph-only.html", "https://gazette.example/library-hours")
    assert article["title"] == "Library extends opening hours"
    assert article["authors"] == ["Priya Nair", "Sam O'Connor"]
    assert article["published_at"] == "2022-11-08T23:45:00Z"
    assert article["image_url"] == "https://gazette.example/media/library.jpg"
    assert len(paragraphs(article["body"])) == 4
    assert not article["body"].startswith("Library extends opening hours")


def test_implausible_dates_are_left_empty():
    article = extract("implausible-date.html", "https://news.example/culture/museum")
    assert article["published_at"] is None
    assert article["modified_at"] is None
    assert article["body"].startswith("The city museum reopened its east wing")


def test_url_date_when_the_markup_has_none():
    article = extract("implausible-date.html", "https://news.example/2021/04/09/museum")
    assert article["published_at"] == "2021-04-09T00:00:00Z"


def test_metadata_date_beats_the_url_date():
    article = extract("jsonld-newsarticle.html", "https://courier.example/2020/01/01/bridge")
    assert article["published_at"] == "2024-03-05T08:30:00Z"


def test_page_without_main_text_has_no_body():
    article = extract("no-main-text.html")
    assert article["body"] is None
    assert article["title"] == "Sections"  # metadata is still read


def test_malformed_html_still_yields_paragraphs():
    article = extract("malformed.html")
    assert article["title"] == "Storm damages pier"
    body = paragraphs(article["body"])
    assert body[0].startswith("High winds tore planks from the old pier overnight")
    assert "ninety kilometres an hour & waves breaking" in body[1]  # a bare & kept as text
    assert body[2] == ("The council said repairs would begin once the weather calmed, "
                       "probably early next week.")


@pytest.mark.parametrize("name, expected", [
    ("windows-1252.html", "le café du théâtre municipal a rouvert samedi"),
    ("windows-1251.html", "В субботу в северной части города открылся новый парк"),
])
def test_declared_legacy_encodings_are_decoded(name, expected):
    raw = (FIXTURES / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is not UTF-8
    article = extract_article(raw, "https://news.example/story")
    assert expected in article["body"]
    assert "\ufffd" not in article["body"] + (article["title"] or "")


def test_windows_1252_punctuation_and_metadata():
    article = extract("windows-1252.html")
    assert "« C’est une renaissance" in article["body"]
    assert "12 €" in article["body"]
    assert article["authors"] == ["Hélène Müller"]
    assert article["language"] == "fr"


def test_str_and_bytes_give_the_same_article():
    raw = (FIXTURES / "graph.html").read_bytes()
    url = "https://anzeiger.example/radwege/"
    assert extract_article(raw.decode("utf-8"), url) == extract_article(raw, url)


@pytest.mark.parametrize("html", ["", b"", "   ", b"\x00\x00"])
def test_empty_input_gives_empty_article(html):
    article = extract_article(html, "https://news.example/x")
    assert set(article) == FIELDS
    assert article["body"] is None and article["authors"] == [] and article["tags"] == []


# --- the body corrections, one by one ------------------------------------------------------------

LONG = ("The regional assembly voted on Thursday to extend the night bus network to the three "
        "largest suburbs, a change campaigners had sought for more than a decade.")


def body_of(article_html: str, head: str = "") -> str | None:
    page = (f"<html><head><title>Night buses extended</title>{head}</head><body><article>"
            f"{article_html}</article></body></html>")
    return extract_article(page, "https://news.example/buses")["body"]


def test_a_mid_article_paragraph_mentioning_subscriptions_stays():
    middle = ("Passengers will be able to subscribe to a monthly pass, which the operator says "
              "will cost less than two single tickets a week.")
    body = body_of(f"<p>{LONG}</p><p>{middle}</p><p>{LONG.replace('Thursday', 'Friday')}</p>")
    assert middle in body


def test_a_long_closing_paragraph_is_prose_even_with_a_promotional_word():
    closing = ("Officials said the council would follow up on the plan next year, and residents "
               "who subscribe to its transport newsletter will be asked where new stops should "
               "go, how late "
               "the last buses should run, and whether weekend services should start earlier in "
               "the morning to serve shift workers at the hospital and the airport, which both "
               "operate around the clock, every day of the year.")
    assert generic._TRAILING_BOILERPLATE.search(closing)  # the phrase alone would match
    assert len(closing.split()) > generic.TRAILING_MAX_WORDS
    body = body_of(f"<p>{LONG}</p><p>{closing}</p>")
    assert body.endswith(closing)


def test_short_closing_promotion_goes():
    body = body_of(f"<p>{LONG}</p><p>{LONG.replace('Thursday', 'Friday')}</p>"
                   "<p>Follow us on Twitter for the latest transport news.</p>")
    assert "Follow us" not in body


def test_account_handles_after_a_label_are_content():
    handles = "".join(f'<p>Account: <a href="https://social.example/{n}">@{n}</a></p>'
                      for n in ("alpha", "beta"))
    body = body_of(f"<p>{LONG}</p>{handles}<p>{LONG.replace('Thursday', 'Friday')}</p>")
    assert "Account: @alpha" in body


@pytest.mark.parametrize("declared, expected", [
    # A teaser: it does not hold what was extracted.
    ("Alpha beta gamma delta epsilon.", "extracted"),
    # The same text as one block: the extraction's paragraph breaks are kept.
    ("One two three four five six. Seven eight nine ten eleven twelve.", "extracted"),
    # Holds all that was extracted and more: the publisher's complete body wins.
    ("One two three four five six.\n\nSeven eight nine ten eleven twelve.\n\n"
     "Thirteen fourteen fifteen sixteen seventeen.", "declared"),
])
def test_declared_article_body_only_when_complete(declared, expected):
    extracted = "One two three four five six.\n\nSeven eight nine ten eleven twelve."
    result = generic._prefer_declared_body(extracted, declared)
    assert result == (extracted if expected == "extracted" else declared)


def test_declared_article_body_rescues_an_empty_extraction():
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"articleBody": "The full text of the story, as the publisher states it."}</script>'
            "</head><body><nav><a href='/'>Home</a></nav></body></html>")
    body = extract_article(page, "https://news.example/x")["body"]
    assert body == "The full text of the story, as the publisher states it."


def test_parse_html_reads_the_declared_charset():
    # Guessing reads these bytes as Latin-1 ("£ódŸ ¿ó³æ"); the page says windows-1250.
    raw = ('<html><head><meta charset="windows-1250"></head>'
           "<body><p>Łódź żółć</p></body></html>")
    tree = generic.parse_html(raw.encode("cp1250"))
    assert isinstance(tree, lxml.html.HtmlElement)
    assert tree.findtext(".//p") == "Łódź żółć"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_bytes_read_by_libxml2_give_the_tree_of_the_decoded_text(name):
    raw = (FIXTURES / name).read_bytes()
    direct = generic._parse_valid_bytes(raw)
    decoded = generic._decode(raw)
    text = decoded if isinstance(decoded, str) else decoded.decode("utf-8", errors="replace")
    through_text = generic.load_html(text)
    if direct is not None:
        assert lxml.html.tostring(direct) == lxml.html.tostring(through_text)


PAGE = ('<html><head><meta charset="utf-8"><title>T</title></head>'
        "<body><p>{}</p><p>Second paragraph.</p></body></html>")


@pytest.mark.parametrize("raw, paragraph", [
    (PAGE.format("Bell\x07 and\x0b tab").encode(), "Bell and tab"),  # XML-invalid characters
    (PAGE.format("Not \ufffe a character").encode(), "Not  a character"),
    (PAGE.format("Caf\xe9 cr\xe8me").encode("latin-1"), "Caf\ufffd cr\ufffdme"),  # not UTF-8
    (('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
      '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n' + PAGE.format("XHTML")).encode(),
     "XHTML"),
    (PAGE.format("Self-closed").replace("<html>", '<html lang="en"/>\n<html>').encode(),
     "Self-closed"),
])
def test_pages_libxml2_cannot_read_as_bytes_are_repaired_first(raw, paragraph):
    assert generic._parse_valid_bytes(raw) is None  # they take trafilatura's way
    tree = generic.parse_html(raw)
    assert [p.text_content() for p in tree.iter("p")] == [paragraph, "Second paragraph."]


def test_a_byte_order_mark_is_not_text():
    tree = generic._parse_valid_bytes(b"\xef\xbb\xbf" + PAGE.format("After a BOM").encode())
    assert [p.text_content() for p in tree.iter("p")] == ["After a BOM", "Second paragraph."]


def test_code_styles_and_drawings_go_before_extraction_data_and_text_stay():
    tree = lxml.html.fromstring(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script>'
        "<style>p { color: red }</style><script>var tracking = 1;</script></head><body>"
        "<p>Before the script <script>document.write('ad')</script>and after it.</p>"
        '<p>A drawing <svg><text>Logo</text></svg>between words.</p>'
        "<p>Sort by <select><option>Newest</option></select>date <button>Go</button>here.</p>"
        "<noscript><p>Please enable JavaScript.</p></noscript></body></html>")
    generic._drop_code_and_styles(tree)
    assert tree.xpath("//script/@type") == ["application/ld+json"]
    assert not tree.xpath("//style | //svg | //select | //button | //noscript")
    assert [p.text_content() for p in tree.iter("p")] == [
        "Before the script and after it.", "A drawing between words.", "Sort by date here."]


def test_partial_extraction_check_looks_for_a_paragraph_cluster_twice_as_long():
    paragraph = "<p>" + "word " * 40 + "</p>"  # 200 characters of text
    clustered = lxml.html.fromstring(f"<html><body><div>{paragraph * 5}</div>"
                                     f"<aside>{paragraph}</aside></body></html>")
    assert generic._may_be_partial(clustered, found=300)  # the div holds 1000 > 2 * 300
    assert not generic._may_be_partial(clustered, found=600)  # 1000 < 1200
    # One paragraph per container: the body gets half of each, 600, which is not 2 * 400.
    spread = lxml.html.fromstring("<html><body>" + f"<section>{paragraph}</section>" * 6
                                  + "</body></html>")
    assert not generic._may_be_partial(spread, found=400)
    # Less paragraph text on the whole page than twice what was found: no closer look needed.
    assert not generic._may_be_partial(clustered, found=700)


@pytest.mark.parametrize("text, expected", [
    ("News Sport Weather Council Schools Roads", False),
    ("The council closed the road.", True),
    ("Прошёл дождь.", True),
    ("東京で雨が降った。", True),
    ("x " * 200, True),  # long text needs no sentence
])
def test_prose_check(text, expected):
    assert generic._is_prose(text) is expected
