"""Daily News (dailynews.co.tz): Tanzania's government-owned English daily.

WordPress (the "Newsblock" theme, ``cs-entry__`` classes). Discovery: WordPress's /feed/ and
Yoast's sitemap index (the one discovery point Fundus declares). Title from the <h1>, dates
and authors from Yoast's JSON-LD. No standfirst; subheadings are bold paragraphs, kept as
paragraphs of the content.
"""

from __future__ import annotations

from spiders.wordpress import WORDPRESS, WordPressSpider


class DailyNewsTZSpider(WordPressSpider):
    name = "dailynewstz"
    origin = "https://dailynews.co.tz"
    host_aliases = ("www.dailynews.co.tz",)
    # Posts sit at the root: /<slug>/.
    article_url = r"^https?://[^/]+/[a-z0-9]+(?:-[a-z0-9]+)+/?(?=[?#]|$)"
    language = "en"
    selectors = {**WORDPRESS, "title": "h1.cs-entry__title"}
    title_suffix = r"\s*-\s*Daily News$"
