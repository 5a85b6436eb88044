"""Parsing a page into an ``Article`` by a source's declaration, without a spider.

``ArticleParser(SourceClass, base_url)`` reads what the source class declares (``selectors``,
``layouts``, ``timezone``, ``body_exclude`` ...; see ``spiders/base.py``) and fills every field
by its selector, the source's ``extract_<field>`` method, or the fallback (the page's
metadata, or generic extraction), in that order; the summary only by the first two. A source's ``extract_<field>(self, response,
css)`` and ``canonical_url(self, url)`` methods run with the parser as ``self``: they call the
public helpers below (``first_text``, ``all_texts``, ``select``, ``date``, ``body``, and
``default_canonical_url`` for the generic rules) and read the declaration as attributes.
"""

from __future__ import annotations

import types
from collections.abc import Iterable
from typing import Any

from scrapy.http import Response

from crawler.extract.dates import now_utc, to_utc_iso
from crawler.extract.metadata import page_metadata
from crawler.extract.text import (element_text, html_paragraphs, iter_paragraphs, join_paragraphs,
                                  normalize_text, outermost, split_paragraphs)
from crawler.items import SELECTOR_FIELDS, Article
from crawler.urls import canonical_url, host_of, origin_of

# The methods a source may define to parse its pages its own way.
HOOKS = (*(f"extract_{field}" for field in SELECTOR_FIELDS), "canonical_url")
# What a page of a layout the source does not recognise (an older or newer design) still
# gives: from the metadata, or else generic extraction, when its selectors find nothing.
LAYOUT_FALLBACK_FIELDS = ("title", "body")
# For ``body_exclude``: a list whose text is all links ("Read more" story lists); a list with
# words of its own (bullet points) stays.
LINK_LISTS = ".//*[self::ul or self::ol][li][not(.//text()[normalize-space()][not(ancestor::a)])]"


class ArticleParser:
    """The parser of one source's pages; ``base_url``: where its pages were fetched from (a
    mirror's links are stored under the source's ``origin``)."""

    def __init__(self, source: type, base_url: str | None = None):
        self.source = source
        self.name = source.name
        self.origin = source.origin
        self.base_url = (base_url or source.origin).rstrip("/")
        self.selectors = source.selectors
        self.layouts = source.layouts
        self.language = source.language
        self.timezone = source.timezone
        self.date_formats = source.date_formats
        self.body_exclude = source.body_exclude
        self.ignored_sections = source.ignored_sections
        self.generic_extraction = source.generic_extraction
        self.summary_opens_body = source.summary_opens_body
        self.lead_is_summary = source.lead_is_summary
        self.title_suffix = source.title_suffix  # the cleaning rules (pipelines.clean)
        self.boilerplate = source.boilerplate
        self.footer_markers = source.footer_markers
        fetch_hosts = {host_of(source.origin), *source.host_aliases}
        self._canonical_hosts = tuple({*fetch_hosts, host_of(self.base_url),
                                       origin_of(self.base_url).split("://", 1)[1]})
        for name, function in getattr(source, "parse_hooks", {}).items():
            setattr(self, name, types.MethodType(function, self))
        self._fallback = None  # (response, its fallback fields) while build_article runs

    def __getattr__(self, name: str) -> Any:
        """Anything else the source defines (a helper method of its own, a constant)."""
        if name.startswith("__") or name == "source":
            raise AttributeError(name)
        value = getattr(self.source, name)
        return types.MethodType(value, self) if isinstance(value, types.FunctionType) else value

    # --- the article ----------------------------------------------------------------------

    def build_article(self, response: Response) -> Article:
        """Every field by its selector, its method, or the fallback (metadata or generic
        extraction), in that order. The summary has no fallback: a page's description is
        often a rewrite, not the standfirst it shows. A title or body the source's selectors
        did not find (a layout it does not recognise) comes from the metadata or else generic
        extraction, and the article names it in ``fell_back``."""
        meta = self.fallback_fields(response)
        self._fallback = (response, meta)  # a field method asking for them reads them once
        try:
            return self._article_from(response, meta)
        finally:
            self._fallback = None

    def _article_from(self, response: Response, meta: dict) -> Article:
        url = self.canonical_url(response.url)
        article = Article(source=self.name, url=url, fetched_at=now_utc())
        selectors = self.selectors_for(response)
        values = {field: getattr(self, f"extract_{field}")(response, selectors.get(field))
                  for field in SELECTOR_FIELDS}
        if self.summary_opens_body:
            values["summary"], values["body"] = _standfirst_out_of_body(values["summary"],
                                                                        values["body"])
        if self.lead_is_summary and not values["summary"]:
            values["summary"] = next(iter_paragraphs(values["body"]), None)
        for field, value in values.items():
            if _empty(value) and field != "summary":
                value = meta.get(field)
            if not _empty(value):
                setattr(article, field, value)
        article.language = self.language or meta.get("language")
        # What the metadata states, kept apart from the summary; a declared paywall (a teaser).
        article.description = meta.get("description")
        article.free_access = meta.get("free_access")
        if not self.generic_extraction:
            if any(_empty(getattr(article, field)) for field in LAYOUT_FALLBACK_FIELDS):
                self._generic_fallback(article, response)
            article.fell_back = [field for field in LAYOUT_FALLBACK_FIELDS
                                 if field in selectors and _empty(values[field])
                                 and not _empty(getattr(article, field))]
        return article

    def _generic_fallback(self, article: Article, response: Response) -> None:
        """The empty fields of ``LAYOUT_FALLBACK_FIELDS``, from generic extraction."""
        from crawler.extract.generic import extract_article  # trafilatura: only needed here

        generic = extract_article(response.text, article.url)
        for field in LAYOUT_FALLBACK_FIELDS:
            if _empty(getattr(article, field)) and not _empty(generic.get(field)):
                setattr(article, field, generic[field])

    def fallback_fields(self, response: Response) -> dict:
        """What fills the fields no selector found: the page's metadata, or with
        ``generic_extraction`` the generic extractor's result. That parses the page itself, so
        a source without selectors has each page parsed once."""
        if self._fallback is not None and self._fallback[0] is response:
            return self._fallback[1]
        if self.generic_extraction:
            # Imported on first use: trafilatura is slow to import, and only sources
            # without selectors need it.
            from crawler.extract.generic import extract_article

            return extract_article(response.text, self.canonical_url(response.url))
        return page_metadata(response.selector.root)

    def selectors_for(self, response: Response) -> dict[str, str | tuple[str, ...]]:
        """The selectors for this page: those of the first of ``layouts`` it matches."""
        for detect, selectors in self.layouts:
            if response.css(detect):
                return selectors
        return self.selectors

    def canonical_url(self, url: str) -> str:
        """The URL an article is stored under (a source with article ids overrides it)."""
        return self.default_canonical_url(url)

    def default_canonical_url(self, url: str) -> str:
        """The generic rules: the source's origin for any of its hosts, tracking dropped."""
        return canonical_url(url, self.origin, self._canonical_hosts)

    # --- the fields (a source overrides one by defining a method of the same name) ---------

    def extract_title(self, response, css) -> str | None:
        return self.first_text(response, css)

    def extract_summary(self, response, css) -> str | None:
        return self.first_text(response, css)

    def extract_body(self, response, css) -> str | None:
        return self.body(response, css)

    def extract_authors(self, response, css) -> list[str]:
        return unique(self.all_texts(response, css))

    def extract_published_at(self, response, css) -> str | None:
        return self.date(response, css)

    def extract_modified_at(self, response, css) -> str | None:
        return self.date(response, css)

    def extract_section(self, response, css) -> str | None:
        ignored = {name.lower() for name in self.ignored_sections}
        for name in self.all_texts(response, css):
            if name.lower() not in ignored:
                return name
        return None

    def extract_tags(self, response, css) -> list[str]:
        return unique(self.all_texts(response, css))

    def extract_image_url(self, response, css) -> str | None:
        value = self.first_text(response, css)
        return response.urljoin(value) if value else None

    def extract_image_caption(self, response, css) -> str | None:
        return self.first_text(response, css)

    # --- helpers for the field methods ----------------------------------------------------

    def select(self, response, css) -> list:
        """The matches of the first selector (a CSS string, or several tried in order) that
        matches anything."""
        for selector in (css,) if isinstance(css, str) else (css or ()):
            found = response.css(selector)
            if found:
                return found
        return []

    def all_texts(self, response, css) -> list[str]:
        """The text of each match, whitespace normalized; empty ones left out."""
        texts = []
        for node in self.select(response, css):
            if isinstance(node.root, str):  # ::attr() and ::text give strings
                texts.append(normalize_text(node.root))
            else:
                texts.append(element_text(node.root))
        return [text for text in texts if text]

    def first_text(self, response, css) -> str | None:
        texts = self.all_texts(response, css)
        return texts[0] if texts else None

    def date(self, response, css) -> str | None:
        """The first match that reads as a date (``timezone``, ``date_formats``), in UTC."""
        for text in self.all_texts(response, css):
            value = to_utc_iso(text, default_tz=self.timezone, formats=self.date_formats)
            if value:
                return value
        return None

    def body(self, response, css) -> str | None:
        """The text of every element the selector matches, in page order: one container, or
        the paragraphs and subheadings themselves. A match inside another one counts once;
        ``body_exclude`` is left out."""
        matches = outermost([node.root for node in self.select(response, css)])
        paragraphs = [paragraph for element in matches
                      for paragraph in html_paragraphs(element, self.body_exclude)]
        return "\n\n".join(paragraphs) or None

    # The names the helpers had on the spider, for source modules written against them.
    _select = select
    _all_texts = all_texts
    _first_text = first_text
    _date = date


def unique(values: Iterable[str]) -> list[str]:
    """``values`` without repeats, in their order."""
    return list(dict.fromkeys(values))


def _standfirst_out_of_body(summary: str | None, body: str | None) -> tuple[str | None, str | None]:
    """(summary, body) with the standfirst only in the summary, when the body opens with it;
    a summary found elsewhere in the body is no standfirst (None)."""
    paragraphs = split_paragraphs(body)
    if summary and paragraphs and _without_spaces(paragraphs[0]) == _without_spaces(summary):
        return summary, join_paragraphs(paragraphs[1:]) or None
    return None, body


def _empty(value) -> bool:
    return value in (None, "", [])


def _without_spaces(text: str) -> str:
    return "".join(text.split())  # selectors and paragraphs space inline tags differently
