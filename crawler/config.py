"""Sources declared without code: ``sources.toml`` (or ad hoc, from feed and sitemap URLs).

One TOML table per source; its name becomes the table name. Keys are the ``NewsSpider``
attributes of the same name (see ``spiders/base.py``), so a declared source means exactly
what a coded one does. ``spiders/configured.py`` turns each into a spider class.

One file is read, the first of: ``$CRAWLER_SOURCES`` (the CLI's ``--sources-file`` sets it),
the user's ``$XDG_CONFIG_HOME/newscrawler/sources.toml`` when it exists, and the shipped
``spiders/sources.toml`` (``crawler.paths``); a missing shipped file declares nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from parsel import css2xpath

from crawler.items import SELECTOR_FIELDS
from crawler.paths import SHIPPED_SOURCES, user_sources_file
from crawler.store import StoreError, check_source_name
from crawler.urls import host_of, is_http_url, origin_of

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

SOURCES_ENV = "CRAWLER_SOURCES"
DEFAULT_SOURCES_FILE = SHIPPED_SOURCES
LIST_KEYS = ("host_aliases", "feeds", "sitemaps", "backfill_sitemaps", "sections", "body_exclude")
TEXT_KEYS = ("origin", "next_page", "article_url", "timezone", "language", "proxy")
KNOWN_KEYS = (*LIST_KEYS, *TEXT_KEYS, "section_pages", "selectors", "download_delay", "render")


class ConfigError(Exception):
    """A sources file that cannot be used: printed as one line, exit status 2."""


@dataclass(frozen=True)
class DeclaredSource:
    """A source without code; every attribute but ``path`` is a ``NewsSpider`` attribute."""

    name: str
    origin: str
    host_aliases: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    backfill_sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    section_pages: int = 2
    next_page: str | None = None
    article_url: str | None = None
    timezone: str | None = None
    language: str | None = None
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    body_exclude: tuple[str, ...] = ()
    proxy: str | None = None  # crawler/fetch/proxy.py
    # Seconds between requests; only ever slower (crawler/fetch/throttle.py).
    download_delay: float = 0.0
    render: bool = False  # article pages through a headless browser (crawler/fetch/render.py)
    path: str = ""  # where it was declared, for messages

    def spider_attributes(self) -> dict:
        attributes = {name: getattr(self, name) for name in self.__dataclass_fields__
                      if name != "path"}
        # Without a body selector the generic extractor finds the main text (and what else
        # no selector gives); with one, the page's metadata fills the other fields.
        attributes["generic_extraction"] = "body" not in self.selectors
        delay = attributes.pop("download_delay")
        if delay:  # Scrapy's per-spider DOWNLOAD_DELAY (the attribute is deprecated)
            attributes["custom_settings"] = {"DOWNLOAD_DELAY": delay}
        return attributes


def sources_file() -> Path:
    """The one sources file in use: ``$CRAWLER_SOURCES``, the user's, or the shipped one."""
    if os.environ.get(SOURCES_ENV):
        return Path(os.environ[SOURCES_ENV])
    user = user_sources_file()
    return user if user.is_file() else DEFAULT_SOURCES_FILE


def declared_sources(path: str | os.PathLike | None = None) -> list[DeclaredSource]:
    """The sources declared in ``path`` (default: ``sources_file()``), validated."""
    explicit = path is not None or bool(os.environ.get(SOURCES_ENV))
    path = Path(path) if path is not None else sources_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{path}: no such sources file") from None
        return []
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror}") from None
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    sources = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {name!r} must be a table ([{name}]), not a value")
        sources.append(_source(name, table, f"{path} [{name}]"))
    return sources


def adhoc_source(name: str, feeds: list[str], sitemaps: list[str]) -> DeclaredSource:
    """A source from feed and sitemap URLs alone: the first URL's origin, all their hosts."""
    urls = [*feeds, *sitemaps]
    if not urls:
        raise ConfigError("an ad-hoc source needs at least one --feed or --sitemap URL")
    for url in urls:
        _check_url(url, "--feed/--sitemap", "crawl --name")
    hosts = list(dict.fromkeys(host_of(url) for url in urls))
    return _source(name, {"origin": origin_of(urls[0]), "host_aliases": hosts,
                          "feeds": feeds, "sitemaps": sitemaps}, "crawl --name")


def adhoc_domain_source(name: str, domains: list[str]) -> DeclaredSource:
    """A source known by its domains alone (``backfill --name``): every page of theirs, and of
    their ``www.`` hosts, is a candidate article, read with generic extraction."""
    hosts = [host for domain in domains
             for host in dict.fromkeys((domain.lower(), "www." + domain.lower().removeprefix("www.")))]
    for host in hosts:
        if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?", host):
            raise ConfigError(f"backfill --domain: {host!r} is not a domain name")
    # The sitemap only satisfies the declaration's rule: a backfill discovers nothing.
    return _source(name, {"origin": f"https://{hosts[0]}", "host_aliases": hosts,
                          "sitemaps": ["/sitemap.xml"]}, "backfill --name")


def _source(name: str, table: dict, where: str) -> DeclaredSource:
    try:
        check_source_name(name)
    except StoreError as error:
        shown = where.replace("\r", "\\r").replace("\n", "\\n")  # one line, whatever the name
        raise ConfigError(f"{shown}: {error}") from None
    unknown = sorted(set(table) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} "
                          f"(known: {', '.join(sorted(KNOWN_KEYS))})")
    if "origin" not in table:
        raise ConfigError(f"{where}: 'origin' is required (e.g. \"https://www.example.com\")")
    values = {key: _text(table[key], key, where) for key in TEXT_KEYS if key in table}
    values.update({key: _texts(table[key], key, where) for key in LIST_KEYS if key in table})
    _check_url(values["origin"], "origin", where)
    if not any(values.get(key) for key in ("feeds", "sitemaps", "backfill_sitemaps", "sections")):
        raise ConfigError(f"{where}: nothing to discover articles from: give feeds, sitemaps "
                          f"or sections")
    if "section_pages" in table:
        pages = table["section_pages"]
        if type(pages) is not int or pages < 1:
            raise ConfigError(f"{where}: 'section_pages' must be a whole number of pages, >= 1")
        values["section_pages"] = pages
    if "article_url" in values:
        try:
            re.compile(values["article_url"])
        except re.error as error:
            raise ConfigError(f"{where}: 'article_url' is not a regular expression: "
                              f"{error}") from None
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"{where}: unknown timezone {values['timezone']!r} "
                              f"(use an IANA name such as \"Europe/Paris\")") from None
    if "proxy" in values:
        _check_url(values["proxy"], "proxy", where)
    if "download_delay" in table:
        delay = table["download_delay"]
        if type(delay) not in (int, float) or delay < 0:
            raise ConfigError(f"{where}: 'download_delay' must be a number of seconds, >= 0")
        values["download_delay"] = float(delay)
    if "render" in table:
        if type(table["render"]) is not bool:
            raise ConfigError(f"{where}: 'render' must be true or false")
        values["render"] = table["render"]
    values["selectors"] = check_selectors(table.get("selectors", {}), where)
    for css in (*values.get("body_exclude", ()), values.get("next_page")):
        if css and not css.startswith(("./", "/")):  # body_exclude may be XPath
            _check_css(css, where)
    return DeclaredSource(name=name, path=where, **values)


def check_selectors(table, where: str) -> dict[str, tuple[str, ...]]:
    """A source's ``selectors`` (field -> CSS, or several tried in order), checked: every key
    a field, every CSS valid. The same for a TOML source and a coded one's class."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: 'selectors' must be a table: field = \"CSS\"")
    unknown = sorted(set(table) - set(SELECTOR_FIELDS))
    if unknown:
        raise ConfigError(f"{where}: no field {unknown[0]!r} to select "
                          f"(fields: {', '.join(SELECTOR_FIELDS)})")
    selectors = {}
    for field_name, value in table.items():
        selectors[field_name] = _texts(value, f"selectors.{field_name}", where)
        for css in selectors[field_name]:
            _check_css(css, where)
    return selectors


def check_declaration(selectors, layouts, where: str) -> None:
    """A coded source's ``selectors`` and ``layouts`` ((CSS found only in that layout, its
    selectors), ...), by the rules of ``check_selectors``."""
    check_selectors(selectors, where)
    for number, layout in enumerate(layouts, start=1):
        if not (isinstance(layout, tuple) and len(layout) == 2 and isinstance(layout[0], str)):
            raise ConfigError(f"{where}: layout {number} must be (CSS, selectors)")
        _check_css(layout[0], where)
        check_selectors(layout[1], f"{where} layout {layout[0]!r}")


def _text(value, key: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _texts(value, key: str, where: str) -> tuple[str, ...]:
    """A list of strings; one string stands for a list of one."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)):
        raise ConfigError(f"{where}: {key!r} must be a string or a list of strings")
    return tuple(_text(item, key, where) for item in values)


def _check_url(url: str, key: str, where: str) -> None:
    if not is_http_url(url):
        raise ConfigError(f"{where}: {key} {url!r} is not an http(s) URL")


def _check_css(css: str, where: str) -> None:
    try:
        css2xpath(css)
    except Exception as error:  # cssselect raises several kinds on bad syntax
        raise ConfigError(f"{where}: bad CSS selector {css!r}: {error}") from None
