"""The Globe and Mail (theglobeandmail.com): Toronto's national daily, Canada.

- Discovery: the Arc XP outbound feeds: the news sitemap index
  `/arc/outboundfeeds/news-sitemap-index/?outputType=xml` on every run, and with `--since` the
  archive index `/arc/outboundfeeds/sitemap-index/?outputType=xml` (Fundus lists both as news
  sitemaps; the second holds the whole archive).
- Articles: `/<section>[/<subsection>…]/article-<slug>/`; the "article-" prefix marks a story
  (sections, topics and video pages have none).
- Fields: title, authors and dates from the page's JSON-LD; body: the paragraphs
  (`p.c-article-body__text`) and subheadings (`h2`-`h4` of class `c-article-body__subheading…`)
  directly in `article#content-gate`; figures, ads, charts (raw HTML) and the small `h6` labels
  of newsletter-style briefs ("Up top", "The outlook") are left out. No standfirst, so no
  summary.
"""

from __future__ import annotations

from spiders.base import NewsSpider

BODY = "article#content-gate"


class TheGlobeAndMailSpider(NewsSpider):
    name = "theglobeandmail"
    origin = "https://www.theglobeandmail.com"
    host_aliases = ("theglobeandmail.com",)
    sitemaps = ("/arc/outboundfeeds/news-sitemap-index/?outputType=xml",)
    backfill_sitemaps = ("/arc/outboundfeeds/sitemap-index/?outputType=xml",)
    article_url = r"^https?://[^/]+/(?:[a-z0-9-]+/)+article-[\w-]+/?(?=[?#]|$)"
    language = "en"
    timezone = "America/Toronto"
    selectors = {
        "body": ", ".join((f"{BODY} > p.c-article-body__text",
                           *(f"{BODY} > {h}[class*=c-article-body__subheading]"
                             for h in ("h2", "h3", "h4")))),
    }
