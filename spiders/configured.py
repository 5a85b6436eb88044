"""The sources declared in ``sources.toml`` (see ``crawler.config``), one spider class each.

The classes are built when Scrapy's spider loader imports this module, so ``scrapy list``,
``scrapy crawl NAME`` and ``crawler crawl NAME`` treat a declared source exactly like a coded
one: same base class, same discovery, pipelines, incremental skipping and run records.
"""

from __future__ import annotations

from scrapy.utils.misc import walk_modules_iter
from scrapy.utils.spider import iter_spider_classes

from crawler.config import ConfigError, DeclaredSource, declared_sources
from spiders.base import NewsSpider


def spider_class(source: DeclaredSource) -> type[NewsSpider]:
    class_name = "".join(part.capitalize() for part in source.name.split("_")) + "Spider"
    # __module__ must be this module: the spider loader only takes classes defined in it.
    return type(class_name, (NewsSpider,), {**source.spider_attributes(), "__module__": __name__,
                                            "__doc__": f"Declared in {source.path}."})


def coded_source_names() -> dict[str, str]:
    """The names taken by spiders written in Python (the other modules here), with their module."""
    taken = {}
    for module in walk_modules_iter(__package__):
        if module.__name__ != __name__:
            taken.update({spider.name: module.__name__ for spider in iter_spider_classes(module)})
    return taken


def _declare_sources() -> None:
    coded = coded_source_names()
    for source in declared_sources():
        if source.name in coded:
            raise ConfigError(f"{source.path}: the name {source.name!r} is taken by the coded "
                              f"source in {coded[source.name]}")
        # Named after the source, which is unique (class names need not be).
        globals()[f"{source.name}_spider"] = spider_class(source)


_declare_sources()
