"""Fuzzing the parsers: a few hundred pages mutated from the repository's own fixtures
(truncations, byte flips, deep nesting, broken JSON-LD, bad dates, bad canonical links, stray
markup) go through every source's parser and the generic extractor, as ``crawler parse`` runs
them (parse, then clean). None may raise. Seeded, so a failure names a page that fails again.
"""

from __future__ import annotations

import random
import re

import pytest

from crawler.parsing import parse_page
from crawler.sources import source_names
from tests.helpers import FIXTURES

SEED = 18
PAGES = 240
MAX_BASE_BYTES = 60_000  # longer fixtures are cut: the parsers' paths are the same, sooner
BAD_DATES = ("2024-06-03T10:00:00+24:00", "2024-06-03T10:00:00-99:99", "9999-12-31T23:59:59-23:59",
             "0001-01-01T00:00:00+01:00", "0000-00-00", "2024-13-45", "Tuesday", "1e400", "",
             "Mon, 03 Jun 2024 10:00:00 +2400", "2024-06-03T25:61:61Z", "\x00")
BAD_LINKS = ("http://[::1", "http://[zz]/", "javascript:alert(1)", "http://", "//", "http://a:99999/",
             "http://" + "a" * 5000 + ".com/", "\x00http://x/", "http://exa mple.com/a b", "[")
BROKEN_JSONLD = (
    '{"@type": "NewsArticle", "headline": "Cut off',
    '{"@type": 5, "author": [[[[{"name": 7}]]]], "datePublished": {}, "image": [null, 3]}',
    '{"@graph": "x", "mainEntity": [1, "a", null]}',
    '[' * 5000 + ']' * 5000,
    '{"a": ' * 3000 + '1' + '}' * 3000,
    '{"@type": "NewsArticle", "about": ' + '{"@type": "Thing", "about": ' * 990 + '{}' + '}' * 991,
    '{"@type": ["NewsArticle", null, 3], "headline": ["a", "b"], "articleBody": 42,'
    ' "author": {"@id": "#x"}, "@id": "#x", "dateModified": "2024-06-03T10:00:00+24:00"}',
    'null', '"just a string"', '1e999',
)


def _bases() -> list[bytes]:
    paths = sorted(FIXTURES.glob("*/*.html"))
    assert len(paths) >= 10
    return [path.read_bytes()[:MAX_BASE_BYTES] for path in paths]


def _insert(page: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(page) + 1)
    return page[:at] + piece + page[at:]


def _in_head(page: bytes, piece: str) -> bytes:
    head = page.find(b"</head>")
    return _insert(page, random.Random(0), piece.encode()) if head < 0 else (
        page[:head] + piece.encode() + page[head:])


def mutate(page: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(("truncate", "flip", "nest", "jsonld", "dates", "canonical", "markup"))
    if kind == "truncate":
        return kind, page[:rng.randrange(len(page) + 1)]
    if kind == "flip":
        data = bytearray(page)
        for _ in range(rng.randint(1, 200)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return kind, bytes(data)
    if kind == "nest":
        depth = rng.choice((300, 1000, 2100, 5000))
        tag = rng.choice((b"div", b"span", b"b", b"li"))
        opened = _insert(page, rng, b"<" + tag + b">" * 1)
        return kind, _insert(opened, rng, (b"<" + tag + b">") * depth + b"<p>Deep.</p>")
    if kind == "jsonld":
        return kind, _in_head(page, f'<script type="application/ld+json">{rng.choice(BROKEN_JSONLD)}'
                                    "</script>")
    if kind == "dates":
        bad = rng.choice(BAD_DATES)
        page = re.sub(rb'(datetime|content)="(\d{4}-[^"]*)"', f'\\1="{bad}"'.encode(), page)
        return kind, _in_head(page, f'<meta property="article:published_time" content="{bad}">'
                                    f'<meta itemprop="dateModified" content="{bad}">')
    if kind == "canonical":
        link = rng.choice(BAD_LINKS)
        return kind, _in_head(re.sub(rb'rel="canonical" href="[^"]*"', b'rel="canonical"', page),
                              f'<link rel="canonical" href="{link}"><meta property="og:url" '
                              f'content="{link}"><meta property="og:image" content="{link}">')
    pieces = (b"<", b"</div>", b"<!--", b"<![CDATA[", b"<script>", b"\x00", b"\xff\xfe",
              b"&#xD800;", b"&#99999999;", b"<p", b"</html>", b"<svg><math>")
    for _ in range(rng.randint(1, 20)):
        page = _insert(page, rng, rng.choice(pieces))
    return "markup", page


@pytest.fixture(scope="module")
def mutated_pages() -> list[tuple[int, str, bytes]]:
    rng = random.Random(SEED)
    bases = _bases()
    return [(n, *mutate(rng.choice(bases), rng)) for n in range(PAGES)]


def test_no_parser_raises_on_mutated_pages(mutated_pages):
    sources = source_names()
    failures = []
    for n, kind, page in mutated_pages:
        # Each page goes to one source's parser in turn, so that every parser sees dozens of
        # pages; every third to the generic extractor as well.
        source = sources[n % len(sources)]
        for parser in (source, None) if n % 3 == 0 else (source,):
            try:
                parse_page(page, f"https://www.example.com/2024/06/03/story-{n}", parser)
            except Exception as error:  # noqa: BLE001 - what the test looks for
                failures.append((n, kind, parser or "generic", f"{type(error).__name__}: {error}"[:200]))
    assert failures == []
    assert {kind for _, kind, _ in mutated_pages} == {
        "truncate", "flip", "nest", "jsonld", "dates", "canonical", "markup"}
