"""Text out of HTML, and the clean-up every source shares: paragraphs, whitespace, Unicode."""

from __future__ import annotations

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
    return " ".join(text.split())  # re.sub(r"\s+", " ", ...).strip(), without a regex


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

    ``element`` is an lxml element (a Scrapy selector's ``.root``); the page stays intact.
    Non-content elements and anything matching an ``exclude`` CSS selector (captions,
    related-story cards; or XPath, see ``_matches``) are passed over, their tails kept. Block
    elements start new paragraphs, inline ones (links, emphasis) stay inside theirs.
    """
    # Passed over, not removed: removing each one moved its tail onto a neighbour, and a
    # page of thousands of captions rebuilt that neighbour's text thousands of times.
    unwanted = {found for selector in (*NON_CONTENT_TAGS, *exclude)
                for found in _matches(element, selector) if found is not element}
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph() -> None:
        text = normalize_text("".join(current))
        if text:
            paragraphs.append(text)
        current.clear()

    if element.text:
        current.append(element.text)
    # A stack of (node, leaving) rather than recursion: markup nested thousands deep is read.
    stack = [(child, False) for child in reversed(element)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            if node.tag in BLOCK_TAGS:
                close_paragraph()
        elif isinstance(node.tag, str) and node not in unwanted:  # not a comment or PI
            if node.tag in BLOCK_TAGS:
                close_paragraph()
            if node.text:
                current.append(node.text)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
            continue
        if node.tail:
            current.append(node.tail)
    close_paragraph()
    return paragraphs


def outermost(elements: list) -> list:
    """The elements that are inside none of the others, in their order."""
    among = set(elements)
    return [element for element in elements
            if not any(ancestor in among for ancestor in element.iterancestors())]


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
