"""The Gateway Pundit (thegatewaypundit.com): US right-wing news and commentary site.

WordPress (GeneratePress theme). The standfirst is the story's first paragraph, set in bold:
kept as the summary and out of the body. Embedded posts and the "Read more:" link that
closes the story are left out. Dates and authors come from the page metadata.
Discovery: the sitemap index Fundus declares, and WordPress's /feed/.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS, WORDPRESS_EXCLUDE, WordPressSpider


class TheGatewayPunditSpider(WordPressSpider):
    name = "thegatewaypundit"
    origin = "https://www.thegatewaypundit.com"
    host_aliases = ("thegatewaypundit.com",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /<yyyy>/<mm>/<slug>/
    article_url = r"^https?://[^/]+/\d{4}/\d\d/[\w-]+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        **WORDPRESS,
        "summary": ("div.entry-content > p:first-of-type > strong:only-child",
                    "div.entry-content > p:first-of-type > b:only-child"),
    }
    summary_opens_body = True
    # The share bar opens the content; embedded posts (X, other stories) and ad slots sit in it.
    body_exclude = (*WORDPRESS_EXCLUDE, ".speaker-mute", "blockquote.twitter-tweet",
                    "blockquote.wp-embedded-content", ".ai-viewports", ".post-poll")
    footer_markers = ("Read more:",)
