"""Taipei Times (taipeitimes.com): Taiwan's English-language daily.

A site of its own, the same markup for years: the story is the paragraphs of ``div.archives``
under its <h1>; the standfirst is the <h2> under the headline (not every story has one); the
byline box (``ul.as``) names the agency or reporter with the dateline ("AFP, MANILA"), kept as
printed. The JSON-LD names the paper (in Chinese), not the authors. Dates: the JSON-LD's, the
print edition's day at midnight Taipei time. Discovery: the news sitemap (every run) and the
sitemap index (backfill) Fundus declares.
"""

from __future__ import annotations

from spiders.base import NewsSpider


class TaipeiTimesSpider(NewsSpider):
    name = "taipeitimes"
    origin = "https://www.taipeitimes.com"
    host_aliases = ("taipeitimes.com",)
    sitemaps = ("/sitemap/sitemap.xml",)
    backfill_sitemaps = ("/sitemapIndex.xml",)
    # /News/<section>/archives/<yyyy>/<mm>/<dd>/<id>
    article_url = r"^https?://[^/]+/News/\w+/archives/\d{4}/\d\d/\d\d/\d+/?(?=[?#]|$)"
    language = "en"
    timezone = "Asia/Taipei"
    selectors = {
        "title": "div.archives > h1",
        "summary": "div.archives > h2",
        "body": "div.archives > p",
        "authors": "div.archives > ul.as",
    }
    title_suffix = r"\s*-\s*Taipei Times$"
