"""Postmedia's Canadian sites, one platform: canada.com, Financial Post, National Post, Ottawa
Citizen and The Province. Each source is a small subclass of ``PostmediaSpider``.

- Discovery (the same paths on every site): the Google News sitemap `/sitemap-news.xml` and the
  feed `/feed` on every run (the Ottawa Citizen: see its module), with `--since` the archive
  index `/sitemap-old.xml`.
- Articles: `/<section>[/<subsection>…]/<slug>`, a WordPress slug with no date or id; the
  platform's other pages (`/category/`, `/author/`, `/tag/`, `/video/`, `/feed`, sitemaps) and
  the site's top-level navigation are not articles.
- Fields: title, authors and dates from the page's JSON-LD (the `<h1>` and byline repeat them;
  dates carry their offset); tags: its keywords without the story's id, the site's host, the
  platform's machine tags ("NLP Category: …") and workflow labels ("Curated"); summary: the
  standfirst `p.article-subtitle` of the article header; body: the paragraphs, subheadings
  (`h2`-`h4`), lists and quotes that sit directly in the story's content groups, which ads,
  videos, newsletter sign-ups and figures interrupt: those sit in their own blocks or in
  `<figure>`, so they stay out. A paragraph set wholly in italics is an endnote (credits, the
  author's e-mail, a plug) and stays out too.
- Two layouts: the classic one (a few `section.article-content__content-group` blocks holding
  many paragraphs) and "story-v2" (2025-, one paragraph per group, inside
  `.story-v2-content-element-inline`).
"""

from __future__ import annotations

import re

from spiders.base import NewsSpider, children
from spiders.parser import unique


def _story(container: str) -> str:
    """The story's own blocks directly in each of its containers."""
    return children(container,
                    ("p", "h2:not(.visually-hidden)", "h3", "h4", "ul", "ol", "blockquote"))


# The story is cut into several content groups, with ads and widgets between them.
CLASSIC = {
    "summary": "article header p.article-subtitle",
    "body": _story("article section.article-content__content-group"),
    "section": "article header nav.breadcrumbs a",
}
# "story-v2" (2025-): each paragraph in a section of its own, inside an "inline" element.
STORY_V2 = {
    "summary": "article header p.article-subtitle",
    "body": _story("article .story-v2-content-element-inline"),
    "section": "article nav.breadcrumbs a",
}
# Path segments that begin no article: WordPress archives, feeds and the platform's own pages.
NOT_ARTICLES = ("category", "author", "tag", "video", "feed", "wp-content", "wp-json", "search",
                "newsletters", "contact", "sitemap", "page")
# A paragraph set wholly in italics is an endnote, not story: "With reporting by …", the
# author's "• Email: …", the "Our website is the place for …" plug.
ENDNOTE = "./self::p[not(text()[normalize-space()])]/em"
# JSON-LD keywords that are no topic: the story's id, the site's host, the platform's machine
# tags ("NLP Category: …", "NLP Entity Tokens: …") and newsroom workflow labels.
NOT_TOPICS = re.compile(r"^(?:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[\w.-]+\.(?:com|ca)"
                        r"|NLP .*|Curated|wired|story|Newsroom daily)$")


class PostmediaSpider(NewsSpider):
    """The platform; a site subclasses it with its name, origin and feeds."""

    feeds = ("/feed",)
    sitemaps = ("/sitemap-news.xml",)
    backfill_sitemaps = ("/sitemap-old.xml",)
    # /<section>/…/<slug>: at least two segments, the last a lower-case slug.
    article_url = (rf"^https?://[^/]+/(?!(?:{'|'.join(NOT_ARTICLES)})(?:[/-]|$))"
                   r"(?:[a-z0-9-]+/)+[a-z0-9]+(?:-[a-z0-9]+)+/?(?=[?#]|$)")
    language = "en"
    timezone = "America/Toronto"
    selectors = CLASSIC
    layouts = (("article .story-v2-content-element-inline", STORY_V2),)
    body_exclude = (ENDNOTE,)
    ignored_sections = ("Home",)  # the story-v2 breadcrumb starts at the home page

    def extract_tags(self, response, css):
        """The JSON-LD keywords less ids, hosts and machine tags; "Category: Economy" is Economy."""
        keywords = self.fallback_fields(response).get("tags") or []
        topics = [re.sub(r"^Category:\s*", "", k) for k in keywords if not NOT_TOPICS.match(k)]
        return unique(topic for topic in topics if topic)
