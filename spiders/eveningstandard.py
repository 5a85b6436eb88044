"""The (London) Evening Standard (standard.co.uk).

Discovery: the RSS feed (/rss) on every run; the sitemap index (/sitemap.xml) for a backfill.
Layout: a styled-components page whose class names are hashes that change with every
release, so selectors go by structure: the headline and standfirst in the <article>'s header
(the standfirst is the text-only <div> after the <h1>), the story in div#main.
Title from og:title (the <h1> is a longer display headline); date and author from the page
metadata.
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider, children


class EveningStandardSpider(NewsSpider):
    name = "eveningstandard"
    origin = "https://www.standard.co.uk"
    host_aliases = ("standard.co.uk",)
    feeds = ("/rss",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /<section>/[<subsection>/]<slug>-b<id>.html; the id names the story.
    article_url = r"^https?://[^/]+/(?:[\w-]+/)+[\w%-]+-b\d+\.html(?:[?#]|$)"
    language = "en"
    selectors = {
        "title": ("meta[property='og:title']::attr(content)", "article h1"),
        "summary": "article h1 ~ div:not(:has(*))",
        # Text blocks sit four <div>s below div#main; fact boxes and figures are shallower.
        "body": children("div#main > div > div > div > div", ("p", "h2", "h3")),
    }
    body_exclude = (LINK_LISTS,)
    title_suffix = r"\s*\|\s*(?:The\s+)?(?:London\s+)?(?:Evening\s+)?Standard$"
