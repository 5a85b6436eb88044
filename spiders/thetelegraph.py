"""The Telegraph (telegraph.co.uk): the Daily and Sunday Telegraph's site, UK.

- Discovery: the Google News sitemap `/custom/daily-news/sitemap.xml` on every run; with
  `--since` the archive index `/sitemap.xml`.
- Articles: `/<section>[/<subsection>]/<yyyy>/<mm>/<dd>/<slug>/`; video, galleries and live
  pages have other paths.
- Fields: title from `og:title` (the headline the page shows; the JSON-LD one can be an
  earlier, longer version); authors and dates from the page's metadata; summary: the standfirst
  `p.e-standfirst` of the article header; body: the paragraphs and subheadings of the
  `.article-body-text` blocks of `[itemprop=articleBody]`, which figures, embedded tweets and
  the byline interrupt; those stay out.
"""

from __future__ import annotations

from spiders.base import NewsSpider

BODY = "[itemprop=articleBody] .article-body-text"


class TheTelegraphSpider(NewsSpider):
    name = "thetelegraph"
    origin = "https://www.telegraph.co.uk"
    host_aliases = ("telegraph.co.uk",)
    sitemaps = ("/custom/daily-news/sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = r"^https?://[^/]+/(?:[\w-]+/)+\d{4}/\d\d/\d\d/[\w-]+/?(?=[?#]|$)"
    language = "en"
    timezone = "Europe/London"
    selectors = {
        "title": "meta[property='og:title']::attr(content)",
        "summary": "article header p.e-standfirst",
        "body": BODY,
    }
