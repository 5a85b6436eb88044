"""Article extraction for any page: metadata from markup, main text from trafilatura.

The page is decoded and parsed once; the same lxml tree feeds ``page_metadata`` and
trafilatura (which copies it before cleaning). Trafilatura's own metadata pass is skipped: it
would read the same tags again.

The body is trafilatura's main-content extraction, corrected with what the page says about
itself (see ``extract_body``).
"""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml import etree
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt
from w3lib.encoding import html_body_declared_encoding, read_bom

from crawler.extract.dates import date_from_url
from crawler.extract.metadata import page_metadata
from crawler.extract.text import join_paragraphs, normalize_text

LOGGER = logging.getLogger(__name__)

_SOURCE_WHITESPACE = re.compile(r"\s+")

FIELDS = ("title", "summary", "body", "authors", "published_at", "modified_at", "section",
          "tags", "language", "image_url", "canonical_url")

# trafilatura logs every page it cannot use at WARNING; a crawl would drown in them.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

# Below this many characters the fast extraction may have missed the article: run trafilatura's
# full cascade (readability and justext comparisons). Trafilatura's own "short document" cut-off.
FULL_CASCADE_BELOW = trafilatura.settings.DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")


def extract_article(html: str | bytes, url: str) -> dict:
    """Title, summary, body and metadata of the article on a page.

    ``body`` is clean text, paragraphs separated by one blank line; dates are UTC ISO 8601
    strings. A page with no readable article gives ``body`` None, the metadata still filled.
    """
    tree = parse_html(html)
    if tree is None:
        return {field: [] if field in ("authors", "tags") else None for field in FIELDS}
    meta = page_metadata(tree, url)
    article = {field: meta.get(field) for field in FIELDS}
    article["body"] = extract_body(tree, url, meta) or None
    if not article["published_at"]:
        article["published_at"] = date_from_url(url)
    return article


def parse_html(html: str | bytes):
    """The lxml tree of a page, or None. Bytes are decoded with their declared charset first."""
    if isinstance(html, bytes):
        html = _decode(html)
    if not html or not html.strip():
        return None
    return load_html(html)


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
        except LookupError:
            pass
    return content


# --- body ----------------------------------------------------------------------------------------

def extract_body(tree, url: str | None, meta: dict) -> str:
    """Main text of the page as paragraphs separated by blank lines ("" when there is none)."""
    body = _trafilatura_body(tree, url)
    if body is None:
        return ""
    _drop_leading_headline(body, _headline_candidates(tree, meta))
    _drop_link_blocks(body)
    _drop_trailing_boilerplate(body)
    return _prefer_declared_body(_render(body), meta.get("article_body"))


def _trafilatura_body(tree, url: str | None):
    """Trafilatura's main-content tree (its XML: p, head, list/item, quote, table, ref...).

    The fast mode first; the full cascade only when that found little text, since the
    comparison with readability/justext is what costs time and mostly rescues short results.
    Links are kept (``ref`` elements) so link-only blocks can be recognised; no URL is passed,
    as its only use would be making link targets absolute, which costs time and we drop them.
    """
    options = dict(url=None, include_comments=False, include_links=True, with_metadata=False)
    document = trafilatura.bare_extraction(tree, fast=True, **options)
    if document is None or len(document.text or "") < FULL_CASCADE_BELOW:
        fuller = trafilatura.bare_extraction(tree, fast=False, **options)
        if fuller is not None and len(fuller.text or "") > len(document.text or "" if document else ""):
            document = fuller
    return document.body if document is not None else None


def _render(body) -> str:
    """Plain text: one paragraph per output line, link targets dropped."""
    etree.strip_tags(body, "ref")
    _fold_source_newlines(body)
    lines = (normalize_text(line) for line in xmltotxt(body, False).splitlines())
    return join_paragraphs(line for line in lines if line)


def _fold_source_newlines(body) -> None:
    """Fold whitespace inside text nodes: a line break in the HTML source is not a paragraph
    break (trafilatura trims most nodes itself, but not the text around links it keeps)."""
    for element in body.iter():
        if element.tag == "code":
            continue
        if element.text:
            element.text = _SOURCE_WHITESPACE.sub(" ", element.text)
        if element.tail:
            element.tail = _SOURCE_WHITESPACE.sub(" ", element.tail)


# --- corrections ---------------------------------------------------------------------------------

def _comparable(text: str) -> str:
    """Text reduced to lower-case words, for matching headlines across their variants."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _headline_candidates(tree, meta: dict) -> set[str]:
    """The ways a page writes its headline: metadata title, <title>, first <h1>."""
    candidates = [meta.get("title") or ""]
    title = tree.findtext(".//title") or ""
    candidates.extend([title, *re.split(r"\s+[|–—-]\s+", title)])
    heading = tree.find(".//h1")
    if heading is not None:
        candidates.append(heading.text_content())
    return {c for c in map(_comparable, candidates) if c}


def _drop_leading_headline(body, headlines: set[str]) -> None:
    """Remove the headline when the extraction starts with it: it is the title, not the text."""
    for element in list(body)[:2]:
        text = _comparable("".join(element.itertext()))
        if text and text in headlines:
            body.remove(element)
            return


def _drop_link_blocks(body) -> None:
    """Remove paragraphs and list items that are (almost) only a link: "Read more: <link>"."""
    for element in list(body.iter("p", "item")):
        text = normalize_text("".join(element.itertext()))
        links = sum(len(normalize_text("".join(ref.itertext()))) for ref in element.iter("ref"))
        if text and links >= 0.8 * len(text):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)


# Share of the extracted text that the JSON-LD articleBody must contain to be taken as complete.
DECLARED_BODY_COVERAGE = 0.9


def _shingle_set(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3))} if words else set()


def _prefer_declared_body(extracted: str, declared: str | None) -> str:
    """The publisher's JSON-LD ``articleBody`` when it is complete, else the extraction.

    Complete means it contains (nearly) all the text extracted from the page: a teaser or a
    truncated body does not, nor does a body belonging to another article. It then beats the
    extraction, which may have kept a caption or lost a paragraph. When both hold the same text
    and the declared one is a single block, the extraction keeps its paragraph breaks.
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


# What closes many news pages after the story: credits, calls to action, comment-box headers.
# Patterns are phrases, not single words, and only apply to the run of short blocks at the end.
_TRAILING_BOILERPLATE = re.compile(
    r"""
    ^(?:additional\s+|\w+\s+)?(?:reporting|writing|editing|research)\b[^.]{0,80}?\bby\b
    | \bcontributed\s+(?:reporting\s+)?(?:to\s+)?(?:this|the)\s+(?:report|story|article)
    | ^(?:sources?|via|credits?)\s*:
    | ^(?:©|copyright\b) | \ball\s+rights\s+reserved
    | \b(?:sign(?:ing)?\s+up|subscribe|subscription)\b
    | \bfollow\s+(?:us|him|her|them|@?[\w.']+)(?:\s+[\w.']+)?\s+on\s+
      (?:twitter|x|facebook|instagram|linkedin|tiktok|youtube|threads|bluesky|mastodon)\b
    | \bclick\s+here\b
    | \b(?:tell|let)\s+us\s+what\s+you\s+think\b | \bjoin\s+the\s+(?:conversation|discussion)\b
    | ^\d*\s*comments?\b
    | \b(?:may|can)\s+be\s+reached\s+at\b | \bhave\s+a\s+(?:news\s+)?tip\b
    | ^(?:listen|watch)\s+(?:to|live|again|back)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A closing block longer than this is prose, whatever words it contains.
_TRAILING_MAX_WORDS = 60


def _drop_trailing_boilerplate(body) -> None:
    """Remove the run of credit lines, promotions and link lines that ends the extraction."""
    blocks = [b for b in body.iter("p", "head", "item", "quote") if b.getparent() is not None]
    # Walk back from the last text block; nested blocks are judged through their outermost one.
    for block in reversed(blocks):
        text = normalize_text("".join(block.itertext()))
        if not text:
            continue
        if not _is_trailing_boilerplate(block, text):
            break
        block.getparent().remove(block)


def _is_trailing_boilerplate(block, text: str) -> bool:
    if not re.search(r"[^\W_]", text):  # "___", "***": separators
        return True
    words = text.split()
    if len(words) > _TRAILING_MAX_WORDS:
        return False
    if len(words) <= 3 and text.endswith(":"):  # a label whose links are gone: "More:"
        return True
    links = sum(len(normalize_text("".join(ref.itertext()))) for ref in block.iter("ref"))
    return links >= 0.5 * len(text) or bool(_TRAILING_BOILERPLATE.search(text))
