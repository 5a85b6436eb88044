"""``crawler stats``: articles per day per source, as text bars and as a self-contained page."""

import re
from datetime import datetime, timedelta, timezone

import pytest

from crawler.cli import main
from crawler.commands.stats import text_bar
from tests.helpers import fill, stored_article

TODAY = datetime.now(timezone.utc).replace(hour=6, minute=0, second=0, microsecond=0)


def days_ago(n: int):
    return TODAY - timedelta(days=n)


def published(n: int) -> str:
    return f"{days_ago(n):%Y-%m-%dT%H:%M:%SZ}"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "news.db"
    ages = [0, 1, 1, 1, 1, 10, 60]  # 60 days ago is outside the default four weeks
    fill(path, "presstv", [stored_article("presstv", n, f"Story {n}", f"Text {n}.", published(age))
                           for n, age in enumerate(ages)])
    fill(path, "wire", [stored_article("wire", 1, "Wire story", "Wire text.", published(2))])
    return path


def run(db, capsys, *args) -> str:
    assert main(["stats", "--db", str(db), *args]) == 0
    return capsys.readouterr().out


def day_line(output: str, source: str, age: int) -> str:
    block = output.split(f"{source}: ", 1)[1].split("\n\n")[0]
    return next(line for line in block.splitlines()
                if line.startswith(f"  {days_ago(age):%Y-%m-%d}"))


def test_text_chart_counts_articles_per_day_per_source(db, capsys):
    output = run(db, capsys)
    assert "presstv: 6 articles" in output and "wire: 1 articles" in output
    assert day_line(output, "presstv", 1).split()[2] == "4"
    assert day_line(output, "presstv", 0).split()[2] == "1"
    assert day_line(output, "presstv", 5).split()[2] == "0"
    assert day_line(output, "wire", 2).split()[2] == "1"
    # Bars scale to the busiest day of all: 4 articles is the full width, 1 a quarter.
    assert day_line(output, "presstv", 1).endswith("█" * 40)
    assert day_line(output, "presstv", 0).endswith(" " + "█" * 10)
    assert len([line for line in output.splitlines() if line.startswith("  ")]) == 2 * 28


def test_weeks_and_source_narrow_the_chart(db, capsys):
    output = run(db, capsys, "--weeks", "1", "--source", "presstv")
    assert "presstv: 5 articles" in output and "wire" not in output


def test_partial_cells_use_eighth_blocks():
    assert text_bar(0, 8) == ""
    assert text_bar(1, 64, width=8) == "▏"
    assert text_bar(3, 8, width=8) == "███"
    assert text_bar(5, 16, width=4) == "█▎"


def test_html_page_is_self_contained_with_the_same_charts(db, capsys, tmp_path):
    page = tmp_path / "stats.html"
    run(db, capsys, "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert not re.search(r"<script|<link|<img|src=|url\(|https?://", html)
    assert "presstv <small>6 articles</small>" in html and "wire <small>1 articles</small>" in html
    bars = re.findall(r'<div class="bar" style="height:([\d.]+)%" title="([^"]+)"', html)
    assert len(bars) == 2 * 28
    assert ("100.0", f"{days_ago(1):%Y-%m-%d %a}: 4") in bars
    assert ("25.0", f"{days_ago(0):%Y-%m-%d %a}: 1") in bars
