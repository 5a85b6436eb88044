"""The one item every spider produces, and the one list of its fields by their roles."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from itemadapter import ItemAdapter


@dataclass
class Article:
    """A news article as stored: one row of its source's table.

    Dates are UTC ISO 8601 strings (``YYYY-MM-DDTHH:MM:SSZ``); ``body`` is clean text with
    paragraphs separated by one blank line. ``word_count`` and ``content_hash`` are derived
    from the cleaned text by the clean pipeline.
    """

    source: str
    url: str
    title: str | None = None
    # The standfirst shown on the page; ``description`` is the one the page's metadata states
    # (og:description, JSON-LD), often a rewrite that is not on the page.
    summary: str | None = None
    description: str | None = None
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    modified_at: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    # False: the page declares the article paywalled (the body is then a teaser).
    free_access: bool | None = None
    word_count: int = 0
    content_hash: str | None = None
    fetched_at: str | None = None
    # A syndicated story first seen in another source's table (set by the dedupe pipeline).
    duplicate_of_source: str | None = None
    duplicate_of_url: str | None = None
    # Fields the source's selectors did not find that a fallback (metadata, generic
    # extraction) filled: a layout it does not recognise. Counted in the run's parser health,
    # not stored.
    fell_back: list[str] = field(default_factory=list)
    # The WARC file and offset of the response record this version was read from (a backfill)
    # or written to (a crawl with WARC_DIR, crawler.warc.writer).
    warc_file: str | None = None
    warc_offset: int | None = None
    # The request and response to archive, from the spider to the WARC pipeline; not stored.
    capture: object | None = None
    # Ride along with the article, not stored: whether the clean step has run (a parse worker
    # cleans what it parses), and the text's near-duplicate fingerprint (crawler.similarity)
    # once someone computed it.
    cleaned: bool = field(default=False, compare=False, repr=False)
    fingerprint: Any = field(default=None, compare=False, repr=False)


# Filled by a source's parser: one selector (or ``extract_<field>`` method) each.
SELECTOR_FIELDS = ("title", "summary", "body", "authors", "published_at", "modified_at",
                   "section", "tags", "image_url", "image_caption")
LIST_FIELDS = ("authors", "tags")
# What generic extraction reads off any page (no caption: it cannot tell the lead image's);
# ``crawler check`` reports these.
PAGE_FIELDS = ("title", "summary", "body", "authors", "published_at", "modified_at", "section",
               "tags", "language", "image_url")
# An article without one of these is dropped (pipelines.validate).
REQUIRED_FIELDS = ("url", "title", "body")
# Counted when missing, without dropping the article.
WATCHED_FIELDS = ("published_at",)
# A run whose pages lack one of these too often is "degraded" (crawler.run.record, crawler check).
HEALTH_FIELDS = ("title", "body", "published_at")
# The columns of a source's table: the article's fields, and when the store first saw it.
STORED_COLUMNS = {
    "url": str, "source": str, "title": str, "summary": str, "body": str, "authors": str,
    "published_at": str, "modified_at": str, "section": str, "tags": str, "language": str,
    "image_url": str, "image_caption": str, "word_count": int, "content_hash": str,
    "fetched_at": str, "first_seen_at": str, "duplicate_of_source": str, "duplicate_of_url": str,
    "description": str, "free_access": int,
    "warc_file": str, "warc_offset": int,
}
NOT_NULL_COLUMNS = ("title", "body")


def stored_fields(article: Article) -> dict:
    """The article's stored fields (those its table has a column for), by name."""
    return {name: getattr(article, name) for name in ARTICLE_FIELDS}


def missing_fields(item, names=REQUIRED_FIELDS) -> list[str]:
    """Which of ``names`` the item (an Article, or any Scrapy item) lacks or has empty."""
    adapter = ItemAdapter(item)
    return [name for name in names if not adapter.get(name)]


# The Article fields that are stored (the rest ride along only).
ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name in STORED_COLUMNS)
