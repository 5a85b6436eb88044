"""Cleaning an article: what a reader would not call part of it goes, the rest is normalised.

Breadcrumbs and captions are mostly kept out by the spiders' selectors; cleaning removes
what still gets through as text (captions, share and "Read more" lines, site footers), then
normalises Unicode (NFC), whitespace and dates, and derives word count and content hash.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from crawler.extract.dates import to_utc_iso
from crawler.extract.text import join_paragraphs, normalize_text, split_paragraphs
from crawler.items import Article

# Whole paragraphs that are page furniture on any site.
COMMON_BOILERPLATE = (
    r"(read|see) (more|also)\b.{0,150}",
    r"(also read|related|more on this story|most read|recommended)\s*:?.{0,150}",
    r"share( this)?( article| story| on \w+)?\s*:?",
    r"(follow|like) us on .{0,80}",
    r"(sign up|subscribe)\b.{0,120}\bnewsletter.{0,80}",
    r"click here .{0,150}",
    r"advertisement|sponsored( content)?|comments?|loading\W*",
)
# A caption is a line ending in a photo credit: "(AFP photo)", "(Photo by X/Getty Images)".
CAPTION = re.compile(
    r"\((?:[^()]*\b)?(?:photos?|photograph|image|picture|screengrab|screenshot|getty images)"
    r"\b[^()]*\)\s*$",
    re.IGNORECASE,
)
_BYLINE_PREFIX = re.compile(r"^(by|written by|reporting by)\s+", re.IGNORECASE)
_ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@dataclass(frozen=True)
class CleaningRules:
    """What a source declares about its own furniture (see ``spiders.base.NewsSpider``)."""

    title_suffix: str | None = None
    boilerplate: tuple[str, ...] = ()
    footer_markers: tuple[str, ...] = ()

    @classmethod
    def of(cls, spider) -> "CleaningRules":
        if spider is None:
            return cls()
        return cls(getattr(spider, "title_suffix", None), tuple(getattr(spider, "boilerplate", ())),
                   tuple(getattr(spider, "footer_markers", ())))

    def boilerplate_pattern(self) -> re.Pattern:
        return re.compile(r"^(?:%s)$" % "|".join((*self.boilerplate, *COMMON_BOILERPLATE)),
                          re.IGNORECASE)


def clean_article(article: Article, rules: CleaningRules = CleaningRules()) -> Article:
    article.title = clean_title(article.title, rules.title_suffix)
    article.summary = normalize_text(article.summary) or None
    article.body = clean_body(article.body, rules) or None
    article.authors = clean_authors(article.authors)
    article.tags = list(dict.fromkeys(filter(None, map(normalize_text, article.tags or []))))
    article.section = normalize_text(article.section) or None
    article.image_caption = normalize_text(article.image_caption) or None
    article.published_at = _utc(article.published_at)
    article.modified_at = _utc(article.modified_at)
    article.word_count = len((article.body or "").split())
    article.content_hash = content_hash(article.title, article.body)
    article.cleaned = True
    return article


def clean_title(title: str | None, suffix: str | None) -> str | None:
    title = normalize_text(title)
    if suffix:
        title = re.sub(suffix, "", title).strip()
    return title or None


def clean_body(body: str | None, rules: CleaningRules) -> str:
    furniture = rules.boilerplate_pattern()
    kept = []
    for paragraph in split_paragraphs(body):
        if any(paragraph.startswith(marker) for marker in rules.footer_markers):
            break  # a site footer: nothing after it is article text
        if furniture.match(paragraph) or CAPTION.search(paragraph):
            continue
        kept.append(paragraph)
    return join_paragraphs(kept)


def clean_authors(authors: list[str] | None) -> list[str]:
    names = (_BYLINE_PREFIX.sub("", normalize_text(name)) for name in authors or [])
    return list(dict.fromkeys(name for name in names if name))


def content_hash(title: str | None, body: str | None) -> str:
    """A fingerprint of what a reader reads: equal for texts that differ only in spacing/case."""
    text = " ".join(re.findall(r"\w+", f"{title or ''} {body or ''}".lower()))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _utc(value: str | None) -> str | None:
    if not value or _ISO_UTC.match(value):
        return value or None
    return to_utc_iso(value)
