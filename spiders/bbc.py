"""BBC News (bbc.com / bbc.co.uk).

- Discovery: the feeds on `feeds.bbci.co.uk`: `/news/rss.xml` and `/news/<section>/rss.xml`
  (world, uk, business, politics, health, education, science_and_environment, technology,
  entertainment_and_arts). Articles are `/news/articles/<id>` or `/news/<section>-<number>`;
  `/news/av/` videos and `/news/live/` pages are not fetched.
- `bbc.co.uk`, `m.bbc.co.uk`, AMP (`/news/amp/…`, `….amp`) and the feeds' `at_medium` /
  `at_campaign` parameters all give `https://www.bbc.com/news/…`.
- Three layouts: 2026 (`<main id="bbc-main">`) and 2023–2025 (`<main id="main-content">`) build
  the story from `data-component` blocks — the body is the `text-block`s and
  `subheadline-block`s only, so images, captions, bylines, ads, story links and tags stay out;
  until about 2022 one `div.story-body__inner`. The standfirst is the story's first paragraph,
  set in bold (`p.story-body__introduction` on old pages): it goes to `summary` and leaves the
  body; where there is none, `summary` is the page description. Lists made only of links to
  other stories are dropped, bullet points kept. Title from the page's `<h1>` (old pages' JSON-LD
  headline is a shorter search headline); authors (the newsroom, "BBC News", when there is no
  byline), dates and image from the JSON-LD; tags from the topic links. "Follow BBC … on
  Facebook …" lines are dropped.
"""

from __future__ import annotations

from spiders.base import LINK_LISTS, NewsSpider

FEEDS = "https://feeds.bbci.co.uk/news"
FEED_SECTIONS = ("world", "uk", "business", "politics", "health", "education",
                 "science_and_environment", "technology", "entertainment_and_arts")

# Since about 2023 an article is a row of ``data-component`` blocks inside <article>: text
# blocks hold the paragraphs, subheadline blocks the subheadings; everything else (images,
# captions, bylines, ads, story links, tags) is furniture. The standfirst, where there is
# one, is the first paragraph, set in bold.
BLOCKS = {
    "title": "article [data-component=headline-block] h1",
    "summary": ("article [data-component=text-block] p:first-child > b:only-child",
                "article [data-component=text-block] p:first-child > strong:only-child"),
    "body": "article [data-component=text-block], article [data-component=subheadline-block]",
}
# 2026 (<main id="bbc-main">), and pages no layout below recognises: topics in a tag-list block.
BLOCKS_2026 = {**BLOCKS, "tags": "article [data-component=tag-list-block] a"}
# 2023-2025 (<main id="main-content">): topics in a "tags" block.
BLOCKS_2024 = {**BLOCKS, "tags": "article [data-component=tags] a"}
# Until about 2022: one story-body container; the standfirst has its own class.
STORY_BODY = {
    "title": "h1.story-body__h1",
    "summary": "div.story-body__inner p.story-body__introduction",
    "body": "div.story-body__inner",
    "tags": "ul.tags-list a",
}


class BBCSpider(NewsSpider):
    name = "bbc"
    origin = "https://www.bbc.com"
    # bbc.co.uk serves the same articles to the UK; the feeds live on their own host.
    host_aliases = ("bbc.com", "bbc.co.uk", "www.bbc.co.uk", "m.bbc.co.uk", "m.bbc.com",
                    "feeds.bbci.co.uk")
    feeds = (f"{FEEDS}/rss.xml", *(f"{FEEDS}/{section}/rss.xml" for section in FEED_SECTIONS))
    # /news/articles/<id> (since 2023) and /news/<section>-<number>; not /news/av/ (video)
    # or /news/live/ (live pages). AMP variants end in .amp or sit under /news/amp/.
    article_url = (r"/news/(?:amp/)?(?:articles/c[a-z0-9]{8,}|(?:[a-z_]+-)+\d{6,})"
                   r"(?:\.amp)?/?(?=[?#]|$)")
    language = "en"
    selectors = BLOCKS_2026
    layouts = (("main#main-content article [data-component]", BLOCKS_2024),
               ("div.story-body__inner", STORY_BODY))
    summary_opens_body = True
    body_exclude = (LINK_LISTS, ".bbccom_slot", ".social-embed")
    title_suffix = r"\s*-\s*BBC News$"
    # Social-media and radio plugs that close regional and Newsbeat stories.
    boilerplate = (r"Follow (?:BBC|Newsbeat)\b.{0,120}\bon (?:Facebook|Instagram|X|Twitter)\b.*",
                   r"Listen to Newsbeat live.*")
