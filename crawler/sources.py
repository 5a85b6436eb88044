"""The sources this project can crawl: every spider Scrapy finds in ``spiders/``."""

from __future__ import annotations

from functools import cache

from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings


class UnknownSource(KeyError):
    def __str__(self) -> str:
        return f"unknown source {self.args[0]!r}; `crawler sources` lists them"


@cache
def _loader() -> SpiderLoader:
    return SpiderLoader.from_settings(get_project_settings())


def source_names() -> list[str]:
    return sorted(_loader().list())


def spider_class(name: str):
    try:
        return _loader().load(name)
    except KeyError:
        raise UnknownSource(name) from None
