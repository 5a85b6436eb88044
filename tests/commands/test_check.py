"""`crawler check`: field coverage of a source's saved pages, exit 3 below the health threshold."""

import pytest

from crawler.cli import main
from tests.helpers import run_cli
from tests.sites.generic_news import news_stories

SOURCES = """
[daily_example]
origin = "https://news.example.org"
feeds = "/feed.xml"
[daily_example.selectors]
summary = "div.standfirst"
"""


def test_saved_fixtures_of_coded_and_declared_sources_pass(capsys):
    assert main(["check", "presstv", "france24"]) == 0
    presstv, france24 = capsys.readouterr().out.splitlines()
    assert presstv.startswith("presstv: 1 pages  title 1/1  summary 1/1  body 1/1  authors 0/1  "
                              "published_at 1/1  modified_at 1/1  section 1/1")
    assert france24 == ("france24: 1 pages  title 1/1  summary 1/1  body 1/1  authors 1/1  "
                        "published_at 1/1  modified_at 1/1  section 1/1  tags 1/1  "
                        "language 1/1  image_url 1/1")


def test_pages_that_lost_their_date_fail_the_check(tmp_path):
    """Two pages as they were, one after a redesign that dropped the structured data."""
    pages = []
    for story, redesigned in zip(news_stories(3), (False, False, True)):
        page = tmp_path / f"{'redesigned' if redesigned else 'story'}-{story.n}.html"
        page.write_text(story.html("https://news.example.org", redesigned), encoding="utf-8")
        pages.append(str(page))
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    result = run_cli("check", "daily_example", "--sources-file", str(sources), "--pages", *pages)
    assert result.returncode == 3
    assert result.stdout.splitlines() == [
        "daily_example: 3 pages  title 3/3  summary 3/3  body 3/3  authors 2/3  published_at 2/3  "
        "modified_at 2/3  section 2/3  tags 2/3  language 3/3  image_url 2/3"]
    assert result.stderr.splitlines() == [
        "BELOW daily_example: published_at on 2/3 pages (more than 20% without it): "
        "redesigned-2.html"]


def test_a_source_without_saved_pages_is_told_to_give_them(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    result = run_cli("check", "daily_example", "--sources-file", str(sources))
    assert result.returncode == 2
    assert "no saved pages for daily_example in" in result.stderr and "give --pages" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["nosuchsource"], "unknown source 'nosuchsource'"),
    (["presstv", "dw", "--pages", "a.html"], "--pages goes with one source"),
    (["presstv", "--pages", "/nonexistent/page.html"], "cannot read /nonexistent/page.html"),
])
def test_usage_errors_exit_2(capsys, args, message):
    assert main(["check", *args]) == 2
    assert message in capsys.readouterr().err
