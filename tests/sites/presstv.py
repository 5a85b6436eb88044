"""A small mirror of Press TV's structure: feed, section pages, monthly sitemaps, articles.

Articles are written from one template that mirrors the real page (see
``tests/fixtures/presstv/seed-article.html``), so the crawl exercises the same selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.sites.server import Route

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - PressTV</title>
<meta property="og:image" content="https://cdn.presstv.ir/Photo/{y}/{m:02d}/{d:02d}/{id}.jpg">
</head><body>
<header><nav><a href="/Section/101">Iran</a> <a href="/Section/102">West Asia</a></nav></header>
<div class="body-content details-page"><div class="row"><div class="col-md-9">
 <div class="news-section-container"><a href="/">News</a> / <a href="/Section/{sid}">{section}</a> / <a href="/Section/901">BreakingNews</a></div>
 <h1 class="news-title-container">{title}</h1>
 <div class="detail-container-left"><time class="news-modifydate-container" datetime="{stamp}">{stamp}</time></div>
 <div class="news-image-container"><figure><img src="x.jpg"><figcaption>{section} scene (AFP Photo)</figcaption></figure></div>
 <div class="news-body-container">
{paragraphs}
  <p>Press TV’s website can also be accessed at the following alternate addresses:</p>
  <p><a href="https://www.presstv.co.uk">www.presstv.co.uk</a></p>
 </div>
</div><div class="col-md-3"><a href="/Detail/{y}/{m:02d}/{d:02d}/{id}/{slug}">{title}</a></div></div></div>
</body></html>
"""
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
        return f"/Detail/{self.y}/{self.m:02d}/{self.d:02d}/{self.id}/{self.slug}"

    @property
    def canonical(self) -> str:
        return f"https://www.presstv.ir/Detail/{self.y}/{self.m:02d}/{self.d:02d}/{self.id}"

    @property
    def title(self) -> str:
        return f"Story number {self.id} on {SECTIONS[self.sid]} affairs"

    def paragraphs(self, edited: bool = False) -> list[str]:
        text = []
        for n in range(4):
            words = [WORDS[(self.id * 7 + n * 3 + k) % len(WORDS)] for k in range(18)]
            text.append(f"Paragraph {n + 1} of story {self.id}: " + " ".join(words) + ".")
        if edited:
            text.append("Update: the ministry later confirmed the figures.")
        return text

    def html(self, edited: bool = False) -> str:
        paragraphs = "\n".join(f"  <p>{p}</p>" for p in self.paragraphs(edited))
        stamp = f"Monday, {self.d:02d} May {self.y} 10:30 AM"
        return TEMPLATE.format(title=self.title, section=SECTIONS[self.sid], stamp=stamp,
                               paragraphs=paragraphs, slug=self.slug, **vars(self))


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
        page = root / article.path.lstrip("/")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(article.html(), encoding="utf-8")
    newest = articles[:8]
    _write(root / "rss.xml", _rss(newest))
    for sid in SECTIONS:
        listed = [a for a in articles[8:20] if a.sid == sid]
        for page_number, chunk in ((1, listed[:3]), (2, listed[3:])):
            links = "".join(f'<a class="hover-effect" href="{a.path}">{a.title}</a>\n' for a in chunk)
            nav = f'<li class="next"><a href="/Section/{sid}/{page_number + 1}">Next</a></li>'
            html = f"<html><body><div class='section-data'>{links}</div>{nav}</body></html>"
            _write(root / "Section" / str(sid) / f"{page_number}.html", html)
            if page_number == 1:
                _write(root / "Section" / f"{sid}.html", html)
    _write(root / "sitemap.xml", _sitemap_index(["2024-05"]))
    _write(root / "SiteMap" / "2024-05" / "sitemap-news-2024-05.xml", _urlset(articles))
    return {
        # The same story linked with a lower-case /detail/ and another slug from the feed.
        f"/detail/{newest[0].y}/{newest[0].m:02d}/{newest[0].d:02d}/{newest[0].id}/old-slug":
            Route(200, newest[0].html().encode(), {"Content-Type": "text/html; charset=utf-8"}),
        "/Detail/2024/05/30/799998/Gone-story": Route(404, b"gone", {"Content-Type": "text/html"}),
        "/Detail/2024/05/30/799999/Moved-story": Route.redirect(articles[-1].path),
    }


def _rss(articles: list[FixtureArticle]) -> str:
    items = "".join(f"<item><title>{a.title}</title><link>https://www.presstv.ir{a.path}</link></item>"
                    for a in articles)
    extra = ("<item><title>old url</title><link>https://www.presstv.co.uk/detail/"
             f"{articles[0].y}/{articles[0].m:02d}/{articles[0].d:02d}/{articles[0].id}/old-slug</link></item>"
             "<item><title>gone</title><link>https://www.presstv.ir/Detail/2024/05/30/799998/Gone-story</link></item>"
             "<item><title>moved</title><link>https://www.presstv.ir/Detail/2024/05/30/799999/Moved-story</link></item>")
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Press TV</title>{items}{extra}</channel></rss>'


def _sitemap_index(months: list[str]) -> str:
    entries = "".join(f"<sitemap><loc>https://www.presstv.ir/SiteMap/{m}/sitemap-news-{m}.xml</loc>"
                      f"<lastmod>{m}-28</lastmod></sitemap>" for m in months)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'


def _urlset(articles: list[FixtureArticle]) -> str:
    entries = "".join(f"<url><loc>https://www.presstv.ir{a.path}</loc></url>" for a in articles)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
