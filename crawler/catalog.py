"""The generated list of supported sources (``docs/sources.md``), read off the spiders.

``python -m crawler.catalog > docs/sources.md`` writes it; a test checks that the file is
current, so a source added or changed without regenerating it fails the suite.
"""

from __future__ import annotations

import sys

from crawler.items import SELECTOR_FIELDS
from crawler.sources import source_names, spider_class

HEADER = """# Supported sources

Generated from the spiders by `python -m crawler.catalog > docs/sources.md`; do not edit by
hand. *Fields* says where each field comes from: a selector of the source (`css`), a method of
its own (`code`), generic extraction (`generic`), or else the page's metadata (JSON-LD,
OpenGraph, meta tags). Discovery points are fetched on every run, except *backfill* ones,
which only `--since` walks. A source's module docstring (`spiders/<name>.py`) or its
`sources.toml` entry says more about the site.
"""


def field_origins(spider) -> dict[str, str]:
    """{field: "css" | "code" | "generic"} for the fields the source itself reads."""
    declared = [spider.selectors, *(selectors for _, selectors in spider.layouts)]
    hooks = getattr(spider, "parse_hooks", {})
    origins = {}
    for field in SELECTOR_FIELDS:
        if f"extract_{field}" in hooks:
            origins[field] = "code"
        elif any(field in selectors for selectors in declared):
            origins[field] = "css"
        elif spider.generic_extraction:
            origins[field] = "generic"
    return origins


def _absolute(spider, path: str) -> str:
    return path if "://" in path else spider.origin.rstrip("/") + path


def _entry(name: str) -> str:
    spider = spider_class(name)
    if spider.__module__ == "spiders.configured":
        description = "Declared in `sources.toml`."
    else:
        description = (sys.modules[spider.__module__].__doc__ or "").strip().split("\n")[0]
    lines = [f"## `{name}`", "", description, "", f"- Site: {spider.origin}"]
    if spider.host_aliases:
        lines.append("- Also on: " + ", ".join(f"`{host}`" for host in spider.host_aliases))
    for label, points in (("Feeds", spider.feeds), ("News sitemaps", spider.sitemaps),
                          ("Sections", spider.sections),
                          ("Backfill sitemaps", spider.backfill_sitemaps)):
        if points:
            lines.append(f"- {label}: " + ", ".join(f"<{_absolute(spider, p)}>" for p in points))
    if spider.article_url:
        lines.append(f"- Article URLs: `{spider.article_url}`")
    origins = field_origins(spider)
    lines.append("- Fields: " + ", ".join(f"{field} ({how})" for field, how in origins.items())
                 + ("; the rest from metadata" if len(origins) < len(SELECTOR_FIELDS) else ""))
    if spider.language:
        lines.append(f"- Language: {spider.language}")
    return "\n".join(lines)


def sources_page() -> str:
    names = source_names()
    index = "| source | site |\n| --- | --- |\n" + "\n".join(
        f"| [`{name}`](#{name}) | {spider_class(name).origin} |" for name in names)
    entries = "\n\n".join(_entry(name) for name in names)
    return f"{HEADER}\n{len(names)} sources.\n\n{index}\n\n{entries}\n"


if __name__ == "__main__":
    sys.stdout.write(sources_page())
