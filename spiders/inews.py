"""The i Paper (inews.co.uk): the UK national daily's site, WordPress.

Discovery: the news sitemap of the day, /sitemap.xml?yyyy=YYYY&mm=MM&dd=DD (Fundus builds it
from today's date; here a template filled when the spider starts, see spiders/dated.py), on
every run; the sitemap index (/sitemap.xml) for a backfill.
Layout: the standfirst is p.inews__post-excerpt, the story div.inews__post-content, with
"Read Next" boxes (a shortcode) between its paragraphs. Date and author from the page
metadata (JSON-LD).
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider
from spiders.dated import dated_urls


class INewsSpider(NewsSpider):
    name = "inews"
    origin = "https://inews.co.uk"
    host_aliases = ("www.inews.co.uk",)
    sitemaps = ("/sitemap.xml?yyyy={date:%Y}&mm={date:%m}&dd={date:%d}",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /<section>/[<subsection>/]<slug>-<id>; the id names the story.
    article_url = r"^https?://[^/]+/(?!author/|topic/|tag/)(?:[\w-]+/)+[\w%-]+-\d{5,}/?(?:[?#]|$)"
    language = "en"
    selectors = {
        "title": "h1.inews__post-title",
        "summary": "p.inews__post-excerpt",
        "body": "div.inews__post-content",
    }
    body_exclude = (LINK_LISTS, "[class*=shortcode-relatedarticle]")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sitemaps = dated_urls(type(self).sitemaps, "day")  # today's only: a normal run
