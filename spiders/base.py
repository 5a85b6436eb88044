"""The base news spider: discovery (feeds, sitemaps, section pages) and declarative parsing.

A source spider declares where its articles are listed and which selector finds each field;
this class does the rest. Nothing here knows about storage, cleaning or retries.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.extract.dates import date_from_url, now_utc, parse_datetime, to_utc_iso
from crawler.extract.metadata import page_metadata
from crawler.extract.text import (element_text, html_paragraphs, iter_paragraphs, join_paragraphs,
                                  normalize_text, split_paragraphs)
from crawler.failures import failure_kind
from crawler.feeds import read_feed
from crawler.items import Article
from crawler.urls import canonical_url, host_of, origin_of, replace_origin

FIELDS = ("title", "summary", "body", "authors", "published_at", "modified_at", "section",
          "tags", "image_url", "image_caption")
# An index's child sitemaps are requested one at a time, below articles (0): the next one
# waits until the articles of those read so far are on their way, so a backfill holds one
# sitemap's worth of requests, not the archive's. Those still to come ride in the request's
# meta (under LATER_SITEMAPS) and are handed on whatever becomes of it.
CHILD_SITEMAP_PRIORITY = -1
LATER_SITEMAPS = "later_sitemaps"
# For ``body_exclude``: a list whose text is all links ("Read more" story lists); a list with
# words of its own (bullet points) stays.
LINK_LISTS = ".//*[self::ul or self::ol][li][not(.//text()[normalize-space()][not(ancestor::a)])]"


class NewsSpider(scrapy.Spider):
    """Subclass, name the source and declare its site; override a field method only where
    the site is odd.

    ``-a base_url=URL`` makes the spider fetch from another origin (a mirror, a local test
    server) while articles keep their canonical URLs on ``origin``. ``-a since=YYYY-MM-DD``
    turns on the backfill: ``backfill_sitemaps`` are walked and entries older than the date
    are skipped.
    """

    # --- what a source declares -----------------------------------------------------------
    origin: ClassVar[str] = ""                  # "https://www.example.com"
    host_aliases: ClassVar[tuple[str, ...]] = ()  # other hosts serving the same articles
    feeds: ClassVar[tuple[str, ...]] = ()       # RSS/Atom: paths on origin or absolute URLs
    sitemaps: ClassVar[tuple[str, ...]] = ()    # walked on every run (news sitemaps)
    backfill_sitemaps: ClassVar[tuple[str, ...]] = ()  # walked only with ``since``
    sections: ClassVar[tuple[str, ...]] = ()    # listing pages
    section_pages: ClassVar[int] = 2            # listing pages per section on a normal run
    next_page: ClassVar[str | None] = None      # CSS of a listing page's next-page link
    article_url: ClassVar[str | None] = None    # regex an article URL matches (search)
    language: ClassVar[str | None] = None
    timezone: ClassVar[str | None] = None       # zone of page dates written without offset
    date_formats: ClassVar[tuple[str, ...]] = ()  # strptime formats tried before guessing
    selectors: ClassVar[dict[str, str | tuple[str, ...]]] = {}  # field -> CSS (first match wins)
    # Several page layouts: (CSS found only in that layout, its selectors); the first whose
    # CSS matches the page wins, ``selectors`` serves pages that match none.
    layouts: ClassVar[tuple[tuple[str, dict[str, str | tuple[str, ...]]], ...]] = ()
    # Fields no selector fills come from the page's metadata; with this, from generic
    # extraction (metadata plus the main text), so the source needs no body selector.
    generic_extraction: ClassVar[bool] = False
    body_exclude: ClassVar[tuple[str, ...]] = ()  # CSS (or XPath: "./…") removed from the body
    # The page prints its standfirst as the body's first paragraph (the ``summary`` selector
    # finds it): it is kept as the summary only, and a match elsewhere is no standfirst.
    summary_opens_body: ClassVar[bool] = False
    # The site has no standfirst: the lead paragraph is the summary, and stays in the body.
    lead_is_summary: ClassVar[bool] = False
    ignored_sections: ClassVar[tuple[str, ...]] = ()  # breadcrumb entries that are no section
    # Used by the clean pipeline:
    title_suffix: ClassVar[str | None] = None   # regex of " - Site" tails on titles
    boilerplate: ClassVar[tuple[str, ...]] = ()  # regexes of whole paragraphs to drop
    footer_markers: ClassVar[tuple[str, ...]] = ()  # a paragraph starting so ends the body

    # Backfill walks more of each section than an hourly run does.
    BACKFILL_SECTION_PAGES = 500

    def __init__(self, *args: Any, base_url: str | None = None, since: str | None = None,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.origin).rstrip("/")
        self.since = parse_datetime(since) if since else None
        if since and self.since is None:
            raise ValueError(f"since: {since!r} is not a date (use YYYY-MM-DD)")
        self._fetch_hosts = {host_of(self.origin), *self.host_aliases}
        self._canonical_hosts = tuple({*self._fetch_hosts, host_of(self.base_url),
                                       origin_of(self.base_url).split("://", 1)[1]})
        self._article_hosts = frozenset({host_of(self.base_url), *self._fetch_hosts})
        self.allowed_domains = sorted(self._article_hosts)
        self._article_pattern = re.compile(self.article_url) if self.article_url else None
        self._requested: set[str] = set()

    # --- discovery ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for feed in self.feeds:
            yield self._discovery_request(feed, self.parse_feed, conditional=True)
        for sitemap in (*self.sitemaps, *(self.backfill_sitemaps if self.since else ())):
            yield self._discovery_request(sitemap, self.parse_sitemap, conditional=True)
        for section in self.sections:
            yield self._discovery_request(section, self.parse_section, page=1)

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        if self._not_modified(response):
            return
        self._count("discovery/feed")
        feed = read_feed(response.body)
        if not feed.entries:
            self._discovery_failed(response, "empty_feed" if feed.well_formed else "invalid_feed")
            return
        for link, published in feed.entries:
            if link and not self._older_than_since(published, link):
                yield from self.article_requests([response.urljoin(link)], response.url)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._on_request_dropped, signal=signals.request_dropped)
        return spider

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        children: list[str] = []
        if not self._not_modified(response):
            yield from self._read_sitemap(response, children)
        # The last listed first: the newest, in the archives we know.
        yield from self._next_sitemap(response.request, first=reversed(children))

    def _next_sitemap(self, request: scrapy.Request,
                      first: Iterable[str] = ()) -> Iterable[scrapy.Request]:
        """The next sitemap of the chain ``request`` came in, after ``first`` (an index's own)."""
        queue = [*first, *request.meta.get(LATER_SITEMAPS, ())]
        # Scrapy's URL-length middleware would drop an overlong one without a word, and the
        # rest of the chain, riding in its meta, with it.
        limit = self.settings.getint("URLLENGTH_LIMIT") if hasattr(self, "settings") else 0
        while queue and limit and len(queue[0]) > limit:
            self._count("errors/url_too_long")
            self.logger.warning("url_too_long: sitemap %s…", queue.pop(0)[:200])
        if queue:
            yield scrapy.Request(queue[0], self.parse_sitemap, errback=self.on_error,
                                 priority=CHILD_SITEMAP_PRIORITY,
                                 meta={"discovery": True, "conditional": True,
                                       LATER_SITEMAPS: queue[1:]})

    def _on_request_dropped(self, request: scrapy.Request) -> None:
        """A child sitemap the scheduler refused (already fetched this run) passes the chain on."""
        for later in self._next_sitemap(request):
            self.crawler.engine.crawl(later)

    def _read_sitemap(self, response: Response, children: list[str]) -> Iterable[scrapy.Request]:
        """Requests for the articles of a sitemap; an index's sitemaps go to ``children``."""
        body = _sitemap_body(response)
        sitemap = None
        if body:
            try:
                sitemap = Sitemap(body)
            except Exception:  # lxml raises several kinds on garbage
                sitemap = None
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            self._discovery_failed(response, "invalid_sitemap")
            return
        self._count("discovery/sitemap")
        for entry in sitemap:
            loc = entry.get("loc")
            lastmod = entry.get("lastmod")
            if not loc or self._older_than_since(lastmod, None):
                continue
            if sitemap.type == "sitemapindex":
                child = self.fetch_url(response.urljoin(loc))
                if not self._listed_before(child, lastmod):
                    children.append(child)
            elif not self._listed_before(response.url, lastmod):
                yield from self.article_requests([response.urljoin(loc)], response.url)

    def parse_section(self, response: Response, page: int) -> Iterable[scrapy.Request]:
        self._count("discovery/section")
        # lxml's own strings: a listing page has a few hundred links, and a selector per link
        # cost more than the rest of this method.
        hrefs = response.selector.root.xpath("//a/@href")
        links = [response.urljoin(href.strip()) for href in _unique(hrefs)]
        articles = [link for link in links if self.is_article_url(link)]
        yield from self._requests_for(articles)
        limit = self.BACKFILL_SECTION_PAGES if self.since else self.section_pages
        if page >= limit or not articles:
            return
        if self.since and all(self._older_than_since(None, link) for link in articles):
            return
        next_url = self.next_section_page(response, page)
        if next_url:
            yield self._discovery_request(next_url, self.parse_section, page=page + 1)

    def next_section_page(self, response: Response, page: int) -> str | None:
        """The next listing page: the ``next_page`` link; override for numbered paging."""
        href = response.css(f"{self.next_page}::attr(href)").get() if self.next_page else None
        return response.urljoin(href) if href else None

    def is_article_url(self, url: str) -> bool:
        # The pattern first: most links of a listing page are navigation, and a regular
        # expression refuses them faster than parsing their host.
        if self._article_pattern and not self._article_pattern.search(url):
            return False
        return host_of(url) in self._article_hosts

    def article_requests(self, urls: Iterable[str],
                         listed_by: str | None = None) -> Iterable[scrapy.Request]:
        """One request per article not yet asked for in this run, whatever URL it came by;
        links that are not article URLs are passed over.

        ``listed_by``: the feed or sitemap that listed them; it is not trusted as read (see
        crawler.incremental) unless all of them could be fetched."""
        return self._requests_for((url for url in urls if self.is_article_url(url)), listed_by)

    def _requests_for(self, article_urls: Iterable[str],
                      listed_by: str | None = None) -> Iterable[scrapy.Request]:
        """``article_requests`` for URLs known to be article URLs."""
        for url in article_urls:
            canonical = self.canonical_url(url)
            if canonical in self._requested:
                continue
            self._requested.add(canonical)
            yield scrapy.Request(self.fetch_url(url), self.parse_article, errback=self.on_error,
                                 meta={"article": True, "canonical": canonical,
                                       "listed_by": listed_by})

    def canonical_url(self, url: str) -> str:
        """The URL an article is stored under; override where the site has an article id."""
        return canonical_url(url, self.origin, self._canonical_hosts)

    def fetch_url(self, url: str) -> str:
        """Where to download ``url`` from: the source's hosts are served by ``base_url``."""
        if host_of(url) in self._fetch_hosts and self.base_url != self.origin:
            return replace_origin(url, self.base_url)
        return url

    def _discovery_request(self, url_or_path: str, callback, *, conditional: bool = False,
                           **kwargs) -> scrapy.Request:
        """``conditional``: a feed or sitemap, fetched with the validators of the last complete
        run (crawler.incremental); its callback gets a 304 when it did not change."""
        url = url_or_path if "://" in url_or_path else self.base_url + url_or_path
        return scrapy.Request(self.fetch_url(url), callback, cb_kwargs=kwargs,
                              errback=self.on_error,
                              meta={"discovery": True, "conditional": conditional})

    # Per feed or sitemap URL: entries dated before this were listed when a complete run read
    # it. Set at open by crawler.incremental, from the store.
    discovery_checked_at: dict[str, datetime] = {}

    def _listed_before(self, sitemap_url: str, lastmod: str | None) -> bool:
        checked = self.discovery_checked_at.get(sitemap_url)
        moment = parse_datetime(lastmod) if lastmod and checked else None
        if moment is None:
            return False
        if len(lastmod.strip()) <= len("YYYY-MM-DD"):
            moment += timedelta(days=1)  # a bare date: the entry may have changed all that day
        return moment < checked

    def _not_modified(self, response: Response) -> bool:
        if response.status != 304:
            return False
        self._count("discovery/not_modified")
        return True

    def _older_than_since(self, value: str | None, url: str | None) -> bool:
        if not self.since:
            return False
        moment = parse_datetime(value) if value else None
        if moment is None and url:
            moment = parse_datetime(date_from_url(url))
        return moment is not None and moment < self.since

    # --- errors ---------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> Iterable[scrapy.Request]:
        request = failure.request
        kind = failure_kind(failure)
        if kind is not None:  # None: a middleware chose not to download (an article stored)
            self._count(f"errors/{kind}")
            if request.meta.get("discovery"):
                self._count("discovery/failed")
            self.logger.warning("%s: %s", kind, request.url)
        return self._next_sitemap(request)

    def _discovery_failed(self, response: Response, reason: str) -> None:
        self._count(f"errors/{reason}")
        self._count("discovery/failed")
        self.logger.warning("%s: %s", reason, response.url)

    def _count(self, key: str) -> None:
        if getattr(self, "crawler", None):
            self.crawler.stats.inc_value(key)

    # --- parsing --------------------------------------------------------------------------

    # Set by the runner when pages are parsed in worker processes (crawler.parse_pool).
    parse_pool = None

    async def parse_article(self, response: Response) -> AsyncIterator[Article]:
        self._count("articles/fetched")
        if not isinstance(response, scrapy.http.TextResponse):
            self._count("errors/not_html")
            self.logger.warning("not_html: %s", response.url)
            return
        if self.parse_pool:
            yield await self.parse_pool.build_article(self.name, response)
        else:
            yield self.build_article(response)

    def build_article(self, response: Response) -> Article:
        """Every field by its selector, its method, or the fallback (metadata or generic
        extraction), in that order."""
        meta = self.fallback_fields(response)
        url = self.canonical_url(response.url)
        article = Article(source=self.name, url=url, fetched_at=now_utc())
        selectors = self.selectors_for(response)
        values = {field: getattr(self, f"extract_{field}")(response, selectors.get(field))
                  for field in FIELDS}
        if self.summary_opens_body:
            values["summary"], values["body"] = _standfirst_out_of_body(values["summary"],
                                                                        values["body"])
        if self.lead_is_summary and not values["summary"]:
            values["summary"] = next(iter_paragraphs(values["body"]), None)
        for field, value in values.items():
            setattr(article, field, value if value not in (None, "", []) else meta.get(field) or getattr(article, field))
        article.language = self.language or meta.get("language")
        return article

    def fallback_fields(self, response: Response) -> dict:
        """What fills the fields no selector found: the page's metadata, or with
        ``generic_extraction`` the generic extractor's result. That parses the page itself, so
        a source without selectors has each page parsed once."""
        if self.generic_extraction:
            # Imported on first use: trafilatura is 75 ms of every start, and only sources
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

    def extract_title(self, response, css) -> str | None:
        return self._first_text(response, css)

    def extract_summary(self, response, css) -> str | None:
        return self._first_text(response, css)

    def extract_body(self, response, css) -> str | None:
        """The text of every element the selector matches, in page order: one container, or
        the paragraphs and subheadings themselves. A match inside another one counts once."""
        matches = [node.root for node in self._select(response, css)]
        matched = set(matches)
        outermost = [element for element in matches
                     if not any(parent in matched for parent in element.iterancestors())]
        paragraphs = [paragraph for element in outermost
                      for paragraph in html_paragraphs(element, self.body_exclude)]
        return "\n\n".join(paragraphs) or None

    def extract_authors(self, response, css) -> list[str]:
        return _unique(self._all_texts(response, css))

    def extract_published_at(self, response, css) -> str | None:
        return self._date(response, css)

    def extract_modified_at(self, response, css) -> str | None:
        return self._date(response, css)

    def extract_section(self, response, css) -> str | None:
        ignored = {name.lower() for name in self.ignored_sections}
        for name in self._all_texts(response, css):
            if name.lower() not in ignored:
                return name
        return None

    def extract_tags(self, response, css) -> list[str]:
        return _unique(self._all_texts(response, css))

    def extract_image_url(self, response, css) -> str | None:
        value = self._first_text(response, css)
        return response.urljoin(value) if value else None

    def extract_image_caption(self, response, css) -> str | None:
        return self._first_text(response, css)

    # --- selector helpers -------------------------------------------------------------------

    def _select(self, response, css) -> list:
        for selector in (css,) if isinstance(css, str) else (css or ()):
            found = response.css(selector)
            if found:
                return found
        return []

    def _all_texts(self, response, css) -> list[str]:
        texts = []
        for node in self._select(response, css):
            if isinstance(node.root, str):  # ::attr() and ::text give strings
                texts.append(normalize_text(node.root))
            else:
                texts.append(element_text(node.root))
        return [text for text in texts if text]

    def _first_text(self, response, css) -> str | None:
        texts = self._all_texts(response, css)
        return texts[0] if texts else None

    def _date(self, response, css) -> str | None:
        for text in self._all_texts(response, css):
            value = to_utc_iso(text, default_tz=self.timezone, formats=self.date_formats)
            if value:
                return value
        return None


def _sitemap_body(response: Response) -> bytes | None:
    """The XML of a sitemap response, gunzipped when needed; None when it is not XML."""
    body = response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(body)
        except OSError:
            return None
    return body if body.lstrip()[:1] == b"<" else None


def _standfirst_out_of_body(summary: str | None, body: str | None) -> tuple[str | None, str | None]:
    """(summary, body) with the standfirst only in the summary, when the body opens with it;
    a summary found elsewhere in the body is no standfirst (None: the metadata's is used)."""
    paragraphs = split_paragraphs(body)
    if summary and paragraphs and _without_spaces(paragraphs[0]) == _without_spaces(summary):
        return summary, join_paragraphs(paragraphs[1:]) or None
    return None, body


def _without_spaces(text: str) -> str:
    return "".join(text.split())  # selectors and paragraphs space inline tags differently


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
