"""A small news site with nothing site-specific: an RSS feed, a sitemap, and article pages that
describe themselves in JSON-LD and OpenGraph, which is what generic extraction reads.

``redesigned=True`` serves the same stories after a "redesign" that lost the structured data:
no JSON-LD, no meta tags, and only a relative date on the page ("2 hours ago").
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path

from tests.sites.server import FixtureSite

SITE_NAME = "Daily Example"
WORDS = ("council river bridge budget vote residents mayor plan school harbour transport "
         "museum weather market festival hospital library station").split()
ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Daily Example</title>
{metadata}
</head><body>
<header class="site-header"><a href="/">Daily Example</a>
 <nav><a href="/world">World</a> <a href="/city">City</a> <a href="/about">About</a></nav></header>
<main>
<div class="story-header"><h1>{title}</h1>
 <div class="standfirst">{standfirst}</div>
 <time class="dateline">{dateline}</time></div>
<article class="story-body">
{paragraphs}
</article>
<aside class="related"><h2>More stories</h2><ul>
 <li><a href="/news/elsewhere-1">Another story from the city</a></li>
 <li><a href="/news/elsewhere-2">And one more from the region</a></li></ul></aside>
</main>
<footer><p>© 2024 Daily Example. All rights reserved.</p></footer>
</body></html>
"""
METADATA = """<meta property="og:site_name" content="Daily Example">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:image" content="{image}">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{jsonld}</script>"""


@dataclass
class NewsStory:
    n: int

    @property
    def path(self) -> str:
        return f"/news/{WORDS[self.n]}-story-{self.n}"

    @property
    def title(self) -> str:
        return f"The {WORDS[self.n]} story, part {self.n}"

    @property
    def standfirst(self) -> str:
        return f"What the {WORDS[self.n]} decision means for the city this week."

    @property
    def description(self) -> str:  # the meta description differs from the printed standfirst
        return f"Our report on the {WORDS[self.n]} decision."

    @property
    def published_at(self) -> str:  # UTC; the page writes it in Berlin summer time
        return f"2024-05-{self.n + 1:02d}T07:30:00Z"

    @property
    def modified_at(self) -> str:
        return f"2024-05-{self.n + 1:02d}T10:00:00Z"

    @property
    def image_url(self) -> str:
        return f"https://cdn.example.org/images/{self.n}.jpg"

    @property
    def author(self) -> str:
        return ("Ana Lima", "Ben Okafor", "Chen Wei", "Dora Novak", "Emil Berg")[self.n % 5]

    @property
    def section(self) -> str:
        return ("City", "World")[self.n % 2]

    @property
    def tags(self) -> list[str]:
        return [WORDS[self.n].capitalize(), "Local politics"]

    def paragraphs(self) -> list[str]:
        text = []
        for k in range(5):
            words = " ".join(WORDS[(self.n * 5 + k * 3 + i) % len(WORDS)] for i in range(24))
            text.append(f"Paragraph {k + 1} of the {WORDS[self.n]} story tells of {words}.")
        return text

    def stored(self, base: str) -> dict:
        """The row generic extraction should store for this story, but for ``summary``."""
        body = "\n\n".join(self.paragraphs())
        return {"url": base + self.path, "title": self.title, "body": body,
                "authors": [self.author], "published_at": self.published_at,
                "modified_at": self.modified_at, "section": self.section, "tags": self.tags,
                "language": "en", "image_url": self.image_url,
                "word_count": len(body.split())}

    def html(self, base: str, redesigned: bool = False) -> str:
        url = base + self.path
        metadata = "" if redesigned else METADATA.format(
            title=escape(self.title), description=escape(self.description),
            image=self.image_url, url=url,
            jsonld=json.dumps(self.jsonld(base)))
        dateline = "Updated 2 hours ago" if redesigned else f"{self.n + 1} May 2024"
        paragraphs = "\n".join(f"  <p>{escape(p)}</p>" for p in self.paragraphs())
        return ARTICLE_PAGE.format(title=escape(self.title), standfirst=escape(self.standfirst),
                                   metadata=metadata, dateline=dateline, paragraphs=paragraphs)

    def jsonld(self, base: str) -> dict:
        return {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "headline": self.title, "description": self.description,
            "datePublished": f"2024-05-{self.n + 1:02d}T09:30:00+02:00",
            "dateModified": f"2024-05-{self.n + 1:02d}T12:00:00+02:00",
            "author": [{"@type": "Person", "name": self.author}],
            "articleSection": self.section, "keywords": self.tags, "inLanguage": "en",
            "image": [self.image_url], "mainEntityOfPage": base + self.path,
            "publisher": {"@type": "Organization", "name": SITE_NAME},
        }


def news_stories(count: int = 4) -> list[NewsStory]:
    return [NewsStory(n) for n in range(count)]


@contextmanager
def generic_news_site(root: Path, stories: list[NewsStory], redesigned: bool = False):
    """Serve the site on 127.0.0.1. The feed lists all stories but the last, which only the
    sitemap has; the sitemap also lists a page that is no article (``/about``)."""
    site = FixtureSite(root)
    root.mkdir(parents=True, exist_ok=True)
    for story in stories:
        page = root / story.path.lstrip("/")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.with_suffix(".html").write_text(story.html(site.url, redesigned), encoding="utf-8")
    (root / "about.html").write_text(
        "<html><head><title>About us</title></head><body><p>Daily Example is a newspaper.</p>"
        "</body></html>", encoding="utf-8")
    (root / "feed.xml").write_text(_feed(site.url, stories[:-1]), encoding="utf-8")
    (root / "sitemap.xml").write_text(_sitemap(site.url, stories), encoding="utf-8")
    with site:
        yield site


def _feed(base: str, stories: list[NewsStory]) -> str:
    items = "".join(
        f"<item><title>{escape(s.title)}</title><link>{base}{s.path}</link>"
        f"<pubDate>{s.n + 1:02d} May 2024 07:30:00 GMT</pubDate></item>" for s in stories)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{SITE_NAME}</title><link>{base}/</link>{items}</channel></rss>")


def _sitemap(base: str, stories: list[NewsStory]) -> str:
    urls = "".join(f"<url><loc>{base}{s.path}</loc><lastmod>{s.published_at}</lastmod></url>"
                   for s in stories)
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}<url><loc>{base}/about</loc></url></urlset>")
