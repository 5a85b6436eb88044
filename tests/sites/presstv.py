"""A small mirror of Press TV's structure: feed, section pages, monthly sitemaps, articles.

The structure (URLs, page template, feed, section pages, sitemaps) is the benchmark mirror's
(``benchmarks/mirror_site.py``), in its plain form: small pages with only what the spider
reads. What is the tests' own is the articles (short, predictable bodies the tests assert)
and how discovery is split between feed, sections and sitemap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from benchmarks.mirror_site import (
    CANONICAL_ORIGIN,
    PLAIN,
    TEHRAN,
    ArticleRecord,
    detail_path,
    monthly_sitemap_path,
    plain_article_page,
    rss_feed,
    sitemap_index,
    urlset,
    write_section_pages,
    write_text,
)
from tests.sites.server import Route

SECTIONS = {101: "Iran", 102: "West Asia"}
WORDS = ("officials minister said talks government council security region economy sanctions "
         "parliament forces agreement statement report week country people").split()


@dataclass
class FixtureArticle:
    id: int
    y: int
    m: int
    d: int
    sid: int

    @property
    def slug(self) -> str:
        return f"Story-{self.id}-"

    @property
    def path(self) -> str:
        return detail_path(date(self.y, self.m, self.d), self.id, self.slug)

    @property
    def canonical(self) -> str:
        return f"{CANONICAL_ORIGIN}/Detail/{self.y}/{self.m:02d}/{self.d:02d}/{self.id}"

    @property
    def title(self) -> str:
        return f"Story number {self.id} on {SECTIONS[self.sid]} affairs"

    def published_at(self) -> datetime:
        return datetime(self.y, self.m, self.d, 10, 30, tzinfo=TEHRAN).astimezone(timezone.utc)

    def record(self, title: str | None = None) -> ArticleRecord:
        """The article as the mirror's template takes it."""
        published = self.published_at()
        return ArticleRecord(index=0, article_id=self.id, published=published, modified=published,
                             title=title or self.title, slug=self.slug,
                             section=(self.sid, SECTIONS[self.sid]))

    def paragraphs(self, edited: bool = False) -> list[str]:
        text = []
        for n in range(4):
            words = [WORDS[(self.id * 7 + n * 3 + k) % len(WORDS)] for k in range(18)]
            text.append(f"Paragraph {n + 1} of story {self.id}: " + " ".join(words) + ".")
        if edited:
            text.append("Update: the ministry later confirmed the figures.")
        return text

    def html(self, edited: bool = False) -> str:
        return plain_article_page(self.record(), self.paragraphs(edited),
                                  caption=f"{SECTIONS[self.sid]} scene (AFP Photo)")


def fixture_articles(count: int = 24) -> list[FixtureArticle]:
    return [FixtureArticle(id=700000 + n, y=2024, m=5, d=1 + n % 28, sid=101 + n % 2)
            for n in range(count)]


def build_presstv_site(root: Path, articles: list[FixtureArticle]) -> dict[str, Route]:
    """Write the site under ``root``; return the special routes (404, redirect, two URLs).

    Discovery is split so each way is needed: the feed lists the newest 8, section pages
    (two pages each) list the next ones, and the sitemap lists them all (backfill only).
    """
    root.mkdir(parents=True, exist_ok=True)
    for article in articles:
        write_text(root, article.path, article.html())
    newest = articles[:8]
    first = newest[0]
    alias = f"/detail/{first.y}/{first.m:02d}/{first.d:02d}/{first.id}/old-slug"
    gone, moved = "/Detail/2024/05/30/799998/Gone-story", "/Detail/2024/05/30/799999/Moved-story"
    write_text(root, "/rss.xml", rss_feed(CANONICAL_ORIGIN, [
        *((a.title, CANONICAL_ORIGIN + a.path) for a in newest),
        ("old url", "https://www.presstv.co.uk" + alias),
        ("gone", CANONICAL_ORIGIN + gone), ("moved", CANONICAL_ORIGIN + moved)]))
    for sid, name in SECTIONS.items():
        listed = [a for a in articles[8:20] if a.sid == sid]
        write_section_pages(root, sid, name, listed, per_page=3, chrome=PLAIN)
    month = "2024-05"
    write_text(root, "/sitemap.xml", sitemap_index(
        [(CANONICAL_ORIGIN + monthly_sitemap_path(month), date(2024, 5, 28))]))
    write_text(root, monthly_sitemap_path(month),
               urlset([(CANONICAL_ORIGIN + a.path, None) for a in articles]))
    return {
        # The same story linked with a lower-case /detail/ and another slug from the feed.
        alias: Route(200, first.html().encode(), {"Content-Type": "text/html; charset=utf-8"}),
        gone: Route(404, b"gone", {"Content-Type": "text/html"}),
        moved: Route.redirect(articles[-1].path),
    }
