"""Global News (globalnews.ca): the Corus television network's national news site, Canada.

- Discovery: the Google News sitemap `/news-sitemap.xml` on every run; with `--since` the
  archive index `/sitemap.xml`.
- Articles: `/news/<numeric id>/<slug>/`; the id identifies the story (the slug may change),
  so it is stored as `https://globalnews.ca/news/<id>/`. Videos (`/video/`) and live pages differ.
- Fields: title, authors and dates from the page's JSON-LD; body: the paragraphs and
  subheadings of `article.l-article__text`, without its ad slots ("Story continues below
  advertisement"), newsletter sign-ups, embedded videos and "More on World" tabs; the wire's
  "— … contributed to this report" credit is dropped. No standfirst, so no summary.
"""

from __future__ import annotations

import re

from spiders.base import NewsSpider

ARTICLE_ID = r"^https?://[^/]+/news/(\d+)(?:/[\w%-]*)?/?(?=[?#]|$)"


class GlobalNewsSpider(NewsSpider):
    name = "globalnews"
    origin = "https://globalnews.ca"
    host_aliases = ("www.globalnews.ca",)
    sitemaps = ("/news-sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = ARTICLE_ID
    language = "en"
    timezone = "America/Toronto"
    selectors = {
        "body": "article.l-article__text",
    }
    body_exclude = (".c-ad", ".c-inlineSignup", ".c-tabs", "[data-shortcode=tp_video]")
    # The wire's closing credit, "—Associated Press writer … contributed to this report."
    boilerplate = (r"[—-]\s*.{0,200}\bcontributed to this report\.?",)

    def canonical_url(self, url: str) -> str:
        match = re.search(ARTICLE_ID, url)
        return f"{self.origin}/news/{match.group(1)}/" if match else self.default_canonical_url(url)
