"""The Guardian (theguardian.com).

- Discovery: the section feeds `/<section>/rss` (world, uk-news, us-news, australia-news,
  politics, business, environment, science, technology, global-development, commentisfree).
  Articles are `/<section>[/<series>]/YYYY/mon/DD/<slug>`; live blogs, galleries, video, audio and
  interactives are not fetched.
- `amp.theguardian.com`, the old `guardian.co.uk` and `CMP` / `utm_*` parameters give
  `https://www.theguardian.com/<path>`.
- Two layouts: the current pages name their parts with `data-gu-name` (headline, standfirst,
  body `.article-body-viewer-selector`, media caption); the pre-2020 pages use `content__`
  classes (body `.content__article-body` minus the topic and share list inside it). Figures,
  rich links, the sign-in gate and newsletter promotions are not body; subheadings are. The
  standfirst, which sits outside the body, is the `summary`. Authors, dates and section from the
  metadata; tags from the one comma-separated `article:tag`.
"""

from __future__ import annotations

from spiders.base import NewsSpider

# One article:tag holding every keyword, comma-separated (see ``extract_tags``).
KEYWORDS = "meta[property='article:tag']::attr(content)"
FEED_SECTIONS = ("world", "uk-news", "us-news", "australia-news", "politics", "business",
                 "environment", "science", "technology", "global-development", "commentisfree")

# Since 2020 ("dotcom rendering"): the parts of a page are named by data-gu-name.
DCR = {
    "title": "[data-gu-name=headline] h1",
    "summary": "[data-gu-name=standfirst]",
    "body": ("[data-gu-name=body] .article-body-viewer-selector",
             "[data-gu-name=body] #maincontent"),
    "image_caption": "[data-gu-name=media] figcaption",
    "tags": KEYWORDS,
}
# Until 2020: the "content__" classes; topics and share buttons sit inside the body.
FRONTEND = {
    "title": "h1.content__headline",
    "summary": ".content__standfirst",
    "body": ".content__article-body",
    "image_caption": ".media-primary figcaption",
    "tags": KEYWORDS,
}


class GuardianSpider(NewsSpider):
    name = "guardian"
    origin = "https://www.theguardian.com"
    # guardian.co.uk moved to theguardian.com in 2013; amp. serves the AMP pages.
    host_aliases = ("theguardian.com", "amp.theguardian.com", "m.theguardian.com",
                    "www.guardian.co.uk", "guardian.co.uk", "m.guardian.co.uk")
    feeds = tuple(f"/{section}/rss" for section in FEED_SECTIONS)
    # /<section>[/<series>]/<yyyy>/<mon>/<dd>/<slug>, minus live blogs, galleries, video, audio
    # and interactives, which have no article body.
    article_url = (r"^https?://[^/]+/(?!(?:[\w-]+/)*(?:live|gallery|video|audio|picture|"
                   r"ng-interactive|interactive)/)(?:[\w-]+/){1,2}\d{4}/[a-z]{3}/\d\d/[\w-]+"
                   r"(?=[?#]|$)")
    language = "en"
    selectors = DCR
    layouts = ((".content__article-body", FRONTEND),)
    body_exclude = (".submeta", ".element-rich-link", "#sign-in-gate")
    title_suffix = r"\s*\|(?:[^|]+\|)?\s*The Guardian$"  # "<title> | <section> | The Guardian"

    def extract_tags(self, response, css):
        """The keywords come as one comma-separated article:tag, not one tag each."""
        return [tag.strip() for value in self.all_texts(response, css)
                for tag in value.split(",") if tag.strip()]
