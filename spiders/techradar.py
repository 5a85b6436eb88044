"""TechRadar (techradar.com): Future plc's consumer-technology news and reviews site, UK.

- Discovery: the Google News sitemap `/sitemap-news.xml` on every run; with `--since` the
  archive index `/sitemap.xml`.
- Articles: `/<section>[/<subsection>…]/<slug>`: Future's URLs carry no date or id, so any path
  of at least two segments whose last one is a hyphenated slug, outside the site's own pages.
- Fields: title, authors and dates from the page's metadata; summary: the strapline
  (`header p.strapline`); body: the paragraphs, subheadings and lists directly in
  `#article-body`; product boxes, "You might also like" lists, newsletter forms, ads and
  figures are their own elements there and stay out, except a pull quote's text (a
  `blockquote` in a `figure`); the closing "Follow TechRadar on Google News" plug is dropped.
"""

from __future__ import annotations

from spiders.base import STORY_BLOCKS, NewsSpider, children

BODY = "#article-body"


class TechRadarSpider(NewsSpider):
    name = "techradar"
    origin = "https://www.techradar.com"
    host_aliases = ("techradar.com",)
    sitemaps = ("/sitemap-news.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = (r"^https?://[^/]+/(?!(?:author|tag|newsletter|about-us|sitemap)"
                   r"(?:[/-]|$))(?:[\w-]+/)+[a-z0-9]+(?:-[a-z0-9]+){2,}/?(?=[?#]|$)")
    language = "en"
    timezone = "Europe/London"
    selectors = {
        "summary": ".news-article header p.strapline",
        # Pull quotes are a blockquote in a figure; the quoted speaker (its figcaption) is not text.
        "body": children(BODY, (*STORY_BLOCKS, "figure > blockquote > p")),
    }
    # The plug that closes every story.
    boilerplate = (r"Follow TechRadar on Google News\b.*",)
