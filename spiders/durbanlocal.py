"""Durban Local / Your eThekwini (durbanlocal.co.za): an Independent Media (IOL) local paper.

A Next.js site on IOL's platform: class names carry a build hash (``text_text__oJhZK``), so the
selectors match their stable prefix. The story is a row of widgets; its text widgets hold the
paragraphs (the others are images, embeds and story links). No standfirst. Dates and authors
come from the NewsArticle JSON-LD. Discovery: the sitemap Fundus declares (``/sitemap/``) is the
only listing of every section, so it is walked on every run; the pages also link a section RSS
feed, read too.
"""

from __future__ import annotations

from spiders.base import NewsSpider


class DurbanLocalSpider(NewsSpider):
    name = "durbanlocal"
    origin = "https://durbanlocal.co.za"
    host_aliases = ("www.durbanlocal.co.za",)
    feeds = ("/rss/your-ethekwini/entertainment/",)
    sitemaps = ("/sitemap/",)
    # /<section>[/<subsection>]/<yyyy>-<mm>-<dd>-<slug>/
    article_url = r"^https?://[^/]+/(?:[\w-]+/){1,3}\d{4}-\d\d-\d\d-[\w-]+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        "title": "div[class*=titles_article-titles] h1",
        "body": "div[class*=widgets_article-widgets] div[class*=text_text]",
    }
