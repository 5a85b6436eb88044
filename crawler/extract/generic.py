"""Article extraction for any page: metadata from markup, main text from trafilatura.

The page is decoded and parsed once; the same lxml tree feeds ``page_metadata`` and then
trafilatura (which copies it before cleaning). Trafilatura's own metadata pass is skipped, as
it would read the same tags a second time.

The body is trafilatura's main-content extraction, corrected with what the page says about
itself and with conventions all news pages share (see ``extract_body``).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from datetime import datetime

import trafilatura
import trafilatura.utils
from htmldate import find_date
from lxml import etree, html as lxml_html
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt
from w3lib.encoding import html_body_declared_encoding, read_bom

from crawler.extract.dates import date_from_url, to_utc_iso
from crawler.extract.markup import flatten, stopped_too_deep
from crawler.extract.metadata import page_metadata
from crawler.extract.text import join_paragraphs, normalize_text
from crawler.items import LIST_FIELDS, PAGE_FIELDS

FIELDS = (*PAGE_FIELDS, "canonical_url")

# trafilatura and htmldate log every page they cannot use at WARNING: a crawl would drown.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)
# Trafilatura's page parser (load_html reads it from its module), with huge_tree: without it
# libxml2 stops at 256 nested elements, and the rest of the page, often its body, is lost.
trafilatura.utils.HTML_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
    remove_pis=True, huge_tree=True)

# Trafilatura's own cut-off for a short extraction (characters). Below it the fast extraction may
# have missed the article, so the full cascade runs too; and below it a text must contain a
# sentence to count as an article.
SHORT_EXTRACTION = trafilatura.settings.DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
# Trafilatura's cascade takes readability's text over its own when it is this many times longer.
READABILITY_ADVANTAGE = 2
# A block is a link when link text makes up this share of it (a label like "Read more" aside).
LINK_BLOCK_SHARE = 0.8
# "Read more: <linked headline>": a label of at most this many words, a link of at least that many.
LABEL_MAX_WORDS = 3
LINKED_HEADLINE_MIN_WORDS = 3
# A closing block longer than this is prose, whatever words it contains.
TRAILING_MAX_WORDS = 60
# Share of the extracted text the JSON-LD articleBody must contain to be taken as complete.
DECLARED_BODY_COVERAGE = 0.9

_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_TEXT = etree.XPath("//p//text()", smart_strings=False)
_WORD = re.compile(r"\w+")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
_HAS_ALPHANUMERIC = re.compile(r"[^\W_]")
# A sentence ends in its script's full stop, question or exclamation mark, maybe before a quote.
_SENTENCE_END = re.compile(r"\w[.!?…。！？।؟።][\"'”’»)\]]*(?:\s|$)")
# What closes many news pages after the story: credits, calls to action, comment-box headers.
# Phrases rather than single words, and only applied to the closing run of short blocks.
_TRAILING_BOILERPLATE = re.compile(
    r"""
    ^(?:additional\s+)?(?:reporting|writing|editing)\b[^.]{0,80}?\bby\b
    | \bcontributed\s+(?:reporting\s+)?(?:to\s+)?(?:this|the)\s+(?:report|story|article)
    | ^(?:sources?|via|credits?)\s*:
    | ^(?:©|copyright\b) | \ball\s+rights\s+reserved
    | \b(?:sign\s+up|subscribe)\b[^.]{0,80}\b(?:newsletters?|inbox|alerts|podcast|channel)\b
    | \bnewsletters?\b[^.]{0,80}\b(?:sign\s+up|subscribe|inbox)\b | \bin\s+your\s+inbox\b
    | \bfollow\s+(?:us|him|her|them|@?[\w.']+)(?:\s+[\w.']+)?\s+on\s+
      (?:twitter|x|facebook|instagram|linkedin|tiktok|youtube|threads|bluesky|mastodon)\b
    | \bclick\s+here\b
    | \b(?:tell|let)\s+us\s+what\s+you\s+think\b | \bjoin\s+the\s+(?:conversation|discussion)\b
    | ^\d*\s*comments?\s*(?:\(\d+\))?$
    | \b(?:may|can)\s+be\s+reached\s+at\b | \bhave\s+a\s+(?:news\s+)?tip\b
    | ^(?:listen|watch)\s+(?:to|live|again|back)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def extract_article(html: str | bytes, url: str) -> dict:
    """Title, summary, body and metadata of the article on a page.

    ``body`` is clean text, paragraphs separated by one blank line; dates are UTC ISO 8601
    strings. A page with no readable article gives ``body`` None, its metadata still filled.
    """
    tree = parse_html(html)
    if tree is None:
        return {field: [] if field in LIST_FIELDS else None for field in FIELDS}
    meta = page_metadata(tree, url)
    article = {field: meta.get(field) for field in FIELDS}
    article["body"] = extract_body(tree, meta) or None
    if not article["published_at"]:
        # The page's markup states no date (what the CMS meant is best); the URL's, then the
        # visible text's.
        article["published_at"] = (date_from_url(url) if url else None) or _visible_date(tree, url)
    return article


def parse_html(html: str | bytes):
    """The lxml tree of a page, or None. Bytes are decoded with their declared charset first."""
    if isinstance(html, bytes):
        html = _decode(html)
    if not html or not html.strip():
        return None
    tree = load_html(html)
    if tree is not None and stopped_too_deep(tree):  # deeper still: see crawler.extract.markup
        if isinstance(html, bytes):
            html = html.decode("utf-8", errors="replace")
        tree = load_html(flatten(html))
    return tree


def _decode(content: bytes) -> str | bytes:
    """Text of a page in the encoding it declares (BOM, then <meta charset>).

    Undeclared pages go back as bytes: trafilatura then tries UTF-8 and guesses the rest.
    """
    bom_encoding, bom = read_bom(content)
    if bom_encoding:
        return content[len(bom):].decode(bom_encoding, errors="replace")
    declared = html_body_declared_encoding(content)
    if declared:
        try:
            return content.decode(declared, errors="replace")
        except LookupError:  # a charset name Python does not know
            pass
    return content


def _visible_date(tree, url: str | None) -> str | None:
    """Publication date from the page's visible markup (htmldate), for pages without metadata.

    htmldate is told no upper bound, so that a future date comes back as itself (and is then
    rejected) rather than replaced by the first of its month; a date it completed with day 1
    from a bare year and month is not taken unless the page writes that day.
    """
    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True,
                          max_date=_NO_UPPER_BOUND, outputformat="%Y-%m-%dT%H:%M:%S%z")
    except (ValueError, TypeError):
        return None
    if not found or (found[8:19] == "01T00:00:00" and not _writes_first_of_month(tree, found)):
        return None
    return to_utc_iso(found)


_NO_UPPER_BOUND = datetime(2999, 12, 31)
_MONTHS = ("january february march april may june july august september october november "
           "december").split()


def _writes_first_of_month(tree, found: str) -> bool:
    """Whether the page states the 1st of the found month, in numbers or with its name."""
    year, month = found[:4], int(found[5:7])
    html = etree.tostring(tree, encoding="unicode").lower()
    name = _MONTHS[month - 1]
    return bool(re.search(
        rf"{year}[-/.]0?{month}[-/.]0?1\b|\b0?1[-/.]0?{month}[-/.]{year}"
        rf"|\b{name[:3]}\w*\.?\s+0?1(?:st)?\b|\b0?1(?:st)?\s+{name[:3]}", html))


# --- body ----------------------------------------------------------------------------------------

def extract_body(tree, meta: dict) -> str:
    """Main text of the page as paragraphs separated by blank lines ("" when there is none).

    Trafilatura finds the main content; then what it commonly keeps but is not article text
    goes: the headline it starts with, link-only blocks ("Read more: ..."), and the closing
    credits and calls to action. A complete JSON-LD ``articleBody`` wins over the result.
    """
    body = _main_content(tree)
    if body is None:
        return meta.get("article_body") or ""
    _drop_leading_headline(body, tree, meta)
    _drop_link_blocks(body)
    _drop_trailing_boilerplate(body)
    text = _render(body)
    if not _is_prose(text):
        text = ""
    return _prefer_declared_body(text, meta.get("article_body"))


def _main_content(tree):
    """Trafilatura's main-content tree (its XML: p, head, list/item, quote, table, ref...).

    Trafilatura's fast mode first. Its full cascade (comparison with readability and justext)
    costs a second extraction, so it runs only where it can change the result: when the fast
    one found little, or may have caught only part of the article (see ``_may_be_partial``).
    Links are kept (``ref``) so that link-only blocks can be recognised. No URL is passed: its
    only use would be making link targets absolute, which costs time, and targets are dropped.
    The "txt" format skips trafilatura's own text rendering; ``_render`` does it once at the end.
    """
    options = dict(url=None, include_comments=False, include_links=True, with_metadata=False,
                   output_format="txt")
    document = trafilatura.bare_extraction(tree, fast=True, **options)
    found = len(document.raw_text or "") if document is not None else 0
    if found < SHORT_EXTRACTION or _may_be_partial(tree, found):
        fuller = trafilatura.bare_extraction(tree, fast=False, **options)
        if fuller is not None and len(fuller.raw_text or "") > found:
            document = fuller
    return document.body if document is not None else None


def _may_be_partial(tree, found: int) -> bool:
    """Whether trafilatura's full cascade could swap the fast extraction for readability's.

    It does so when readability's text is over twice as long. Readability builds its text
    around the element whose paragraphs (and, at half weight, its grandchildren's) hold the
    most text; unless some element holds twice what was found, the cascade would keep the
    fast result. The page's total paragraph text bounds that cheaply for most pages.
    """
    threshold = READABILITY_ADVANTAGE * found
    if sum(map(len, _PARAGRAPH_TEXT(tree))) <= threshold:
        return False
    held: dict = defaultdict(float)
    for paragraph in tree.iter("p"):
        length = len(paragraph.text_content())
        parent = paragraph.getparent()
        if parent is not None:
            held[parent] += length
            grandparent = parent.getparent()
            if grandparent is not None:
                held[grandparent] += length / 2
    return max(held.values(), default=0) > threshold


def _is_prose(text: str) -> bool:
    """Whether an extraction reads as an article rather than a menu or a list of teasers.

    Long text always does. A short one needs a sentence: trafilatura's last resort for pages
    without an article is the page's whole text, and on a section front that is link labels.
    """
    return len(text) >= SHORT_EXTRACTION or bool(_SENTENCE_END.search(text))


def _render(body) -> str:
    """Plain text, one paragraph per block, link targets dropped."""
    etree.strip_tags(body, "ref")
    _fold_source_whitespace(body)
    lines = (normalize_text(line) for line in xmltotxt(body, False).splitlines())
    return join_paragraphs(line for line in lines if line)


def _fold_source_whitespace(body) -> None:
    """A line break in the HTML source is not a paragraph break. Trafilatura trims most text
    itself, but not the text around the links it keeps."""
    for element in body.iter():
        if element.tag == "code":  # preformatted: its line breaks are meant
            continue
        if element.text:
            element.text = _WHITESPACE.sub(" ", element.text)
        if element.tail:
            element.tail = _WHITESPACE.sub(" ", element.tail)


# --- corrections ---------------------------------------------------------------------------------

def _text(element) -> str:
    return normalize_text("".join(element.itertext()))


def _link_chars(element) -> int:
    """Characters of link text (trafilatura's ``ref`` elements) inside an element."""
    return sum(len(_text(ref)) for ref in element.iter("ref"))


def _comparable(text: str | None) -> str:
    """Lower-case words only, to match a headline across its variants."""
    return " ".join(_WORD.findall((text or "").lower()))


def _drop_leading_headline(body, tree, meta: dict) -> None:
    """Remove the headline when the extraction starts with it: it is the title, not the text."""
    variants = _headline_variants(tree, meta)
    for element in list(body)[:2]:
        text = _comparable("".join(element.itertext()))
        if text and text in variants:
            body.remove(element)
            return


def _headline_variants(tree, meta: dict) -> set[str]:
    """The ways a page writes its headline: metadata title, <title> and its parts, first <h1>."""
    title = next(tree.iter("title"), None)
    title = title.text_content() if title is not None else ""
    heading = next(tree.iter("h1"), None)
    variants = [meta.get("title"), title, *_TITLE_SEPARATOR.split(title),
                heading.text_content() if heading is not None else None]
    return {c for c in map(_comparable, variants) if c}


def _drop_link_blocks(body) -> None:
    """Remove paragraphs and list items that are only a link, or a label and a linked
    headline: "Read more: <Council approves bridge budget>". Both point to other pages."""
    holders = {ref.getparent() for ref in body.iter("ref")}
    blocks = {_enclosing_block(holder) for holder in holders} - {None}
    for block in blocks:
        text = _text(block)
        if text and (_link_chars(block) >= LINK_BLOCK_SHARE * len(text)
                     or _is_labelled_link(block, text)):
            _remove(block)


def _is_labelled_link(block, text: str) -> bool:
    """"Label: <link of several words>" and nothing else ("Account: @name" is data, kept)."""
    label, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(label.split()) > LABEL_MAX_WORDS:
        return False
    rest = rest.strip()
    return len(rest.split()) >= LINKED_HEADLINE_MIN_WORDS and _link_chars(block) >= len(rest)


def _enclosing_block(element):
    while element is not None and element.tag not in ("p", "item"):
        element = element.getparent()
    return element


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _drop_trailing_boilerplate(body) -> None:
    """Remove the run of credit lines, promotions and link lines that ends the extraction."""
    for block in reversed(list(body.iter("p", "head", "item", "quote"))):
        if block.getparent() is None:
            continue
        text = _text(block)
        if not text:
            continue
        if not _is_trailing_boilerplate(block, text):
            break
        _remove(block)


def _is_trailing_boilerplate(block, text: str) -> bool:
    if not _HAS_ALPHANUMERIC.search(text):  # "___", "***": separators
        return True
    words = text.split()
    if len(words) > TRAILING_MAX_WORDS:
        return False
    if len(words) <= 3 and text.endswith(":"):  # a label whose links are gone: "More:"
        return True
    return bool(_TRAILING_BOILERPLATE.search(text))


def _shingle_set(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3))} if words else set()


def _prefer_declared_body(extracted: str, declared: str | None) -> str:
    """The publisher's JSON-LD ``articleBody`` when it is complete, else the extraction.

    Complete means it holds (nearly) all the text extracted from the page: a teaser or a
    truncated body does not, nor does the body of another article. It then beats the
    extraction, which may have kept a caption or lost a paragraph. When both hold the same
    text and the declared one is a single block, the extraction keeps its paragraph breaks.
    """
    if not declared:
        return extracted
    found, stated = _shingle_set(extracted), _shingle_set(declared)
    shared = len(found & stated)
    if found and shared < DECLARED_BODY_COVERAGE * len(found):
        return extracted
    same_text = shared >= DECLARED_BODY_COVERAGE * len(stated)
    if same_text and "\n\n" not in declared and "\n\n" in extracted:
        return extracted
    return declared
