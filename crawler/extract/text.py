"""Text out of HTML, and the clean-up every source shares: paragraphs, whitespace, Unicode."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

# Elements whose text never belongs to an article body, whatever the site.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "iframe", "svg", "form", "button",
    "figure", "figcaption", "aside", "nav", "footer", "header", "video", "audio", "picture",
)
# Elements that start a new paragraph; everything else is inline and joins its neighbours.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "figure", "hr",
    "br",
})


def normalize_text(text: str | None) -> str:
    """NFC, whitespace runs (including non-breaking spaces) folded to one space, trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u200b", "")
    return " ".join(text.split())  # the same as re.sub(r"\s+", " ", ...).strip(), 4× faster


def split_paragraphs(body: str | None) -> list[str]:
    """The paragraphs of a stored body (separated by blank lines), each normalised."""
    return list(iter_paragraphs(body))


def iter_paragraphs(body: str | None) -> Iterator[str]:
    """``split_paragraphs``, one at a time: the first costs no more than itself."""
    chunks = re.split(r"\n\s*\n", body) if body else ()
    return (paragraph for paragraph in map(normalize_text, chunks) if paragraph)


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p for p in paragraphs if p)


def html_paragraphs(element, exclude: Iterable[str] = ()) -> list[str]:
    """The text of ``element`` as paragraphs, in document order.

    ``element`` is an lxml element (a Scrapy selector's ``.root``); it is copied, so the page
    stays intact. Non-content elements and anything matching an ``exclude`` CSS selector
    (captions, related-story cards; or XPath, see ``_matches``) are removed first. Block
    elements start new paragraphs, inline ones (links, emphasis) stay inside theirs.
    """
    element = copy.deepcopy(element)
    for selector in (*NON_CONTENT_TAGS, *exclude):
        for unwanted in _matches(element, selector):
            _drop_keeping_tail(unwanted)
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph() -> None:
        text = normalize_text("".join(current))
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(node) -> None:
        if not isinstance(node.tag, str):  # comments and processing instructions
            if node.tail:
                current.append(node.tail)
            return
        is_block = node.tag in BLOCK_TAGS
        if is_block:
            close_paragraph()
        if node.text:
            current.append(node.text)
        for child in node:
            walk(child)
        if is_block:
            close_paragraph()
        if node.tail:
            current.append(node.tail)

    if element.text:
        current.append(element.text)
    for child in element:
        walk(child)
    close_paragraph()
    return paragraphs


def element_text(element) -> str:
    """All text of one element, whitespace folded: for titles, bylines, captions."""
    return normalize_text(" ".join(element.itertext())) if element is not None else ""


def _matches(element, selector: str) -> list:
    """CSS, or XPath when it starts with "./" or "/" (for what CSS cannot say, e.g. text)."""
    return _compiled(selector)(element)


@lru_cache(maxsize=512)
def _compiled(selector: str):
    # Translating CSS to XPath costs more than running it: once per selector, not per page.
    return etree.XPath(selector) if selector.startswith(("./", "/")) else CSSSelector(selector)


def _drop_keeping_tail(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
