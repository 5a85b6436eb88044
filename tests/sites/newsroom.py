"""A Press TV-shaped site that changes between crawls, for the incremental tests.

An archive of old articles and a few recent ones; the test publishes a story, edits one and
"trivially" edits another (a share counter, spacing, case) between crawls. Files carry an ETag
and a conditional GET of an unchanged one gets a 304, as on a real site behind a CDN.

Discovery (what the ``presstv`` spider reads): ``/rss.xml`` lists the recent articles;
``/rss/rss-101.xml`` lists a few archived ones and never changes; ``/Section/101`` lists the
recent ones, ``/Section/101/2`` some archived ones; ``/sitemap.xml`` (walked with ``--since``)
is an index of the archive's monthly sitemap and of ``/SiteMap/latest.xml``, each entry with
its ``lastmod``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.mirror_site import (
    CANONICAL_ORIGIN,
    PLAIN,
    TEHRAN,
    plain_article_page,
    rss_feed,
    section_page,
    sitemap_index,
    urlset,
    write_text,
)
from tests.sites.presstv import SECTIONS, FixtureArticle
from tests.sites.server import FixtureSite, Route


@dataclass
class LiveArticle(FixtureArticle):
    """A fixture article with a real publication time and a version the site serves."""

    published: datetime = datetime(2024, 5, 1, 7, 0, tzinfo=timezone.utc)
    lastmod: datetime | None = None
    version: str = "original"  # original | edited (a new paragraph) | trivial (counter, spacing)

    @classmethod
    def at(cls, id: int, published: datetime) -> "LiveArticle":
        local = published.astimezone(TEHRAN)  # Press TV dates its URLs in Tehran time
        return cls(id=id, y=local.year, m=local.month, d=local.day,
                   sid=101 + id % 2, published=published, lastmod=published)

    def published_at(self) -> datetime:
        return self.published

    def paragraphs(self, edited: bool = False) -> list[str]:
        text = super().paragraphs(edited or self.version == "edited")
        shares = "1,234" if self.version == "trivial" else "12"
        return [*text, f"{shares} shares"]

    def html(self, edited: bool = False) -> str:
        paragraphs = self.paragraphs(edited)
        title = self.title
        if self.version == "trivial":
            paragraphs = [p.replace(" ", "  ", 3) for p in paragraphs]
            title = title.upper()
        return plain_article_page(self.record(title), paragraphs,
                                  caption=f"{SECTIONS[self.sid]} scene (AFP Photo)")


class Newsroom:
    def __init__(self, root: Path, archived: int = 60, recent: int = 3):
        self.root = root
        may_2024, now = datetime(2024, 5, 1, 7, tzinfo=timezone.utc), datetime.now(timezone.utc)
        self.archive = [LiveArticle.at(710000 + n, may_2024 + timedelta(days=n % 28))
                        for n in range(archived)]
        self.recent = [LiveArticle.at(720000 + n, now.replace(microsecond=0) - timedelta(hours=3 + n))
                       for n in range(recent)]
        self.write()

    @property
    def articles(self) -> list[LiveArticle]:
        return [*self.recent, *self.archive]

    def publish(self) -> LiveArticle:
        moment = datetime.now(timezone.utc).replace(microsecond=0)
        article = LiveArticle.at(720000 + len(self.recent), moment - timedelta(minutes=5))
        article.lastmod = moment
        self.recent.insert(0, article)
        self.write()
        return article

    def edit(self, article: LiveArticle, version: str) -> None:
        """``edited`` articles get a new ``lastmod``; a trivial change goes unannounced."""
        article.version = version
        if version == "edited":
            article.lastmod = datetime.now(timezone.utc).replace(microsecond=0)
        self.write()

    def write(self) -> None:
        for article in self.articles:
            write_text(self.root, article.path, article.html())
        write_text(self.root, "/rss.xml", _feed(self.recent))
        write_text(self.root, "/rss/rss-101.xml", _feed(self.archive[:5]))
        write_text(self.root, "/Section/101.html", section_page("Iran", self.recent, PLAIN))
        write_text(self.root, "/Section/101/2.html", section_page("Iran", self.archive[5:10], PLAIN))
        latest = max(article.lastmod for article in self.recent)
        write_text(self.root, "/sitemap.xml", sitemap_index([
            (ORIGIN + "/SiteMap/2024-05/sitemap-news-2024-05.xml", date(2024, 5, 28)),
            (ORIGIN + "/SiteMap/latest.xml", latest)]))
        write_text(self.root, "/SiteMap/2024-05/sitemap-news-2024-05.xml", _urlset(self.archive))
        write_text(self.root, "/SiteMap/latest.xml", _urlset(self.recent))


class ConditionalSite(FixtureSite):
    """A FixtureSite whose files carry an ETag; a matching If-None-Match gets a 304."""

    def __init__(self, root: Path, routes: dict[str, Route] | None = None):
        super().__init__(root, routes)
        self.not_modified: Counter[str] = Counter()
        site, plain_handler = self, self.server.RequestHandlerClass

        class Handler(plain_handler):
            def do_GET(self):
                path = urlsplit(self.path).path
                etag = site._file_route(path).headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    site.hits[path] += 1
                    site.not_modified[path] += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                super().do_GET()

        self.server.RequestHandlerClass = Handler

    def _file_route(self, path: str) -> Route:
        route = super()._file_route(path)
        if route.status == 200:
            route.headers["ETag"] = '"%s"' % hashlib.sha1(route.body).hexdigest()
        return route


ORIGIN = CANONICAL_ORIGIN


def _feed(articles: list[LiveArticle]) -> str:
    return rss_feed(ORIGIN, [(a.title, ORIGIN + a.path) for a in articles])


def _urlset(articles: list[LiveArticle]) -> str:
    return urlset([(ORIGIN + a.path, a.lastmod) for a in articles])
