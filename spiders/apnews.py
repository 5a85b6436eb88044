"""AP News (apnews.com): the Associated Press's own site.

- Discovery: AP has no RSS. The news sitemap `/news-sitemap-content.xml` and the hub pages
  `/hub/<topic>` (top news, world, US, politics, business, technology, science, health, sports,
  entertainment) on every run; with `--since` the sitemap index `/ap-sitemap.xml`. Only
  `/article/` stories are fetched: `/live/` blogs, videos and hubs are not articles.
- One article = one 32-hex id: any slug, `apnews.com/<id>` or `/article/<slug>-<id>` give
  `https://apnews.com/article/<id>`.
- Two layouts: the 2024- story page (body `div.RichTextStoryBody`, section from
  `.Page-breadcrumbs`, caption of the lead carousel's first photo) and the 2019–2023 React page
  (body `div.Article[data-key=article]`). Title, authors, dates, tags and image come from the
  JSON-LD / OpenGraph metadata (the `<h1>` can be a longer display headline). The body keeps
  subheadings and drops ads, "Related coverage" lists, info boxes, embeds and photos; `___` ends
  it (contributor lines follow). No standfirst: `summary` is the page description.
"""

from __future__ import annotations

import re

from spiders.base import NewsSpider

# The 32-hex id identifies the story; the slug before it is decoration, and older links
# (apnews.com/<id>) have none.
ARTICLE_ID = r"(?i)^https?://[^/]+/(?:article/(?:[\w%-]+-)?)?([0-9a-f]{32})(?:[/?#]|$)"

# 2024-: a Brightspot "StoryPage"; headings of the story sit inside the rich-text body.
STORY_PAGE = {
    "body": "div.RichTextStoryBody",
    "section": ".Page-breadcrumbs a",
    "image_caption": ".Page-lead .CarouselSlide:has(.imageSlide) .CarouselSlide-infoDescription",
}
# 2019-2023: a React app; the story is the paragraphs of div.Article.
REACT_APP = {
    "body": "div.Article[data-key='article']",
    "image_caption": ".LeadFeature [class*='imageCaption']",
}


class APNewsSpider(NewsSpider):
    name = "apnews"
    origin = "https://apnews.com"
    host_aliases = ("www.apnews.com",)
    # AP has no RSS: the news sitemap and the hub pages list today's stories.
    sitemaps = ("/news-sitemap-content.xml",)
    backfill_sitemaps = ("/ap-sitemap.xml",)
    sections = ("/hub/ap-top-news", "/hub/world-news", "/hub/us-news", "/hub/politics",
                "/hub/business", "/hub/technology", "/hub/science", "/hub/health",
                "/hub/sports", "/hub/entertainment")
    # Stories only: /article/<slug>-<id> or the older /<id>; live blogs, videos and hubs differ.
    article_url = ARTICLE_ID
    language = "en"
    layouts = (
        ("div.RichTextStoryBody", STORY_PAGE),
        ("div.Article[data-key='article']", REACT_APP),
    )
    # Title, authors, dates, tags and summary come from the page metadata: the <h1> can be a
    # longer display headline than the story's own (og:title / JSON-LD headline). AP has no
    # standfirst; its description (the summary) restates the lead paragraph.
    body_exclude = (".Advertisement", ".Enhancement", ".HTMLModuleEnhancement", ".Infobox")
    title_suffix = r"\s*\|\s*AP News$"
    # "___" closes the story; contributor lines and corrections follow it.
    footer_markers = ("___",)

    def canonical_url(self, url: str) -> str:
        match = re.search(ARTICLE_ID, url)
        if not match:
            return self.default_canonical_url(url)
        return f"{self.origin}/article/{match.group(1).lower()}"
