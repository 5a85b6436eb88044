"""Metro (metro.co.uk): the UK free daily's site, WordPress.

Discovery: the news sitemap (/news-sitemap.xml) on every run; the sitemap index
(/sitemap.xml) for a backfill.
Layout: the story is div.article__content__inner (paragraphs, h2 subheadings), with a video
player, a "More Trending" strip and share buttons inside it; its first paragraph is the
standfirst. Title, date and author from the page metadata (JSON-LD).
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider


class MetroSpider(NewsSpider):
    name = "metro"
    origin = "https://metro.co.uk"
    host_aliases = ("www.metro.co.uk",)
    sitemaps = ("/news-sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /YYYY/MM/DD/<slug>-<id>/
    article_url = r"^https?://[^/]+/(?:19|20)\d\d/\d\d/\d\d/[\w%-]+-\d+/?(?:[?#]|$)"
    language = "en"
    selectors = {
        "summary": "div.article__content__inner > p:first-of-type",
        "body": "div.article__content__inner",
    }
    summary_opens_body = True
    body_exclude = (LINK_LISTS, ".video-player", ".trending-now", ".share-buttons", ".ad-slot")
    footer_markers = ("Get in touch with our news team", "For more stories like this")
    title_suffix = r"\s*\|\s*Metro(?: News)?$"
