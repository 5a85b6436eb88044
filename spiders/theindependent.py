"""The Independent (independent.co.uk): the digital-only national title, UK.

- Discovery: the Google News sitemap `/sitemaps/googlenews` on every run; with `--since` the
  archive index `/sitemap.xml`.
- Articles: `/<section>[/<subsection>…]/<slug>-b<numeric id>.html`; the "b" id identifies the
  story.
- Fields: title, authors and dates from the page's JSON-LD (the `<h1>` and og:title are
  shorter display versions); body: the paragraphs and subheadings directly in `#main` (class
  names are styled-components hashes, so the id is what stays put); newsletter sign-ups, ad and
  video slots sit in their own `div`s and stay out, and the "This is a breaking news story -
  more to follow" note is dropped. The `h2` under the headline is a teaser the reference
  parser does not count as a standfirst, so no summary is taken.
"""

from __future__ import annotations

from spiders.base import NewsSpider, children


class TheIndependentSpider(NewsSpider):
    name = "theindependent"
    origin = "https://www.independent.co.uk"
    host_aliases = ("independent.co.uk",)
    sitemaps = ("/sitemaps/googlenews",)
    backfill_sitemaps = ("/sitemap.xml",)
    article_url = r"^https?://[^/]+/(?:[\w-]+/)+[\w-]+-b\d{5,}\.html(?=[?#]|$)"
    language = "en"
    timezone = "Europe/London"
    selectors = {
        "body": children("#main", ("p", "h2", "h3", "ul", "blockquote")),
    }
    boilerplate = (r"This is a breaking news? story\s*[-–—]\s*more to follow\.?",)
