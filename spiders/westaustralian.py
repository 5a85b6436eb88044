"""The West Australian (thewest.com.au): Perth's daily.

Discovery: the RSS feed (/rss) and the news sitemap (/news-sitemap.xml) on every run; the
sitemap index (/sitemap.xml) for a backfill.
Layout: emotion-styled classes (hashes), so the story is found by id: div#ArticleContent.
No standfirst. Date and author from the JSON-LD.
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider


class WestAustralianSpider(NewsSpider):
    name = "westaustralian"
    origin = "https://thewest.com.au"
    host_aliases = ("www.thewest.com.au",)
    feeds = ("/rss",)
    sitemaps = ("/news-sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /<section>/[<subsection>/]<slug>-c-<id>
    article_url = r"^https?://[^/]+/(?:[\w-]+/)+[\w%-]+-c-\d+/?(?:[?#]|$)"
    language = "en"
    timezone = "Australia/Perth"
    selectors = {
        "title": "h1",
        "body": "div#ArticleContent",
    }
    body_exclude = (LINK_LISTS,)
    title_suffix = r"\s*\|\s*The West Australian$"
