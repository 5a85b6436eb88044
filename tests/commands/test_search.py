"""``crawler search`` over the FTS5 indexes of every source table, and the Datasette layout."""

import sqlite3

import pytest

from crawler.cli import main
from crawler.commands.datasette import metadata_for
from crawler.store import Store
from tests.helpers import fill, stored_article


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "news.db"
    fill(path, "presstv", [
        stored_article("presstv", 1, "Baghdad talks resume", "Envoys met in Baghdad on Monday.\n\n"
                     "The Baghdad round was the third.", "2024-05-01T07:00:00Z"),
        stored_article("presstv", 2, "Oil prices", "Markets were calm; a trader in Baghdad "
                     "said little.", "2024-03-01T07:00:00Z"),
        stored_article("presstv", 3, "Weather", "Rain in Tehran.", "2024-05-02T07:00:00Z"),
    ])
    fill(path, "wire", [
        stored_article("wire", 1, "Baghdad airport reopens", "Flights to Baghdad resumed.",
                     "2024-05-03T07:00:00Z"),
    ])
    return path


@pytest.fixture
def search(db, capsys):
    """The command run in this process, its output returned."""
    def run(*args):
        assert main(["search", *args, "--db", str(db)]) == 0
        return capsys.readouterr().out
    return run


def titles(output: str) -> list[str]:
    return [line.split("  ", 2)[2] for line in output.splitlines() if not line.startswith(" ")]


def test_search_ranks_matches_across_sources_with_snippets(search):
    output = search("Baghdad")
    found = titles(output)
    assert set(found) == {"Baghdad talks resume", "Oil prices", "Baghdad airport reopens"}
    # bm25: the passing mention in a long sentence ranks last.
    assert found[-1] == "Oil prices"
    assert "presstv  2024-05-01  Baghdad talks resume" in output
    assert "wire  2024-05-03  Baghdad airport reopens" in output
    assert "[Baghdad]" in output
    assert "https://www.wire.example/news/1" in output


def test_source_since_and_limit_narrow_the_search(search):
    assert titles(search("Baghdad", "--source", "wire")) == ["Baghdad airport reopens"]
    assert "Oil prices" not in titles(search("Baghdad", "--since", "2024-04-01"))
    assert len(titles(search("Baghdad", "-n", "1"))) == 1


def test_fts_syntax_works_and_broken_syntax_falls_back_to_words(search):
    assert titles(search("Tehr*")) == ["Weather"]
    assert titles(search('"talks resume')) == ["Baghdad talks resume"]
    assert search("nothingmatches").strip() == "no matches"


def test_fts_tables_have_the_layout_datasette_detects(db):
    # Datasette's own detection query (datasette/utils/__init__.py, detect_fts_sql).
    conn = sqlite3.connect(db)
    for table in ("presstv", "wire"):
        found = conn.execute(
            f"""select name from sqlite_master where rootpage = 0 and (
                  sql like '%VIRTUAL TABLE%USING FTS%content="{table}"%'
                  or sql like '%VIRTUAL TABLE%USING FTS%content=[{table}]%')""").fetchall()
        assert found == [(f"{table}_fts",)]
    # The query Datasette's table search runs: rowids of the FTS table are the table's.
    rows = conn.execute("select title from presstv where rowid in "
                        "(select rowid from presstv_fts where presstv_fts match 'Tehran')")
    assert rows.fetchall() == [("Weather",)]


def test_datasette_metadata_matches_the_schema(db):
    store = Store(db)
    metadata = metadata_for(store, "news")  # what `crawler datasette` serves
    news = metadata["databases"]["news"]
    conn = sqlite3.connect(db)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(presstv)")}
    for name, table in news["tables"].items():
        assert table["fts_table"] == f"{name}_fts" and table["sort_desc"] in columns
        assert set(table["facets"]) <= columns
    assert set(news["tables"]) == set(store.source_tables())
    # The canned search query runs as Datasette would run it.
    query = news["queries"]["search"]["sql"]
    assert [row[3] for row in conn.execute(query, {"q": "Tehran"})] == ["Weather"]
    assert conn.execute(query, {"q": ""}).fetchall() == []  # the empty form: no error