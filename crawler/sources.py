"""The sources this project can crawl: every spider Scrapy finds in ``spiders/``, declared
sources (a sources file, built in ``spiders/configured.py``) included, and the ad-hoc sources
kept in a database (``crawl --name … --feed …`` once, then ``crawl NAME``)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from scrapy.spiderloader import SpiderLoader

from crawler.config import ConfigError, adhoc_source
from crawler.paths import project_settings
from crawler.store import Store
from spiders.parser import ArticleParser


class UnknownSource(KeyError):
    def __str__(self) -> str:
        return f"unknown source {self.args[0]!r}; `crawler sources` lists them"


@cache
def _loader() -> SpiderLoader:
    return SpiderLoader.from_settings(project_settings())


def declared_names() -> list[str]:
    """The coded and declared sources (not a database's ad-hoc ones)."""
    return sorted(_loader().list())


def source_names(db: str | os.PathLike | None = None) -> list[str]:
    """Every source: coded, declared, and the ad-hoc ones kept in ``db`` (if given and there)."""
    return sorted({*declared_names(), *adhoc_sources(db)})


def spider_class(name: str, db: str | os.PathLike | None = None):
    try:
        return _loader().load(name)
    except KeyError:
        pass
    kept = adhoc_sources(db).get(name)
    if kept is None:
        raise UnknownSource(name)
    return adhoc_spider(name, kept["feeds"], kept["sitemaps"])


def adhoc_sources(db: str | os.PathLike | None = None) -> dict[str, dict]:
    """The ad-hoc sources kept in database ``db``; none without one, or before it exists."""
    if db is None or not Path(db).is_file():
        return {}
    store = Store(db)
    try:
        return store.adhoc_sources()
    finally:
        store.close()


def parser_for(name: str, base_url: str | None = None, db: str | os.PathLike | None = None):
    """The source's parser (``spiders.parser``), without a spider."""
    return ArticleParser(spider_class(name, db), base_url)


def adhoc_spider(name: str, feeds: list[str], sitemaps: list[str]):
    """A spider for a source known only by feed and sitemap URLs, with generic extraction."""
    if name in declared_names():
        raise ConfigError(f"source {name!r} exists; an ad-hoc crawl needs a name of its own")
    from spiders import configured  # imported here, as the loader does: it reads sources.toml
    return configured.spider_class(adhoc_source(name, feeds, sitemaps))
