"""The sources this project can crawl: every spider Scrapy finds in ``spiders/``, declared
sources (``sources.toml``, built in ``spiders/configured.py``) included."""

from __future__ import annotations

from functools import cache

from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from crawler.config import ConfigError, adhoc_source
from spiders.parser import ArticleParser


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


def parser_for(name: str, base_url: str | None = None):
    """The source's parser (``spiders.parser``), without a spider."""
    return ArticleParser(spider_class(name), base_url)


def adhoc_spider(name: str, feeds: list[str], sitemaps: list[str]):
    """A spider for a source known only by feed and sitemap URLs, with generic extraction."""
    if name in source_names():
        raise ConfigError(f"source {name!r} exists; an ad-hoc crawl needs a name of its own")
    from spiders import configured  # imported here, as the loader does: it reads sources.toml
    return configured.spider_class(adhoc_source(name, feeds, sitemaps))
