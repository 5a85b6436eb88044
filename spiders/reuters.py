"""Reuters (reuters.com): the Thomson Reuters news agency.

- Discovery: the news sitemap index `/arc/outboundfeeds/news-sitemap-index/?outputType=xml`
  (the last two days) and its child sitemaps; with `--since` the full index
  `/arc/outboundfeeds/sitemap-index/?outputType=xml`. Articles are `/<section>/…/<slug>-YYYY-MM-DD/`
  or, before 2020, `/article/…-id<ID>`; videos, pictures and graphics are not fetched.
- Before 2020 the id names the story: any slug or edition host (`uk.`, `in.`, `ca.`, `mobile.`)
  gives `https://www.reuters.com/article/id<ID>`; newer URLs keep their path.
- Two layouts: Arc pages (2021-; paragraphs and subheadings are the body's
  `[data-testid^=paragraph-]` and `[data-testid=Heading]` elements, `<p>` in 2023, `<div>` in
  2024, so galleries, ad slots, "Reporting by" and the trust badge are left out) and the
  StandardArticle pages (`div.StandardArticleBody_body`, minus photo, attribution and trust badge).
  The dateline lead ("KATHMANDU, April 25 (Reuters) - …") is the `summary` and not repeated in
  the body. Title, authors, dates and section from the metadata (section from the channel link
  on old pages); tags: the channel list, not the keyword codes.
"""

from __future__ import annotations

import re

from spiders.base import NewsSpider
from spiders.parser import unique

# 2020-: /<section>/<subsection>/<slug>-YYYY-MM-DD/
DATED_ARTICLE = r"^https?://[^/]+/(?!video/|pictures/|graphics/)[\w-]+/(?:[\w-]+/)*[\w%-]+-(?:19|20)\d\d-\d\d-\d\d/?(?:[?#]|$)"
# -2020: /article/[<channel>/]<slug>-id<ID>, the id (idUSKBN1XT00W) names the story.
OLD_ARTICLE = r"/article/(?:[\w-]+/)*(?:[\w%-]*-)?id([A-Z]{2}[A-Z0-9]{6,})(?:[/?#]|$)"

BODY = "div[class*='article-body__content']"
# 2021-: Arc pages; paragraphs and subheadings carry data-testid attributes (<p> in 2023,
# <div> in 2024), the rest of the body (galleries, ads, "Reporting by", trust badge) none.
ARC = {
    "summary": f"{BODY} [data-testid='paragraph-0']",
    "body": f"{BODY} [data-testid^='paragraph-'], {BODY} [data-testid='Heading']",
    # The keywords are internal codes (AER, GEN, ...); the channels name the topics.
    "tags": "meta[name='DCSext.ChannelList']::attr(content)",
    "image_caption": "[data-testid='primary-image'] figcaption",
}
# -2020: "StandardArticle".
STANDARD_ARTICLE = {
    "summary": "div.StandardArticleBody_body > p:first-of-type",
    "body": "div.StandardArticleBody_body",
    "section": ".ArticleHeader_channel a",  # its article:section is "Homepage"
    "image_caption": ".PrimaryAsset_container figcaption",
}


class ReutersSpider(NewsSpider):
    name = "reuters"
    origin = "https://www.reuters.com"
    # The old national editions served the same /article/ ids.
    host_aliases = ("reuters.com", "uk.reuters.com", "in.reuters.com", "ca.reuters.com",
                    "af.reuters.com", "mobile.reuters.com")
    sitemaps = ("/arc/outboundfeeds/news-sitemap-index/?outputType=xml",)  # the last two days
    backfill_sitemaps = ("/arc/outboundfeeds/sitemap-index/?outputType=xml",)
    article_url = f"{DATED_ARTICLE}|{OLD_ARTICLE}"
    language = "en"
    layouts = (
        (f"{BODY} [data-testid^='paragraph-']", ARC),
        ("div.StandardArticleBody_body", STANDARD_ARTICLE),
    )
    # The dateline lead ("KATHMANDU, April 25 (Reuters) - ...") is the summary, not body.
    summary_opens_body = True
    # Title, authors, dates and section come from the page metadata.
    body_exclude = (".PrimaryAsset_container", ".Attribution_container", "[class*='trustBadge']",
                    "a span[style*='clip']")  # the screen readers' ", opens new tab"
    title_suffix = r"\s*\|\s*Reuters$"

    def canonical_url(self, url: str) -> str:
        old = re.search(OLD_ARTICLE, url)
        return f"{self.origin}/article/id{old.group(1)}" if old else self.default_canonical_url(url)

    def extract_summary(self, response, css):
        """The lead is a body paragraph: read it as one (without the links' hidden notes)."""
        return self.extract_body(response, css)

    def extract_tags(self, response, css):
        """The channel list is one value: "Business;Asia Pacific;World"."""
        return [tag.strip() for value in unique(self.all_texts(response, css))
                for tag in value.split(";") if tag.strip()]
