"""The Sun (thesun.co.uk): News UK's national tabloid, UK.

- Discovery: the Google News sitemap `/news-sitemap.xml` on every run; with `--since` the
  archive index `/sitemap.xml`.
- Articles: `/<section>[/<subsection>]/<numeric id>/<slug>/`; the id identifies the story.
- Fields: title: the JSON-LD `headline` (as the reference parser takes it; the site cuts a long
  one to about 90 characters and adds "...": the `<h1>` keeps it whole, og:title is a shorter
  social-card version); authors and dates from the JSON-LD; summary: the standfirst
  (`.article__subdeck`, often empty); body: the paragraphs and subheadings of
  `.article__content`, without ads, figures, "Most read" rails and the "You might like" module.
"""

from __future__ import annotations

import json

from spiders.base import NewsSpider


class TheSunSpider(NewsSpider):
    name = "thesun"
    origin = "https://www.thesun.co.uk"
    host_aliases = ("thesun.co.uk",)
    sitemaps = ("/news-sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = r"^https?://[^/]+/(?:[\w-]+/)+\d{5,}/[\w-]+/?(?=[?#]|$)"
    language = "en"
    timezone = "Europe/London"
    selectors = {
        "title": "article.article h1.article__headline",  # when the JSON-LD has no headline
        "summary": "article.article .article__subdeck",
        "body": "article.article .article__content",
    }
    body_exclude = ("[class*=rail--]",)  # "Most read in …" story rails inside the story

    def extract_title(self, response, css):
        return _jsonld_headline(response) or self.first_text(response, css)


def _jsonld_headline(response) -> str | None:
    for script in response.css("script[type='application/ld+json']::text").getall():
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict) and node.get("@type") == "NewsArticle":
                if node.get("headline"):
                    return str(node["headline"])
    return None
