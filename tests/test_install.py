"""The crawler installed as a user installs it: a wheel, not editable, run from anywhere.

The wheel is built once per test session (offline: setuptools from this environment) and
installed without dependencies into a fresh virtualenv, which finds them in this
environment's site-packages. Every command then runs from an empty folder, with a home of its
own, so nothing of the checkout can be found by accident.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO
from tests.sites.generic_news import generic_news_site, news_stories

NOT_THE_PROJECT = shutil.ignore_patterns(".git", ".venv", "data", "tests", "benchmarks", ".ci",
                                         "build", "dist", "*.egg-info", "__pycache__")


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Path:
    """The ``bin/`` folder of a virtualenv with the project's wheel installed."""
    work = tmp_path_factory.mktemp("install")
    # Nothing of the checkout on the path (tests/conftest.py puts it on PYTHONPATH for the
    # tests' children): pip would take the checkout's own metadata for an installed copy.
    clean = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    source = work / "source"  # a copy: the build leaves build/ and *.egg-info behind
    shutil.copytree(REPO, source, ignore=NOT_THE_PROJECT)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(work / "dist"), str(source)],
                   check=True, capture_output=True, timeout=300, env=clean)
    (wheel,) = (work / "dist").glob("newscrawler-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120, env=clean)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"], text=True,
                               capture_output=True, check=True, env=clean).stdout.strip())
    # A path line, not a site folder: the editable install's finder there is not run.
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--quiet", str(wheel)], check=True, capture_output=True, timeout=300,
                   env=clean)
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path):
    """An empty working folder and an environment that names nothing of the checkout."""
    folder, home = tmp_path / "work", tmp_path / "home"
    folder.mkdir()
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("CRAWLER_", "SCRAPY_", "XDG_", "PYTHON", "VIRTUAL_ENV"))}
    return folder, {**env, "HOME": str(home)}


def run(bin_folder: Path, folder: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_folder / "crawler"), *args], cwd=folder, env=env, text=True,
                          capture_output=True, timeout=180)


def test_the_installed_crawler_works_from_an_empty_folder(installed, elsewhere, tmp_path):
    folder, env = elsewhere
    home = Path(env["HOME"])
    where = subprocess.run([str(installed / "python"), "-c", "import crawler, spiders; "
                            "print(crawler.__file__); print(spiders.__file__)"],
                           cwd=folder, env=env, text=True, capture_output=True, check=True)
    assert all(str(installed.parent) in line for line in where.stdout.splitlines())  # the wheel's

    from crawler.sources import declared_names  # the checkout's, to compare with
    listed = run(installed, folder, env, "sources")
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()[1:]] == declared_names()
    assert {"france24", "dw", "presstv"} <= set(declared_names())  # package data, code
    default_db = home / ".local" / "share" / "newscrawler" / "news.db"
    assert listed.stderr.strip() == f"(no database yet at {default_db})"

    page = folder / "presstv-page.html"
    saved = sorted((FIXTURES / "presstv").glob("*.html"))[0]
    shutil.copy(saved, page)
    parsed = run(installed, folder, env, "parse", "--source", "presstv", page.name)
    assert parsed.returncode == 0, parsed.stderr
    from tests.helpers import parse_fixture
    expected = parse_fixture("presstv", saved.stem, json.loads(parsed.stdout)["url"])
    article = json.loads(parsed.stdout)
    assert article["title"] == expected.title and article["body"] == expected.body
    assert article["title"] and article["published_at"] == expected.published_at

    stories = news_stories(4)
    with generic_news_site(tmp_path / "site", stories) as site:
        first = run(installed, folder, env, "crawl", "--name", "quick_look", "--feed",
                    f"{site.url}/feed.xml")
        assert first.returncode == 0, first.stderr
        assert "quick_look ok: +3 new" in first.stdout  # cleaned, validated, deduped, stored
        again = run(installed, folder, env, "crawl", "quick_look")
        assert again.returncode == 0, again.stderr
        assert "quick_look ok: +0 new" in again.stdout
    assert sorted(os.listdir(folder)) == [page.name]  # no ./data, no ./logs where it stood
    assert default_db.is_file() and (default_db.parent / "logs").is_dir()

    runs = run(installed, folder, env, "runs", "--source", "quick_look")
    assert [line.split()[3] for line in runs.stdout.splitlines()[1:]] == ["ok", "ok"]
    exported = run(installed, folder, env, "export", "quick_look")
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert sorted(row["title"] for row in rows) == sorted(story.title for story in stories[:3])
    assert all(row["word_count"] and row["content_hash"] for row in rows)  # the pipelines ran
