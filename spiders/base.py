"""The base news spider: discovery (feeds, sitemaps, section pages) and declarative parsing.

A source spider declares where its articles are listed and which selector finds each field;
this class does the rest. Nothing here knows about storage, cleaning or retries.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from typing import Any, ClassVar

import feedparser
import scrapy
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.extract.dates import date_from_url, now_utc, parse_datetime, to_utc_iso
from crawler.extract.metadata import page_metadata
from crawler.extract.text import element_text, html_paragraphs, normalize_text
from crawler.items import Article
from crawler.urls import canonical_url, host_of, origin_of, replace_origin

FIELDS = ("title", "summary", "body", "authors", "published_at", "modified_at", "section",
          "tags", "image_url", "image_caption")


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
    body_exclude: ClassVar[tuple[str, ...]] = ()  # CSS removed from the body before reading
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
        self.allowed_domains = sorted({host_of(self.base_url), *self._fetch_hosts})
        self._article_pattern = re.compile(self.article_url) if self.article_url else None
        self._requested: set[str] = set()

    # --- discovery ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for feed in self.feeds:
            yield self._discovery_request(feed, self.parse_feed)
        for sitemap in (*self.sitemaps, *(self.backfill_sitemaps if self.since else ())):
            yield self._discovery_request(sitemap, self.parse_sitemap)
        for section in self.sections:
            yield self._discovery_request(section, self.parse_section, page=1)

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        self._count("discovery/feed")
        feed = feedparser.parse(response.body)
        if not feed.entries:
            self._discovery_failed(response, "invalid_feed" if feed.bozo else "empty_feed")
            return
        for entry in feed.entries:
            link = entry.get("link") or entry.get("id")
            published = entry.get("published") or entry.get("updated")
            if link and not self._older_than_since(published, link):
                yield from self.article_requests([response.urljoin(link)])

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
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
            if not loc or self._older_than_since(entry.get("lastmod"), None):
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(self.fetch_url(response.urljoin(loc)), self.parse_sitemap,
                                     errback=self.on_error, meta={"discovery": True})
            else:
                yield from self.article_requests([response.urljoin(loc)])

    def parse_section(self, response: Response, page: int) -> Iterable[scrapy.Request]:
        self._count("discovery/section")
        links = [response.urljoin(href) for href in response.css("a::attr(href)").getall()]
        articles = [link for link in links if self.is_article_url(link)]
        yield from self.article_requests(articles)
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
        if host_of(url) not in self._fetch_hosts | {host_of(self.base_url)}:
            return False
        return bool(self._article_pattern.search(url)) if self._article_pattern else True

    def article_requests(self, urls: Iterable[str]) -> Iterable[scrapy.Request]:
        """One request per article not yet asked for in this run, whatever URL it came by."""
        for url in urls:
            if not self.is_article_url(url):
                continue
            canonical = self.canonical_url(url)
            if canonical in self._requested:
                continue
            self._requested.add(canonical)
            yield scrapy.Request(self.fetch_url(url), self.parse_article, errback=self.on_error,
                                 meta={"article": True, "canonical": canonical})

    def canonical_url(self, url: str) -> str:
        """The URL an article is stored under; override where the site has an article id."""
        return canonical_url(url, self.origin, self._canonical_hosts)

    def fetch_url(self, url: str) -> str:
        """Where to download ``url`` from: the source's hosts are served by ``base_url``."""
        if host_of(url) in self._fetch_hosts and self.base_url != self.origin:
            return replace_origin(url, self.base_url)
        return url

    def _discovery_request(self, url_or_path: str, callback, **kwargs) -> scrapy.Request:
        url = url_or_path if "://" in url_or_path else self.base_url + url_or_path
        return scrapy.Request(self.fetch_url(url), callback, cb_kwargs=kwargs,
                              errback=self.on_error, meta={"discovery": True})

    def _older_than_since(self, value: str | None, url: str | None) -> bool:
        if not self.since:
            return False
        moment = parse_datetime(value) if value else None
        if moment is None and url:
            moment = parse_datetime(date_from_url(url))
        return moment is not None and moment < self.since

    # --- errors ---------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        response = getattr(failure.value, "response", None)
        kind = f"http_{response.status}" if response is not None else failure.type.__name__
        self._count(f"errors/{kind}")
        if request.meta.get("discovery"):
            self._count("discovery/failed")
        self.logger.warning("%s: %s", kind, request.url)

    def _discovery_failed(self, response: Response, reason: str) -> None:
        self._count(f"errors/{reason}")
        self._count("discovery/failed")
        self.logger.warning("%s: %s", reason, response.url)

    def _count(self, key: str) -> None:
        if getattr(self, "crawler", None):
            self.crawler.stats.inc_value(key)

    # --- parsing --------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterable[Article]:
        self._count("articles/fetched")
        if not isinstance(response, scrapy.http.TextResponse):
            self._count("errors/not_html")
            self.logger.warning("not_html: %s", response.url)
            return
        yield self.build_article(response)

    def build_article(self, response: Response) -> Article:
        """Every field by its selector, its method, or the page's metadata, in that order."""
        meta = page_metadata(response.selector.root)
        url = self.canonical_url(response.url)
        article = Article(source=self.name, url=url, fetched_at=now_utc())
        selectors = self.selectors_for(response)
        for field in FIELDS:
            value = getattr(self, f"extract_{field}")(response, selectors.get(field))
            setattr(article, field, value if value not in (None, "", []) else meta.get(field) or getattr(article, field))
        article.language = self.language or meta.get("language")
        return article

    def selectors_for(self, response: Response) -> dict[str, str | tuple[str, ...]]:
        """The selectors for this page; a source with several layouts chooses here."""
        return self.selectors

    def extract_title(self, response, css) -> str | None:
        return self._first_text(response, css)

    def extract_summary(self, response, css) -> str | None:
        return self._first_text(response, css)

    def extract_body(self, response, css) -> str | None:
        for container in self._select(response, css):
            paragraphs = html_paragraphs(container.root, self.body_exclude)
            if paragraphs:
                return "\n\n".join(paragraphs)
        return None

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


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
