"""The Washington Times (washingtontimes.com): a conservative daily of Washington, D.C.

A site of its own: headline ``h1.page-headline``, story ``div.storyareawrapper div.bigtext``
(wire stories included, "INDIANAPOLIS (AP) — …"), with newsletter and video slots between its
paragraphs. No standfirst. Authors come from the NewsArticle JSON-LD (the ``author`` meta tag
names the paper). Its dates carry no offset and are read as UTC, as Fundus reads them.
Discovery, as Fundus declares it: the politics RSS feed, and the story and entry sitemaps
(backfill).
"""

from __future__ import annotations

from spiders.base import NewsSpider


class WashingtonTimesSpider(NewsSpider):
    name = "washingtontimes"
    origin = "https://www.washingtontimes.com"
    host_aliases = ("washingtontimes.com",)
    feeds = ("/rss/headlines/news/politics/",)
    backfill_sitemaps = ("/sitemap-stories.xml", "/sitemap-entries.xml")
    # /news/<yyyy>/<mon>/<dd>/<slug>/
    article_url = r"^https?://[^/]+/news/\d{4}/[a-z]{3}/\d{1,2}/[\w-]+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        "title": "h1.page-headline",
        "body": "div.storyareawrapper div.bigtext",
    }
    # The copyright line and the comment-policy note close the story inside the same block.
    body_exclude = ("div.permission", "div.insticator-unit")
    footer_markers = ("Please read our comment policy",)
