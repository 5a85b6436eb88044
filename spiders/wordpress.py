"""What WordPress news sites share: the entry content, its plugins' furniture, the feed and
the sitemap index.

Most of the smaller outlets run WordPress: the article is ``div.entry-content`` and Yoast's
JSON-LD graph carries the exact publication instant and the authors, which the base class
reads from the page metadata. What differs per site is the theme: its title element, its
standfirst (if any) and the furniture it puts inside the content.
"""

from __future__ import annotations

from spiders.base import NewsSpider

# Furniture that WordPress plugins put inside the content, as the saved pages have it:
# PowerKit's share buttons (Daily News) and Ad Inserter's ad blocks (The Gateway Pundit).
WORDPRESS_EXCLUDE = (".pk-share-buttons-wrap", ".code-block")
WORDPRESS = {"title": "h1.entry-title", "body": "div.entry-content"}


class WordPressSpider(NewsSpider):
    """A WordPress news site: the entry content is the body. WordPress serves the latest posts
    at ``/feed/`` (read every run; the pages link it), and Yoast, which most of these sites
    run, the archive's sitemap index at ``/sitemap_index.xml`` (walked on a backfill)."""

    feeds = ("/feed/",)
    backfill_sitemaps = ("/sitemap_index.xml",)
    selectors = WORDPRESS
    body_exclude = WORDPRESS_EXCLUDE
