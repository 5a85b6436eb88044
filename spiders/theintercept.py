"""The Intercept (theintercept.com): US investigative and adversarial journalism.

WordPress with a Tailwind theme of its own (``post__`` and utility classes): headline
``h1.post__title``, standfirst ``p.post__excerpt`` (a quote or a dek), story
``div.entry-content__content``, which carries newsletter, "Most Read", "Related" and coverage
boxes and pull quotes between its paragraphs. Dates and authors come from the page metadata.
Discovery: the English RSS feed and Yoast's sitemap index, as Fundus declares them.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS_EXCLUDE, WordPressSpider


class TheInterceptSpider(WordPressSpider):
    name = "theintercept"
    origin = "https://theintercept.com"
    host_aliases = ("www.theintercept.com",)
    feeds = ("/feed/?lang=en",)
    # /<yyyy>/<mm>/<dd>/<slug>/
    article_url = r"^https?://[^/]+/\d{4}/\d\d/\d\d/[\w-]+/?(?=[?#]|$)"
    language = "en"
    selectors = {
        "title": "h1.post__title",
        "summary": "header.post__header p.post__excerpt",
        "body": "div.entry-content__content",
    }
    body_exclude = (*WORDPRESS_EXCLUDE, ".newsletter-embed", ".most-read",
                    ".promote-related-post", ".promote-banner", "blockquote.stylized")
