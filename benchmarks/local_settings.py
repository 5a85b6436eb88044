"""The crawler's settings, fast for a server on 127.0.0.1: tests and benchmarks use this module.

The project's defaults (crawler/settings.py) are polite to real newsrooms: a request a second
per site, two at a time. A local fixture server or benchmark mirror needs none of that, so
whatever crawls one says so explicitly: ``SCRAPY_SETTINGS_MODULE=benchmarks.local_settings``
(tests/sites/settings.py builds on it).
"""

from crawler.settings import *  # noqa: F403

LOCAL_SERVER = {
    "DOWNLOAD_DELAY": 0.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "AUTOTHROTTLE_START_DELAY": 0.02,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0,
    "THROTTLE_BACKOFF_MIN": 0.0,
}
globals().update(LOCAL_SERVER)
