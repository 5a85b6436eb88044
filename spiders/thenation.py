"""The Nation (thenation.com): the US progressive magazine.

WordPress (Gutenberg blocks; articles are an ``article`` post type under /article/): the title
block holds the headline and the standfirst (the "dek"), and the story is the blocks of
``article.blocks-wrapper``. The page nests part of the story inside its newsletter box, so the
box's own text is excluded rather than the box; ad slots, the "Current Issue" and "Popular"
boxes and the closing author box are excluded too. Authors come from the
``sailthru.author`` tag (the JSON-LD has none), dates from the page metadata. Discovery: the
news sitemap (every run) and Yoast's sitemap index (backfill), as Fundus declares them, and the
WordPress feed the pages link.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS_EXCLUDE, WordPressSpider


class TheNationSpider(WordPressSpider):
    name = "thenation"
    origin = "https://www.thenation.com"
    host_aliases = ("thenation.com",)
    sitemaps = ("/news-sitemap.xml",)
    # /article/<section>/<slug>/
    article_url = r"^https?://[^/]+/article/[\w-]+/[\w-]+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        "title": "div.article-title h1.article-title__title",
        "summary": "div.article-title .article-title__dek",
        "body": "article.blocks-wrapper",
        "authors": "meta[name='sailthru.author']::attr(content)",
    }
    body_exclude = (*WORDPRESS_EXCLUDE, "div.article-title", "section.ad", ".current-issue",
                    "div.cta > div.container", ".popular-articles", ".expand-reduce",
                    ".article-end", ".collections")
