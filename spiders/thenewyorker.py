"""The New Yorker (newyorker.com): Condé Nast's weekly magazine.

Condé Nast's "Verso" platform: a React page whose styled-component classes carry build hashes
(``SplitScreenContentHeaderDek-juoqbv``), so selectors match the stable part. The headline and
the dek (standfirst) sit in the content header; the story is the paragraphs and subheadings of
the ``div.body__inner-container`` blocks (several, split by ads and "inline recirculation" story
links, which are left out). Dates and authors come from the NewsArticle JSON-LD (the ``author``
meta tag names Condé Nast). Discovery: the Google News sitemap (every run) and the sitemap index
(backfill), as Fundus declares them.
"""

from __future__ import annotations

from spiders.base import NewsSpider, children

BODY = "div.body__inner-container"


class TheNewYorkerSpider(NewsSpider):
    name = "thenewyorker"
    origin = "https://www.newyorker.com"
    host_aliases = ("newyorker.com",)
    sitemaps = ("/feed/google-news-sitemap-feed/sitemap-google-news",)
    backfill_sitemaps = ("/sitemap.xml",)
    # /<section>/<rubric>/<slug>, and /magazine/<yyyy>/<mm>/<dd>/<slug> for the print issue;
    # not /tag/, /contributors/ or a section's own page.
    article_url = (r"^https?://[^/]+/(?:news|magazine|culture|books|science|tech|business|"
                   r"humor|sports|podcasts|politics)/(?:[\w-]+/){1,4}[\w-]+/?(?=[?#]|$)")
    language = "en"
    selectors = {
        "title": "header.article__content-header h1",
        "summary": "header.article__content-header [class*=ContentHeaderDek]",
        "body": children(BODY, ("p", "h2", "h3")),
    }
