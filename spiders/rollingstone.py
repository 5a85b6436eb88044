"""Rolling Stone (rollingstone.com): music, culture and politics magazine.

WordPress on Penske Media's platform (WordPress VIP, "Larva" pattern classes): headline
``h1.article-title``, standfirst ``div.article-excerpt``, story the paragraphs and subheadings of
``div.a-content``. The page opens story lists ("Editor's picks", "Related", "Trending")
before a paragraph's closing tag, which a browser ends there but lxml reads as part of the
paragraph; they are left out (the Fundus reference keeps their text in those paragraphs, and
misses the subheadings). Dates and authors come from the NewsArticle JSON-LD. Discovery: the
news sitemap (every run) and the sitemap index (backfill), as Fundus declares them, and
WordPress's /feed/.
"""

from __future__ import annotations

from spiders.wordpress import WordPressSpider


class RollingStoneSpider(WordPressSpider):
    name = "rollingstone"
    origin = "https://www.rollingstone.com"
    host_aliases = ("rollingstone.com",)
    sitemaps = ("/news-sitemap.xml",)
    # /<section>/<category>/<slug>-<id>/; the id identifies the story.
    article_url = r"^https?://[^/]+/[\w-]+/[\w-]+/[\w-]+-\d{6,}/?(?=[?#]|$)"
    language = "en"
    selectors = {
        "title": "h1.article-title",
        "summary": "div.article-excerpt",
        # Paragraphs and subheadings only: the content also holds ad slots, a promo line and
        # story lists ("Trending", "Editor's picks").
        "body": ("div.a-content p.paragraph, div.a-content h2.heading, "
                 "div.a-content h3.heading"),
    }
    # Story lists the page sets inside paragraphs.
    body_exclude = (".recirculation-modules", "section.brands-most-popular")
