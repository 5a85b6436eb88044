"""The project's settings, fast for the fixture sites on 127.0.0.1, with a test's overrides.

Every test crawl uses this module (tests/conftest.py sets ``SCRAPY_SETTINGS_MODULE`` for the
whole session, so CLI children and ``scrapy crawl`` get it too): the project's polite defaults
with benchmarks/local_settings.py's fast values, then ``TEST_SETTINGS`` (a JSON object, e.g.
``{"DOWNLOAD_TIMEOUT": 1}``) from the child's environment; see ``settings_env``. A test of
the defaults themselves runs its child with ``SCRAPY_SETTINGS_MODULE=crawler.settings``.
"""

import json
import os

from benchmarks.local_settings import *  # noqa: F403

globals().update(json.loads(os.environ.get("TEST_SETTINGS", "{}")))


def settings_env(**overrides) -> dict[str, str]:
    """The environment that makes a CLI child use these settings with ``overrides``."""
    return {"SCRAPY_SETTINGS_MODULE": __name__, "TEST_SETTINGS": json.dumps(overrides)}
