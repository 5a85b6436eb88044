"""Reach plc's national tabloids on its Next.js platform: the Mirror and the Daily Star; each
source is a small subclass of ``ReachSpider`` (the Express, also Reach's, runs another
platform with other markup and URLs: see ``spiders/express.py``).

- Discovery (the same paths on both sites): the Google News sitemap `/map_news.xml` on every
  run; with `--since` the archive index `/sitemaps/sitemap_index.xml`.
- Articles: `/<section>[/<subsection>]/<slug>-<numeric id>`; the id identifies the story.
- Fields: title, authors and dates from the page's JSON-LD; summary: the lead text
  (`[data-testid=leadtext]`, an `h2` under the headline); body: the paragraphs and subheadings
  directly in `article#article-body`. Class names carry a build hash
  (`Paragraph_paragraph-text__PVKlh`), so they are matched by their stable prefix. Ads,
  "recommended" boxes, image groups and the byline sit in their own elements and stay out; the
  closing newsletter plug ("For the latest breaking news … sign up for our newsletters") is
  dropped.
"""

from __future__ import annotations

from spiders.base import NewsSpider

# A story's URL ends in its numeric id: /news/us-news/<slug>-36501522
REACH_ARTICLE_ID = r"-(\d{6,})(?=[/?#]|$)"
BODY = "article#article-body"


class ReachSpider(NewsSpider):
    """The platform; a site subclasses it with its name and origin."""

    sitemaps = ("/map_news.xml",)
    backfill_sitemaps = ("/sitemaps/sitemap_index.xml",)
    # Not live blogs' /live/ pages nor video, galleries or quizzes.
    article_url = (r"^https?://[^/]+/(?!(?:[\w-]+/)*(?:live|video|gallery|quizzes)/)"
                   r"(?:[\w-]+/)+[\w-]+" + REACH_ARTICLE_ID)
    language = "en"
    timezone = "Europe/London"
    selectors = {
        "summary": f"{BODY} > [data-testid=leadtext]",
        "body": ", ".join((f"{BODY} > p[class*=Paragraph_paragraph-text]",
                           *(f"{BODY} > {h}[class*=Heading]" for h in ("h2", "h3", "h4")))),
    }
    # The newsletter plug that closes a story.
    boilerplate = (r"For the latest breaking news and stories from across the globe\b.{0,80}"
                   r"sign up for our newsletters\s*\.?",)
