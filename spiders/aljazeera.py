"""Al Jazeera English (aljazeera.com): the Qatari network's English-language site.

- Discovery: the feed `/xml/rss/all.xml` (its links carry `?utm_source=rss…`, stripped from the
  stored URL); with `--since` the monthly archive sitemaps `/sitemaps/article-archive.xml`.
  Articles are `/<section>/YYYY/M/D/<slug>` or, before 2020, `…-<15-digit id>.html`; videos,
  programmes, galleries, podcasts and live blogs are not fetched. AMP (`/amp/…`) and `aljazeera.com`
  give the same URL.
- Two layouts: the current page (standfirst `p.article__subhead`, body
  `div.wysiwyg--all-content` minus ads, "Recommended stories", newsletter form and photos) and the
  pre-2020 page (standfirst `p.article-heading-des`, body `div.article-p-wrapper` minus the "More:"
  read-more links and story cards). Subheadings stay. Title, authors, dates and tags come from the
  JSON-LD and meta tags.
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider

# 2020-: /<section>/YYYY/M/D/<slug>; before: /<section>/[YYYY/MM/]<slug>-<15-digit id>.html.
# Videos, programmes, galleries, podcasts and live blogs are not articles.
ARTICLE_URL = (r"^https?://[^/]+/(?!video/|program/|gallery/|podcasts?/|news/liveblog/)"
               r"(?:[\w-]+/)*(?:(?:19|20)\d\d/\d{1,2}/\d{1,2}/[\w%-]+/?|[\w%-]+-\d{15}\.html?)"
               r"(?:[?#]|$)")

# 2020-: the story in div.wysiwyg--all-content, the standfirst in the header.
CURRENT = {
    "summary": "header.article-header p.article__subhead",
    "body": "div.wysiwyg--all-content",
    "image_caption": ".article-featured-image figcaption",
}
# -2020: the story in div.article-p-wrapper, "More:" read-more links inside it.
CLASSIC = {
    "summary": "p.article-heading-des",
    "body": "div.article-p-wrapper",
    "section": "#articlestoptopic a",
    "image_caption": "figcaption.main-article-caption",
}


class AlJazeeraSpider(NewsSpider):
    name = "aljazeera"
    origin = "https://www.aljazeera.com"
    host_aliases = ("aljazeera.com",)
    feeds = ("/xml/rss/all.xml",)
    # Monthly archive sitemaps; only a backfill needs them.
    backfill_sitemaps = ("/sitemaps/article-archive.xml",)
    article_url = ARTICLE_URL
    language = "en"
    layouts = (
        ("div.wysiwyg--all-content", CURRENT),
        ("div.article-p-wrapper", CLASSIC),
    )
    # Title, authors, dates and tags come from the page metadata (JSON-LD, news_keywords).
    body_exclude = (
        ".more-on", ".container--ads", ".sib-newsletter-form",  # current pages
        ".inpage-embed", LINK_LISTS,  # classic pages: story cards, read-more links
    )
    boilerplate = (r"More:",)  # heads the classic pages' read-more links
    title_suffix = r"(?:\s*\|[^|]*)?\s*\|\s*Al Jazeera$"
