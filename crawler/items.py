"""The one item every spider produces."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    summary: str | None = None
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    modified_at: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    word_count: int = 0
    content_hash: str | None = None
    fetched_at: str | None = None
    # A syndicated story first seen in another source's table (set by the dedupe pipeline).
    duplicate_of_source: str | None = None
    duplicate_of_url: str | None = None
