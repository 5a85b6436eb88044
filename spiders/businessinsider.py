"""Business Insider (businessinsider.com): US business and lifestyle news (Insider Inc.).

Discovery: the Google News sitemap (/sitemap/google-news.xml) on every run; for a backfill the
monthly archive sitemaps /sitemap/YYYY-MM.xml (Fundus names one month; here filled for each
month back to ``since`` when the spider starts, see spiders/dated.py).
Layout: the story is section.post-story-body-content (paragraphs and h2 subheadings); the
"key points" bullets above it (div.post-summary-bullets) are the standfirst, one sentence each.
Title from og:title, the headline shown on the page (JSON-LD's headline is a shorter SEO one);
date and author from the page metadata.
"""

from __future__ import annotations

from spiders.base import NewsSpider
from spiders.dated import dated_urls


class BusinessInsiderSpider(NewsSpider):
    name = "businessinsider"
    origin = "https://www.businessinsider.com"
    host_aliases = ("businessinsider.com", "markets.businessinsider.com")
    sitemaps = ("/sitemap/google-news.xml",)
    backfill_sitemaps = ("/sitemap/{date:%Y-%m}.xml",)
    # /<slug>-<yyyy>-<m>: a story's slug ends with the month it was first published.
    article_url = r"^https?://[^/]+/(?!author/|category/|sitemap/)[\w-]+-(?:19|20)\d\d-\d{1,2}/?(?:[?#]|$)"
    language = "en"
    selectors = {
        "title": ("meta[property='og:title']::attr(content)", "h1"),
        "summary": "div.post-summary-bullets li",
        "body": "section.post-story-body-content",
    }
    # Ads and promos ride in the story as [data-component-type] blocks and nested <section>s.
    body_exclude = ("[data-component-type]", "section", ".ad")
    title_suffix = r"\s*-\s*Business Insider$"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.backfill_sitemaps = dated_urls(type(self).backfill_sitemaps, "month", self.since)

    def extract_summary(self, response, css):
        """The key points are a list: one sentence each, joined."""
        return " ".join(self.all_texts(response, css)) or None
