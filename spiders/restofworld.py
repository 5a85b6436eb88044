"""Rest of World (restofworld.org): a non-profit newsroom on technology outside the West.

- Discovery: the feed `/feed/latest/` on every run (its links carry `utm_` tracking
  parameters, which the stored URL drops); with `--since` the sitemap index `/sitemap.xml`.
- Articles: `/<yyyy>/<slug>/`.
- Fields: title, authors and dates from the page's metadata; summary: the dek
  (`p.post-header__text__dek`) of the article header; body: the paragraphs, subheadings and
  quotes directly in `.post-content`; figures, galleries, embeds (charts, story cards) and
  photo "conveyors" with their captions stay out.
"""

from __future__ import annotations

from spiders.base import NewsSpider, children

BODY = "article.post .post-content"


class RestOfWorldSpider(NewsSpider):
    name = "restofworld"
    origin = "https://restofworld.org"
    host_aliases = ("www.restofworld.org",)
    feeds = ("/feed/latest/",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = r"^https?://[^/]+/(?:19|20)\d\d/[\w-]+/?(?=[?#]|$)"
    language = "en"
    timezone = "America/New_York"
    selectors = {
        "summary": "article.post header.post-header p.post-header__text__dek",
        "body": children(BODY),
    }
