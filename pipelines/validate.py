"""Validate: an article without URL, title or body is dropped and counted by reason.

Runs after cleaning, so a page whose "body" was all captions and footer counts as bodyless.
Missing dates do not drop an article, but are counted: parser health watches them, and the
fields the source's selectors did not find and a fallback filled (``parser/fallback/<field>``:
a layout the source does not recognise). A page that declares itself paywalled (``free_access``
False) is counted as ``parsed/paywalled`` instead of its missing fields: a teaser is not a full
article, so parser health leaves it out.
"""

from __future__ import annotations

from itemadapter import ItemAdapter

from crawler.items import REQUIRED_FIELDS, WATCHED_FIELDS, missing_fields
from pipelines import SourcePipeline


class ValidatePipeline(SourcePipeline):
    stage = "validate"

    def process(self, item):
        self.count("parsed/articles")
        if ItemAdapter(item).get("free_access") is False:
            self.count("parsed/paywalled")
        else:
            for name in missing_fields(item, REQUIRED_FIELDS + WATCHED_FIELDS):
                self.count(f"parsed/missing_{name}")
        for name in ItemAdapter(item).get("fell_back") or ():
            self.count(f"parser/fallback/{name}")
        missing = missing_fields(item)
        if missing:
            raise self.drop(f"missing_{missing[0]}", ItemAdapter(item).get("url") or "(no url)")
        return item
