"""TimesLIVE (timeslive.co.za): the news site of South Africa's Sunday Times.

Arc XP (the Washington Post's publishing platform, "Fusion" front end, ``b-``/``c-`` block
classes): the story is ``article.b-article-body``, less its pull quotes; no standfirst. Dates
and authors come from the NewsArticle JSON-LD. Discovery, as Fundus declares it: Arc's Google
News feed (RSS), its news sitemap index (every run), and the archive and section sitemap
indexes (backfill).
"""

from __future__ import annotations

from spiders.base import NewsSpider

ARC_FEEDS = "/arc/outboundfeeds"


class TimesLiveSpider(NewsSpider):
    name = "timeslive"
    origin = "https://www.timeslive.co.za"
    host_aliases = ("timeslive.co.za",)
    feeds = (f"{ARC_FEEDS}/google-news-feed/",)
    sitemaps = (f"{ARC_FEEDS}/sitemap-news-index/",)
    backfill_sitemaps = (f"{ARC_FEEDS}/sitemap-index/", f"{ARC_FEEDS}/sitemap-section-index/")
    # /<section>[/<subsection>]/<yyyy>-<mm>-<dd>-<slug>/
    article_url = r"^https?://[^/]+/(?:[\w-]+/){1,3}\d{4}-\d\d-\d\d-[\w-]+/?(?=[?#]|$)"
    language = "en"
    selectors = {"title": "h1.b-headline", "body": "article.b-article-body"}
    body_exclude = (".b-article-body__pullquote",)  # quotes repeated from the text
