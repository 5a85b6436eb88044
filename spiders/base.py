"""The base news spider: a source's declaration, and discovery (feeds, sitemaps, section pages).

A source spider declares where its articles are listed and which selector finds each field;
this class does the discovery, and ``spiders/parser.py`` the parsing. Nothing here knows about
storage, cleaning or retries.

An exception in a callback is caught per item (an article page, a feed or sitemap entry),
counted as ``errors/exception/<parse|discovery>/<ExceptionClass>`` with one warning line, and
the rest of the feed or sitemap is read. Settings read (the limits hostile archives hit, each
counted ``errors/limit/<name>`` when hit): ``SITEMAP_MAX_SIZE`` (bytes, uncompressed),
``SITEMAP_MAX_URLS`` (entries read per sitemap), ``SITEMAP_MAX_DEPTH`` (indexes within indexes),
``SITEMAPS_PER_RUN``; ``PARSE_TIME_LIMIT`` (seconds per page: ``errors/parse_timeout``);
``URLLENGTH_LIMIT``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from datetime import timedelta
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.config import check_declaration
from crawler.extract.dates import date_from_url, parse_datetime
from crawler.extract.feeds import read_feed
from crawler.extract.markup import readable
from crawler.failures import ParseFailed, exception_kind, failure_kind
from crawler.fetch.conditional import CHECKED_AT
from crawler.items import Article
from crawler.timelimit import time_limit
from crawler.urls import host_of, replace_origin
from spiders.parser import HOOKS, LINK_LISTS, ArticleParser, unique  # noqa: F401 (LINK_LISTS: for sources)

# An index's child sitemaps are requested one at a time, below articles (0): the next one
# waits until the articles of those read so far are on their way, so a backfill holds one
# sitemap's worth of requests, not the archive's. Those still to come ride in the request's
# meta (under LATER_SITEMAPS) and are handed on whatever becomes of it.
CHILD_SITEMAP_PRIORITY = -1
LATER_SITEMAPS = "later_sitemaps"
SITEMAP_DEPTH = "sitemap_depth"  # meta: 0 for a start sitemap, 1 for one an index lists, ...
# The blocks a story's text is made of, when its container also holds ads and widgets.
STORY_BLOCKS = ("p", "h2", "h3", "ul", "ol", "blockquote")


def children(container: str, tags: Iterable[str] = STORY_BLOCKS) -> str:
    """A body selector: the ``tags`` directly in ``container`` (CSS)."""
    return ", ".join(f"{container} > {tag}" for tag in tags)


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
    # Fields no selector fills come from the page's metadata (the summary excepted: it is the
    # visible standfirst or nothing); with this, from generic extraction (metadata plus the
    # main text), so the source needs no body selector.
    generic_extraction: ClassVar[bool] = False
    # How pages are fetched: an HTTP(S) proxy of the source's own (crawler/fetch/proxy.py); and
    # article pages rendered by a headless browser, for sites that fill them with JavaScript
    # (crawler/fetch/render.py).
    proxy: ClassVar[str | None] = None
    render: ClassVar[bool] = False
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
                 parse_pool=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.origin).rstrip("/")
        self.since = parse_datetime(since) if since else None
        if since and self.since is None:
            raise ValueError(f"since: {since!r} is not a date (use YYYY-MM-DD)")
        self._fetch_hosts = {host_of(self.origin), *self.host_aliases}
        self._article_hosts = frozenset({host_of(self.base_url), *self._fetch_hosts})
        self.allowed_domains = sorted(self._article_hosts)
        self._article_pattern = re.compile(self.article_url) if self.article_url else None
        self._requested: set[str] = set()
        self._sitemap_depths: dict[str, int] = {}  # sitemap URL -> depth, for those indexes list
        self._sitemaps_requested = 0
        self.parser = ArticleParser(type(self), self.base_url)
        # Worker processes that parse pages with the same parsers (crawler.run.parse_workers); without
        # them, pages are parsed here.
        self.parse_pool = parse_pool

    # The parsing methods the source defines itself (``extract_<field>``, ``canonical_url``):
    # collected when the class is made, run by its ArticleParser.
    parse_hooks: ClassVar[dict] = {}

    def __init_subclass__(cls, **kwargs: Any):
        """A declaration is checked when its class is made: a misspelled selector key fails
        the import, naming the source and the key."""
        super().__init_subclass__(**kwargs)
        where = f"{cls.__module__}.{cls.__qualname__}"
        check_declaration(cls.selectors, cls.layouts, where)
        cls.parse_hooks = _parse_hooks(cls, where)

    # --- discovery ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for feed in self.feeds:
            yield self._discovery_request(feed, self.parse_feed, conditional=True)
        for sitemap in (*self.sitemaps, *(self.backfill_sitemaps if self.since else ())):
            self._sitemaps_requested += 1
            request = self._discovery_request(sitemap, self.parse_sitemap, conditional=True)
            request.meta["download_maxsize"] = self._sitemap_max_size()
            yield request
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
        yield from self._each_entry(response, feed.entries, self._feed_entry_requests)

    def _feed_entry_requests(self, response: Response, entry) -> Iterable[scrapy.Request]:
        link, published = entry
        url = _absolute(response, link)
        if url and not self._older_than_since(published, url):
            yield from self.article_requests([url], response.url)

    def _each_entry(self, response: Response, entries: Iterable,
                    requests_of) -> Iterable[scrapy.Request]:
        """``requests_of(response, entry)`` for every entry: one that raises is counted and
        passed over, and the entries after it are read."""
        for entry in entries:
            try:
                requests = list(requests_of(response, entry))
            except Exception as error:
                self._exception("discovery", error, response.url)
                continue
            yield from requests

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        if cls.render:  # article pages through a headless browser (crawler/fetch/render.py)
            from crawler.fetch.render import render_settings

            settings.setdict(render_settings(settings), priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._on_request_dropped, signal=signals.request_dropped)
        return spider

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        child_sitemaps: list[str] = []
        if not self._not_modified(response):
            yield from self._read_sitemap(response, child_sitemaps)
        # The last listed first: the newest, in the archives we know.
        yield from self._next_sitemap(response.request, first=reversed(child_sitemaps))

    def _next_sitemap(self, request: scrapy.Request,
                      first: Iterable[str] = ()) -> Iterable[scrapy.Request]:
        """The next sitemap of the chain ``request`` came in, after ``first`` (an index's own)."""
        queue = [*first, *request.meta.get(LATER_SITEMAPS, ())]
        # Scrapy's URL-length middleware would drop an overlong one without a word, and the
        # rest of the chain, riding in its meta, with it.
        limit = self._setting("URLLENGTH_LIMIT")
        while queue and limit and len(queue[0]) > limit:
            self._count("errors/url_too_long")
            self.logger.warning("url_too_long: sitemap %s…", queue.pop(0)[:200])
        per_run = self._setting("SITEMAPS_PER_RUN")
        if queue and per_run and self._sitemaps_requested >= per_run:
            # An archive that never ends (an index naming new indexes) must not starve the run.
            self._limit_hit("sitemaps_per_run", f"{len(queue)} sitemaps not read", len(queue))
            return
        if queue:
            self._sitemaps_requested += 1
            yield scrapy.Request(queue[0], self.parse_sitemap, errback=self.on_error,
                                 priority=CHILD_SITEMAP_PRIORITY,
                                 meta={"discovery": True, "conditional": True,
                                       LATER_SITEMAPS: queue[1:],
                                       SITEMAP_DEPTH: self._sitemap_depths.get(queue[0], 0),
                                       "download_maxsize": self._sitemap_max_size()})

    def _on_request_dropped(self, request: scrapy.Request) -> None:
        """A child sitemap the scheduler refused (already fetched this run) passes the chain on."""
        for later in self._next_sitemap(request):
            self.crawler.engine.crawl(later)

    def _read_sitemap(self, response: Response, child_sitemaps: list[str]
                      ) -> Iterable[scrapy.Request]:
        """Requests for the articles of a sitemap; an index's sitemaps go to
        ``child_sitemaps``."""
        max_size = self._sitemap_max_size()
        try:
            body = _sitemap_body(response, max_size)
        except ParseFailed as refused:
            self._limit_hit(refused.kind.split("/", 1)[1], f"{refused.detail}: {response.url}")
            self._count("discovery/failed")
            return
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
        depth = response.request.meta.get(SITEMAP_DEPTH, 0) if response.request else 0
        if sitemap.type == "sitemapindex" and depth >= self._setting("SITEMAP_MAX_DEPTH", 2):
            self._limit_hit("sitemap_depth", f"index {depth} deep not walked: {response.url}")
            return
        yield from self._each_entry(response, self._capped(sitemap, response.url),
                                    lambda response, entry: self._sitemap_entry_requests(
                                        response, sitemap.type, entry, child_sitemaps, depth))

    def _capped(self, sitemap: Sitemap, url: str) -> Iterable[dict]:
        """The sitemap's entries, up to ``SITEMAP_MAX_URLS`` (the protocol allows 50,000)."""
        cap = self._setting("SITEMAP_MAX_URLS")
        for read, entry in enumerate(sitemap):
            if cap and read >= cap:
                self._limit_hit("sitemap_urls", f"entries after the first {cap} not read: {url}")
                return
            yield entry

    def _sitemap_entry_requests(self, response: Response, kind: str, entry: dict,
                                child_sitemaps: list[str], depth: int
                                ) -> Iterable[scrapy.Request]:
        url = _absolute(response, entry.get("loc"))
        lastmod = entry.get("lastmod")
        if not url or self._older_than_since(lastmod, None):
            return
        if kind == "sitemapindex":
            child = self.fetch_url(url)
            if not self._listed_before(response, child, lastmod):
                child_sitemaps.append(child)
                self._sitemap_depths[child] = depth + 1
        elif not self._listed_before(response, response.url, lastmod):
            yield from self.article_requests([url], response.url)

    def _sitemap_max_size(self) -> int:
        return self._setting("SITEMAP_MAX_SIZE", 50 * 1024 * 1024)

    def _setting(self, name: str, default: int = 0) -> int:
        return self.settings.getint(name, default) if hasattr(self, "settings") else default

    def parse_section(self, response: Response, page: int) -> Iterable[scrapy.Request]:
        self._count("discovery/section")
        # lxml's own strings: a listing page has a few hundred links, and a selector per link
        # cost more than the rest of this method.
        hrefs = response.selector.root.xpath("//a/@href")
        links = [_absolute(response, href) for href in unique(hrefs)]
        articles = [link for link in links if link and self.is_article_url(link)]
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
        crawler.fetch.conditional) unless all of them could be fetched."""
        return self._requests_for((url for url in urls if self.is_article_url(url)), listed_by)

    def _requests_for(self, article_urls: Iterable[str],
                      listed_by: str | None = None) -> Iterable[scrapy.Request]:
        """``article_requests`` for URLs known to be article URLs."""
        for url in article_urls:
            canonical = self.parser.canonical_url(url)
            if canonical in self._requested:
                continue
            self._requested.add(canonical)
            yield scrapy.Request(self.fetch_url(url), self.parse_article, errback=self.on_error,
                                 meta={"article": True, "canonical": canonical,
                                       "listed_by": listed_by})

    def fetch_url(self, url: str) -> str:
        """Where to download ``url`` from: the source's hosts are served by ``base_url``."""
        if host_of(url) in self._fetch_hosts and self.base_url != self.origin:
            return replace_origin(url, self.base_url)
        return url

    def _discovery_request(self, url_or_path: str, callback, *, conditional: bool = False,
                           **kwargs) -> scrapy.Request:
        """``conditional``: a feed or sitemap, fetched with the validators of the last complete
        run (crawler.fetch.conditional); its callback gets a 304 when it did not change."""
        url = url_or_path if "://" in url_or_path else self.base_url + url_or_path
        return scrapy.Request(self.fetch_url(url), callback, cb_kwargs=kwargs,
                              errback=self.on_error,
                              meta={"discovery": True, "conditional": conditional})

    def _listed_before(self, response: Response, sitemap_url: str, lastmod: str | None) -> bool:
        """Whether a complete run read ``sitemap_url`` after ``lastmod``: per feed or sitemap
        URL, the response's meta brings when (crawler.fetch.conditional, under CHECKED_AT)."""
        checked = response.meta.get(CHECKED_AT, {}).get(sitemap_url)
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

    def _exception(self, stage: str, error: Exception, url: str) -> None:
        """An exception in a callback, for one page or entry: counted, one line in the log."""
        kind = exception_kind(stage, error)
        self._count(f"errors/{kind}")
        self.logger.warning("%s: %s (%s)", kind, url, str(error)[:200])

    def _limit_hit(self, name: str, detail: str, count: int = 1) -> None:
        self._count(f"errors/limit/{name}", count)
        self.logger.warning("limit/%s: %s", name, detail)

    def _count(self, key: str, count: int = 1) -> None:
        if getattr(self, "crawler", None):
            self.crawler.stats.inc_value(key, count)

    # --- parsing (spiders/parser.py) -------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Article]:
        self._count("articles/fetched")
        if not isinstance(response, scrapy.http.TextResponse):
            self._count("errors/not_html")
            self.logger.warning("not_html: %s", response.url)
            return
        try:
            if self.parse_pool:
                article = await self.parse_pool.build_article(self.name, response, self._count)
            else:
                with time_limit(self.settings.getfloat("PARSE_TIME_LIMIT")):
                    response, flattened = readable(response)
                    if flattened:
                        self._count("parse/flattened_markup")
                    article = self.parser.build_article(response)
        except Exception as error:  # the page is lost, counted; the crawl goes on
            self._exception("parse", error, response.url)
            return
        yield article

    def build_article(self, response: Response) -> Article:
        return self.parser.build_article(response)

    def selectors_for(self, response: Response) -> dict[str, str | tuple[str, ...]]:
        return self.parser.selectors_for(response)

    def canonical_url(self, url: str) -> str:
        """The URL an article is stored under; a source with article ids defines its own."""
        return self.parser.canonical_url(url)

    def default_canonical_url(self, url: str) -> str:
        return self.parser.default_canonical_url(url)


def _absolute(response: Response, link: str | None) -> str | None:
    """``link`` made absolute against the page; None when it is no URL ("http://[::1")."""
    if not link or not link.strip():
        return None
    try:
        return response.urljoin(link.strip())
    except ValueError:
        return None


def _sitemap_body(response: Response, max_size: int) -> bytes | None:
    """The XML of a sitemap response, gunzipped when needed; None when it is not XML.

    Raises ``ParseFailed`` for one that would explode: over ``max_size`` bytes inflated
    (``limit/inflated_size``), or with a DTD (``limit/sitemap_dtd``: sitemaps have none, and
    its entities are how a small file becomes gigabytes).
    """
    body = response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(body, max_size=max_size)
        except ValueError:  # Scrapy's _DecompressionMaxSizeExceeded
            raise ParseFailed("limit/inflated_size", f"over {max_size} bytes inflated") from None
        except OSError:
            return None
    if max_size and len(body) > max_size:
        raise ParseFailed("limit/inflated_size", f"over {max_size} bytes")
    if body.lstrip()[:1] != b"<":
        return None
    root = _ROOT_ELEMENT.search(body, 0, 64 * 1024)
    if b"<!DOCTYPE" in body[:root.start() if root else 64 * 1024].upper():
        raise ParseFailed("limit/sitemap_dtd", "a DTD in a sitemap")
    return body


# The first element of a document, after its prolog (the XML declaration, comments, a DTD).
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")


def _parse_hooks(cls: type, where: str) -> dict:
    """The ``HOOKS`` that ``cls`` or a source class it derives from defines."""
    hooks = {}
    for klass in cls.__mro__:
        if klass is NewsSpider:
            break
        for name in HOOKS:
            function = vars(klass).get(name)
            if function is None or name in hooks:
                continue
            code = getattr(function, "__code__", None)
            if code is not None and "__class__" in code.co_freevars:
                # It runs with the parser as ``self``, which super() cannot take.
                raise TypeError(f"{where}.{name}: use self.first_text / all_texts / date / "
                                f"body / default_canonical_url instead of super()")
            hooks[name] = function
    return hooks
