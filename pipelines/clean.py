"""Clean pipeline: each article cleaned by its source's rules (``crawler.extract.clean``).

A parse worker (``crawler.run.parse_workers``) cleans the pages it parses; those pass as they are.
"""

from __future__ import annotations

from crawler.extract.clean import CleaningRules, clean_article
from crawler.items import Article
from pipelines import SourcePipeline


class CleanPipeline(SourcePipeline):
    stage = "clean"

    def open_spider(self):
        self.rules = CleaningRules.of(self.spider)

    def process(self, item):
        if not isinstance(item, Article):
            raise TypeError(f"expected an Article, got {type(item).__name__}")
        if item.cleaned:
            return item
        return clean_article(item, self.rules)
