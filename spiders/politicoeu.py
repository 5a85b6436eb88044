"""POLITICO Europe (politico.eu): Brussels-based politics and policy news, WordPress.

Discovery: the RSS feed (/feed/) and the news sitemap (/news-sitemap.xml) on every run; the
sitemap index (/sitemap.xml) for a backfill.
Layout: the standfirst is p.hero__excerpt, the story div.article__content (paragraphs and h3
subheadings). Date and author from the JSON-LD. Feed links carry utm_ parameters, dropped
from the stored URL.
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider


class PoliticoEuSpider(NewsSpider):
    name = "politicoeu"
    origin = "https://www.politico.eu"
    host_aliases = ("politico.eu",)
    feeds = ("/feed/",)
    sitemaps = ("/news-sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /article/<slug>/
    article_url = r"^https?://[^/]+/article/[\w%-]+/?(?:[?#]|$)"
    language = "en"
    timezone = "Europe/Brussels"
    selectors = {
        "title": "h1",
        "summary": "p.hero__excerpt",
        "body": "div.article__content",
    }
    body_exclude = (LINK_LISTS,)
    title_suffix = r"\s*[–|-]\s*POLITICO$"
