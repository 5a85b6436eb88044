"""``crawler export``: JSON Lines and CSV, streamed from a cursor in constant memory."""

import csv
import json
import tracemalloc

import pytest

from crawler.cli import main
from tests.helpers import fill, stored_article

ROWS = 3000
PARAGRAPH = "A sentence of article text that goes on for a while, as reports do. " * 30


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "news.db"
    fill(path, "presstv", [
        stored_article("presstv", n, f"Story {n}", f"{PARAGRAPH}\n\nÇa va, ğ — {n}.",
                     f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T07:00:00Z")
        for n in range(ROWS)])
    return path


def export(db, out, *args) -> int:
    """Run the export in this process; return the peak memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        assert main(["export", "presstv", "--db", str(db), "-o", str(out), *args]) == 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_memory_stays_flat_whatever_the_table_size(db, tmp_path, form):
    out = tmp_path / f"all.{form}"
    peak = export(db, out, "--format", form)
    size = out.stat().st_size
    assert size > 6_000_000  # ~2 kB per row
    # Row by row: the peak is a few rows' worth, not the table's.
    assert peak < size / 20, f"peak {peak} bytes for a {size}-byte export"


def test_jsonl_has_one_article_per_line_with_lists_as_lists(db, tmp_path):
    out = tmp_path / "all.jsonl"
    export(db, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == ROWS
    first = json.loads(lines[0])
    assert first["authors"] == ["A. Writer"] and first["tags"] == ["world"]
    assert first["body"].endswith("Ça va, ğ — " + first["title"].split()[1] + ".")
    dates = [json.loads(line)["published_at"] for line in lines]
    assert dates == sorted(dates)


def test_csv_has_a_header_and_every_row(db, tmp_path):
    out = tmp_path / "all.csv"
    export(db, out, "--format", "csv")
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == ROWS
    assert {"url", "title", "body", "published_at"} <= set(rows[0])
    assert json.loads(rows[0]["authors"]) == ["A. Writer"]
    assert "\n\n" in rows[0]["body"]  # paragraphs survive the round trip


def test_since_keeps_later_articles_and_stdout_is_the_default(db, capsys):
    assert main(["export", "presstv", "--db", str(db), "--since", "2024-12-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 0 < len(lines) < ROWS
    assert all(json.loads(line)["published_at"] >= "2024-12-01" for line in lines)


def test_unknown_table_is_a_usage_error(db, capsys):
    assert main(["export", "nosuchsource", "--db", str(db)]) == 2
    assert "no table 'nosuchsource'" in capsys.readouterr().err
