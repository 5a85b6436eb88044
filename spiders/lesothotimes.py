"""Lesotho Times (lestimes.com): Lesotho's independent weekly, "News Without Fear or Favour".

Deprecated in Fundus (marked so there); built from the saved page all the same. WordPress (the
"Soledad" theme, ``penci-`` classes). The page metadata names the paper, not the reporters: the
story opens with its standfirst as paragraphs set wholly in italics ("…as communities cry
foul"), then the byline as a paragraph set wholly in bold ("Name/Name"); both are taken out of
the body into ``summary`` and ``authors``. Subheadings are bold paragraphs too, but only after
the first paragraph of text. Discovery: WordPress's /feed/ and Yoast's sitemap index.
"""

from __future__ import annotations

import re

from crawler.extract.text import element_text, join_paragraphs, split_paragraphs
from spiders.wordpress import WORDPRESS, WordPressSpider

CONTENT = "div.entry-content"
# A paragraph whose every piece of text sits in the one kind of inline element.
ONLY_IN = "./descendant::text()[normalize-space()][not(ancestor::{tag})]"


class LesothoTimesSpider(WordPressSpider):
    name = "lesothotimes"
    origin = "https://lestimes.com"
    host_aliases = ("www.lestimes.com",)
    article_url = r"^https?://[^/]+/[a-z0-9]+(?:-[a-z0-9]+)+/?(?=[?#]|$)"
    language = "en"
    selectors = {**WORDPRESS, "title": "h1.entry-title", "body": CONTENT}
    title_suffix = r"\s*-\s*Lesotho Times$"

    def opening(self, response) -> tuple[list[str], str | None]:
        """(standfirst paragraphs, byline) from the top of the story."""
        standfirst = []
        for paragraph in response.css(f"{CONTENT} > p"):
            text = element_text(paragraph.root)
            if not text:
                continue
            if _set_only_in(paragraph, "em"):
                standfirst.append(text)
                continue
            if _set_only_in(paragraph, "strong") and (standfirst or "/" in text):
                return standfirst, text
            break
        return standfirst, None

    def extract_summary(self, response, css):
        return " ".join(self.opening(response)[0]) or None

    def extract_authors(self, response, css):
        byline = self.opening(response)[1]
        if not byline:
            return []  # the metadata's then: the paper's name
        return [name for name in re.split(r"\s*/\s*|\s+and\s+", byline) if name]

    def extract_body(self, response, css):
        paragraphs = split_paragraphs(self.body(response, css))
        standfirst, byline = self.opening(response)
        for opening in (*standfirst, byline):
            if paragraphs and opening and paragraphs[0] == opening:
                paragraphs.pop(0)
        return join_paragraphs(paragraphs) or None


def _set_only_in(paragraph, tag: str) -> bool:
    return bool(paragraph.xpath(f".//{tag}")) and not paragraph.xpath(ONLY_IN.format(tag=tag))
