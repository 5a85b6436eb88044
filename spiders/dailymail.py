"""Daily Mail / MailOnline (dailymail.co.uk): the UK tabloid's site, with US and Australian editions.

Discovery: the Google News sitemap (/google-news-sitemap.xml) on every run; for a backfill the
yearly archive sitemaps /sitemap-articles-year~YYYY.xml (a template in Fundus; here filled for
each year back to ``since`` when the spider starts, see spiders/dated.py).
Layout: the story is div[itemprop=articleBody] (paragraphs p.mol-para-with-font and h2
subheadings); the bullet list above the headline restates the story and is no standfirst.
Date and author from the page metadata (JSON-LD).
"""

from __future__ import annotations

from spiders.base import NewsSpider
from spiders.dated import dated_urls


class DailyMailSpider(NewsSpider):
    name = "dailymail"
    origin = "https://www.dailymail.co.uk"
    host_aliases = ("dailymail.co.uk", "www.dailymail.com", "dailymail.com")
    sitemaps = ("/google-news-sitemap.xml",)
    backfill_sitemaps = ("/sitemap-articles-year~{date:%Y}.xml",)
    # /<channel>/article-<id>/<slug>.html; the id names the story.
    article_url = r"/article-\d+/[\w%-]+\.html(?:[?#]|$)"
    language = "en"
    timezone = "Europe/London"
    selectors = {
        "title": ("meta[property='og:title']::attr(content)", "#js-article-text h1"),
        "body": "#js-article-text div[itemprop=articleBody]",
    }
    # The bullet lists inside the story are left out as Fundus's reference leaves them out:
    # most are "how to" recaps of the paragraphs around them.
    body_exclude = ("ul.mol-bullets-with-font", ".artSplitter")  # and the photos with captions
    title_suffix = r"\s*\|\s*Daily Mail Online$"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.backfill_sitemaps = dated_urls(type(self).backfill_sitemaps, "year", self.since)
