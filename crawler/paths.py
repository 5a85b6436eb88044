"""Where the crawler finds its settings and sources and keeps its data, however it is installed.

Nothing here depends on the working directory, so a crontab line without ``cd``, a ``pipx``
install and a checkout all find the same things:

- settings: the ``crawler.settings`` module, or ``$SCRAPY_SETTINGS_MODULE`` (Scrapy's
  ``scrapy.cfg`` is only for ``scrapy`` commands run in a checkout);
- declared sources: the first of ``--sources-file`` / ``$CRAWLER_SOURCES``, the user's
  ``$XDG_CONFIG_HOME/newscrawler/sources.toml`` (``~/.config/…``) when it exists, and the
  shipped ``spiders/sources.toml`` (package data);
- the database: ``--db``, else ``$CRAWLER_DB``, else ``data/news.db`` in the checkout the
  package runs from (an editable install), else ``$XDG_DATA_HOME/newscrawler/news.db``
  (``~/.local/share/…``); its ``logs/`` and ``locks/`` are beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.settings import Settings

SETTINGS_MODULE = "crawler.settings"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the checkout, or site-packages
SHIPPED_SOURCES = PACKAGE_ROOT / "spiders" / "sources.toml"
APP = "newscrawler"


def project_settings() -> Settings:
    """The project's Scrapy settings, found by module name rather than through ``scrapy.cfg``
    (``$SCRAPY_SETTINGS_MODULE`` names another module, as it does for Scrapy)."""
    module = os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)  # and children's
    settings = Settings()
    settings.setmodule(module, priority="project")
    return settings


def checkout() -> Path | None:
    """The source checkout this package runs from (an editable install), else None."""
    return PACKAGE_ROOT if (PACKAGE_ROOT / "pyproject.toml").is_file() and \
        (PACKAGE_ROOT / "scrapy.cfg").is_file() else None


def _xdg(variable: str, default: str) -> Path:
    value = os.environ.get(variable)
    base = Path(value) if value and Path(value).is_absolute() else Path.home() / default
    return base / APP


def user_sources_file() -> Path:
    """Where a user keeps their own sources file: ``$XDG_CONFIG_HOME/newscrawler/sources.toml``."""
    return _xdg("XDG_CONFIG_HOME", ".config") / "sources.toml"


def default_db() -> Path:
    """The database when neither ``--db`` nor ``$CRAWLER_DB`` names one (absolute)."""
    root = checkout()
    if root is not None:  # a checkout's cron lines and data/ stay where they always were
        return root / "data" / "news.db"
    return _xdg("XDG_DATA_HOME", ".local/share") / "news.db"
