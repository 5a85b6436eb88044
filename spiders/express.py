"""Daily Express (express.co.uk): Reach plc's national daily, UK.

Reach's, but not on the Next.js platform of the Mirror and the Daily Star (`spiders/reach.py`):
the Express keeps its own older templates, URLs and sitemaps, so it shares no declaration.

- Discovery: the Google News sitemap `/googlenews.xml` on every run; with `--since` the archive
  index `/sitemap.xml`.
- Articles: `/<section>[/<subsection>]/<numeric id>/<slug>`; the id identifies the story.
- Fields: title from `og:title` (the JSON-LD headline and the `<h1>` can be a longer "LIVE"
  display headline); authors and dates from the JSON-LD; summary: the standfirst, the `h3`
  under the headline; body: the paragraphs of the story's `.text-description` blocks (not the
  "dont-miss" READ MORE block) and, on live blogs, each entry's heading and text, in page order.
  Photos, ad slots, videos, WhatsApp and newsletter sign-ups and related articles stay out.
"""

from __future__ import annotations

from spiders.base import NewsSpider

STORY = "#singleArticle article [data-type=article-body]"


class ExpressSpider(NewsSpider):
    name = "express"
    origin = "https://www.express.co.uk"
    host_aliases = ("express.co.uk",)
    sitemaps = ("/googlenews.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = r"^https?://[^/]+/(?:[\w-]+/)+(\d{5,})/[\w-]+/?(?=[?#]|$)"
    language = "en"
    timezone = "Europe/London"
    selectors = {
        "title": "meta[property='og:title']::attr(content)",
        "summary": "#singleArticle article > header > h3",
        "body": (f"{STORY} .text-description:not(.dont-miss) > p, "
                 f"{STORY} .live-events__entry-head, {STORY} .live-events__entry-text"),
    }
