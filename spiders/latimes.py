"""Los Angeles Times (latimes.com): Brightspot pages.

Discovery: the news sitemap (/news-sitemap.xml) on every run; the sitemap index
(/sitemap.xml) for a backfill.
Layout: a regular story is div.rich-text-article-body-content (the site's story template; the
saved page is not one); a "story stack" (a list of sub-stories, like the saved page) has one
div.story-stack-story per part, its title an h3 subheading. No standfirst. Title from the
<h1> (JSON-LD's headline is a rewrite for search); date and author from the page metadata.
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider


class LATimesSpider(NewsSpider):
    name = "latimes"
    origin = "https://www.latimes.com"
    host_aliases = ("latimes.com",)
    sitemaps = ("/news-sitemap.xml",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /[<section>/]story/YYYY-MM-DD/<slug>
    article_url = r"^https?://[^/]+/(?:[\w-]+/)*story/(?:19|20)\d\d-\d\d-\d\d/[\w%-]+/?(?:[?#]|$)"
    language = "en"
    selectors = {
        "title": "h1.headline",
        "body": ("div.rich-text-article-body-content", "div.story-stack-story"),
    }
    body_exclude = (LINK_LISTS, ".enhancement", "ps-promo", ".google-dfp-ad-wrapper")
    title_suffix = r"\s*-\s*Los Angeles Times$"
