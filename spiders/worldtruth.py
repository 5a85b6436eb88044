"""WorldTruth.TV (worldtruth.tv): a US alternative-health and conspiracy site.

Deprecated in Fundus (marked so there); built from the saved page all the same. WordPress with
tagDiv's "Newspaper" theme (``td-post-content``). No standfirst. The story's subheadings (h3)
and lists are kept (the Fundus reference has its paragraphs only). The page names no author
(the reference has no authors field for it), so ``authors`` is whatever the metadata gives,
usually nothing. Dates come from the article meta tags. Discovery: the FeedBurner feed Fundus
declares, and the WordPress feed the pages link.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS, WORDPRESS_EXCLUDE, WordPressSpider


class WorldTruthSpider(WordPressSpider):
    name = "worldtruth"
    origin = "https://worldtruth.tv"
    host_aliases = ("www.worldtruth.tv", "feeds.feedburner.com")
    feeds = ("https://feeds.feedburner.com/ConsciousnessTv", "/feed/")
    article_url = r"^https?://(?:www\.)?worldtruth\.tv/[a-z0-9]+(?:-[a-z0-9]+)+/?(?=[?#]|$)"
    language = "en"
    backfill_sitemaps = ()  # no sitemap index: the site runs no Yoast
    selectors = {**WORDPRESS, "body": "div.td-post-content"}
    # Social Warfare's share panel, tagDiv's ad slots and its related-posts block.
    body_exclude = (*WORDPRESS_EXCLUDE, ".swp_social_panel", ".td-g-rec",
                    ".td_block_related_posts")
