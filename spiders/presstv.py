"""Press TV (presstv.ir): Iran's English-language state broadcaster.

- Discovery: `/rss.xml` and the section feeds `/rss/rss-<sid>.xml` (their items carry no dates),
  the section pages `/Section/<sid>` with numbered paging `/Section/<sid>/<n>` (two pages on an
  hourly run, as many as needed back to `--since` on a backfill), and with `--since` the monthly
  sitemaps behind `/sitemap.xml`.
- One article = one numeric id: `presstv.ir`, `presstv.co.uk`, `presstv.com`, any slug,
  `/Detail/` or `/detail/` all give `https://www.presstv.ir/Detail/YYYY/MM/DD/<id>`.
- Fields: title `h1.news-title-container`; section: the first breadcrumb link that is not
  News / BreakingNews / Notification; date from `time.news-modifydate-container` (Tehran local
  time, so +03:30, or +04:30 in the summers before 2023, stored as UTC), falling back to
  `DC.Date.Created`, then the URL's date; the "Last Update" in the same element is `modified_at`;
  body: paragraphs and subheadings of `div.news-body-container`, minus figures, captions and
  `data-oembed-url` cards; the site footer ("Press TV’s website can also be accessed at the
  following alternate addresses: … Press TV News Roku") ends the body. Press TV has no standfirst,
  so the lead paragraph is also the `summary`.
"""

from __future__ import annotations

import re

from crawler.extract.dates import date_from_url, to_utc_iso
from spiders.base import NewsSpider

# The id identifies the article; date and slug are decoration (and the slug may be empty).
ARTICLE_URL = r"(?i)/Detail/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/(\d+)(?:/|$|\?|#)"
MAIN_SECTIONS = (101, 102, 103, 104, 105, 106, 107, 108)
PAGE_DATE_FORMAT = "%A, %d %B %Y %I:%M %p"  # "Thursday, 01 October 2015 5:20 PM"


class PressTVSpider(NewsSpider):
    name = "presstv"
    origin = "https://www.presstv.ir"
    # presstv.com was seized in 2021; presstv.co.uk mirrors the same paths.
    host_aliases = ("presstv.ir", "presstv.co.uk", "www.presstv.co.uk", "presstv.com",
                    "www.presstv.com", "presstv.tv", "www.presstv.tv")
    feeds = ("/rss.xml", *(f"/rss/rss-{sid}.xml" for sid in MAIN_SECTIONS))
    sections = tuple(f"/Section/{sid}" for sid in MAIN_SECTIONS)
    # Monthly news sitemaps, 2014-12 to 2023-11; only a backfill needs them.
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = ARTICLE_URL
    language = "en"
    timezone = "Asia/Tehran"  # page dates carry no offset
    date_formats = (PAGE_DATE_FORMAT, "%m/%d/%Y %I:%M:%S %p")
    selectors = {
        "title": ("h1.news-title-container", "meta[property='og:title']::attr(content)"),
        "body": "div.news-body-container",
        "section": "div.news-section-container a[href*='/Section/']",
        "published_at": ("time.news-modifydate-container::attr(datetime)",
                         "meta[name='DC.Date.Created']::attr(content)"),
        "modified_at": "time.news-modifydate-container",
        "image_url": "meta[property='og:image']::attr(content)",
        "image_caption": ".news-image-container figure figcaption",
    }
    body_exclude = ("[data-oembed-url]", ".image-caption", ".share-box")
    lead_is_summary = True  # no standfirst on Press TV pages
    ignored_sections = ("News", "BreakingNews", "Notification")
    title_suffix = r"\s*[-|]\s*PressTV$|^PressTV\s*-\s*"
    footer_markers = ("Press TV’s website can also be accessed", "Press TV's website can also be accessed")
    boilerplate = (r"Press TV News Roku",)

    def canonical_url(self, url: str) -> str:
        match = re.search(ARTICLE_URL, url)
        if not match:
            return self.default_canonical_url(url)
        year, month, day, article_id = match.groups()
        return f"{self.origin}/Detail/{year}/{int(month):02d}/{int(day):02d}/{article_id}"

    def next_section_page(self, response, page):
        section = re.search(r"/Section/(\d+)", response.url)
        return f"{self.base_url}/Section/{section.group(1)}/{page + 1}" if section else None

    def extract_published_at(self, response, css):
        return self.date(response, css) or date_from_url(response.url)

    def extract_modified_at(self, response, css):
        """The visible date may add "[ Last Update: <date> ]"."""
        text = self.first_text(response, css) or ""
        update = re.search(r"Last Update:\s*([^\]]+)", text)
        if not update:
            return None
        return to_utc_iso(update.group(1), default_tz=self.timezone, formats=self.date_formats)
