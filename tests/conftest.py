import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sites.presstv import build_presstv_site, fixture_articles
from tests.sites.server import FixtureSite

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"

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


def run_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The crawler CLI in a child process, as cron would run it."""
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def parse_fixture(source: str, name: str, url: str):
    """``tests/fixtures/<source>/<name>.html`` parsed and cleaned as a crawl would."""
    from crawler.parsing import parse_page, read_page

    return parse_page(read_page(FIXTURES / source / f"{name}.html"), url, source)
