"""Nature (nature.com): the journal's news, features and comment pieces.

Discovery: the journal's RSS feed (/nature.rss) on every run, and the news sitemap
(/latest-news/sitemap.xml); the sitemap index (/sitemap.xml) for a backfill.
Layout: the standfirst is div.c-article-teaser-text, the story div.c-article-body (paragraphs
and h2 subheadings).
Authors and date from the page metadata (JSON-LD).
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider


class NatureSpider(NewsSpider):
    name = "nature"
    origin = "https://www.nature.com"
    host_aliases = ("nature.com",)
    feeds = ("/nature.rss",)
    sitemaps = ("/latest-news/sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /articles/<doi suffix>: d41586-… for news, s41586-… for papers.
    article_url = r"^https?://[^/]+/articles/[a-z]\d{5}-\d{3}-\d{5}-[\dx](?:[?#]|$)"
    language = "en"
    selectors = {
        "title": "h1.c-article-magazine-title, h1.c-article-title",
        "summary": "div.c-article-teaser-text",
        "body": "div.c-article-body",
    }
    # "Related" story cards (article.recommended) sit between the paragraphs.
    body_exclude = (LINK_LISTS, "article.recommended")
    title_suffix = r"\s*\|\s*Nature$"
