"""9News (nine.com.au): the Australian Nine Network's news site.

Discovery: the RSS feed (/rss/feed.xml) on every run; the articles sitemap index
(/sitemaps/nine-sitemaps-articles.xml) for a backfill.
Layout: a styled-components page (hashed class names), so selectors go by structure: the
headline in the <article>'s header, the story in the <div> after it, story links (h3 > a)
between its paragraphs. No standfirst. Date and authors from the JSON-LD (the wire service,
"AP", is listed as an author, as the site credits it).
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider


class NineNewsSpider(NewsSpider):
    name = "ninenews"
    origin = "https://www.nine.com.au"
    host_aliases = ("nine.com.au", "www.9news.com.au", "9news.com.au")
    feeds = ("/rss/feed.xml",)
    backfill_sitemaps = ("/sitemaps/nine-sitemaps-articles.xml",)
    # /<section>/[<subsection>/]<slug>-YYYYMMDD-p<id>.html
    article_url = r"^https?://[^/]+/(?:[\w-]+/)+[\w%-]+-(?:19|20)\d{6}-p[0-9a-z]+\.html(?:[?#]|$)"
    language = "en"
    timezone = "Australia/Sydney"
    selectors = {
        "title": "article header h1",
        "body": "article > div > div:has(> p)",
    }
    body_exclude = (LINK_LISTS, "div:has(> h3 > a)")  # story links
