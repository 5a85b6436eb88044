"""Fixtures every test folder may use; what tests import is in tests/helpers.py."""

import os

import pytest
from scrapy.utils.test import get_crawler

from spiders.presstv import PressTVSpider
from tests.helpers import REPO
from tests.sites.presstv import build_presstv_site, fixture_articles
from tests.sites.server import FixtureSite

# Test crawls go to servers on 127.0.0.1: fast settings, not the polite defaults for real
# sites (tests/sites/settings.py). Children of the tests inherit it, and find it from any
# working directory.
os.environ["SCRAPY_SETTINGS_MODULE"] = "tests.sites.settings"
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


@pytest.fixture
def presstv_articles():
    return fixture_articles(24)


@pytest.fixture
def presstv_site(tmp_path, presstv_articles):
    routes = build_presstv_site(tmp_path / "site", presstv_articles)
    with FixtureSite(tmp_path / "site", routes) as site:
        yield site


@pytest.fixture
def crawler(tmp_path):
    """A real Scrapy crawler (stats, settings, spider) on a temporary database."""
    crawler = get_crawler(PressTVSpider, {"CRAWLER_DB": str(tmp_path / "news.db")})
    crawler.spider = crawler._create_spider()
    return crawler
