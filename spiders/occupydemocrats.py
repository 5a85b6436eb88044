"""Occupy Democrats (occupydemocrats.com): a progressive political news and commentary site, US.

Deprecated in the reference parser (Fundus marks it so and skips it by default); built here
from its saved page all the same: a WordPress theme whose markup may have changed since.

- Discovery: the sitemap index `/sitemap.xml`, the only point the reference lists, walked with
  `--since` (a backfill); a normal run reads the feed `/feed/` that every page links
  (`<link rel="alternate">`; not in that list).
- Articles: `/<yyyy>/<mm>/<dd>/<slug>/`.
- Fields: title, authors and dates from the page's metadata; body: the paragraphs, subheadings
  and quotes directly in `[itemprop=articleBody]`; the ad code blocks and the author box stay
  out. No standfirst, so no summary.
"""

from __future__ import annotations

from spiders.base import NewsSpider, children

BODY = "article.post-detail [itemprop=articleBody]"


class OccupyDemocratsSpider(NewsSpider):
    name = "occupydemocrats"
    origin = "https://occupydemocrats.com"
    host_aliases = ("www.occupydemocrats.com",)
    feeds = ("/feed/",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = r"^https?://[^/]+/\d{4}/\d\d/\d\d/[\w-]+/?(?=[?#]|$)"
    language = "en"
    timezone = "America/New_York"
    selectors = {
        "body": children(BODY),
    }
