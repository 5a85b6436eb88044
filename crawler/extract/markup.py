"""Markup nested deeper than lxml reads, flattened so that its text is read all the same.

libxml2 stops parsing at 2,048 open elements (with ``huge_tree``, which parsel and
``crawler.extract.generic`` use; 256 without): everything after that point is lost, the
article's body with it. Such a tree is recognised cheaply: parsing stopped inside the deepest
element, so the chain of last children runs that deep. The page is then parsed again with the
tags past ``FLAT_DEPTH`` removed (their text kept; a block element's become ``<br>``, so its
paragraphs stay apart), which leaves the page's outer structure — where selectors point — as
it was.
"""

from __future__ import annotations

import re

from crawler.extract.text import BLOCK_TAGS

# libxml2's limit with huge_tree, less a margin for the elements it closes when it gives up.
LXML_MAX_DEPTH = 2048 - 8
# Tags opened deeper than this are dropped when a page is flattened.
FLAT_DEPTH = 256
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr"})
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)[^>]*?(/?)>")


def stopped_too_deep(root) -> bool:
    """Whether lxml gave up on ``root``'s document for its depth (see the module docstring)."""
    depth, node = 0, root
    while len(node):
        node = node[-1]
        depth += 1
        if depth >= LXML_MAX_DEPTH:
            return True
    return False


def flatten(html: str, keep_depth: int = FLAT_DEPTH) -> str:
    """``html`` without the tags opened more than ``keep_depth`` deep (nor their end tags);
    the text between them stays, in order, and a block element's tags become ``<br>``."""
    open_tags: list[tuple[str, bool]] = []  # (name, kept)
    pieces: list[str] = []
    position = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        kept = True
        if closing:
            names = [open_name for open_name, _ in open_tags]
            if name in names:  # end tags close what HTML leaves open (<p>, <li>) on the way
                index = len(names) - 1 - names[::-1].index(name)
                kept = open_tags[index][1]
                del open_tags[index:]
        elif name not in VOID_TAGS and not self_closing:
            kept = len(open_tags) < keep_depth
            open_tags.append((name, kept))
        if not kept:
            pieces.append(html[position:match.start()])
            if name in BLOCK_TAGS:
                pieces.append("<br>")
            position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)


def readable(response):
    """``response`` as it is, or with its markup flattened when lxml stopped too deep in it;
    and whether it was flattened."""
    if not stopped_too_deep(response.selector.root):
        return response, False
    return response.replace(body=flatten(response.text).encode("utf-8"), encoding="utf-8"), True
