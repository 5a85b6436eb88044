"""The project's settings, with overrides for a test crawl run through the real CLI.

A test sets ``SCRAPY_SETTINGS_MODULE=tests.sites.settings`` and ``TEST_SETTINGS`` (a JSON
object, e.g. ``{"DOWNLOAD_TIMEOUT": 1}``) in the child's environment; see ``settings_env``.
"""

import json
import os

from crawler.settings import *  # noqa: F403

globals().update(json.loads(os.environ.get("TEST_SETTINGS", "{}")))


def settings_env(**overrides) -> dict[str, str]:
    """The environment that makes a CLI child use these settings with ``overrides``."""
    return {"SCRAPY_SETTINGS_MODULE": __name__, "TEST_SETTINGS": json.dumps(overrides)}
