"""``crawler datasette``: a real Datasette on 127.0.0.1, for a database of any name."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from crawler.cli import main
from crawler.store import Store
from tests.helpers import fill, free_port, stored_article


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


@pytest.fixture
def archive(tmp_path):
    """A database not called news.db: a source with articles, and one with an empty table."""
    db = tmp_path / "archive.db"
    fill(db, "presstv", [
        stored_article("presstv", 1, "Talks in Tehran", "Delegations met in Tehran.",
                     "2024-05-01T08:00:00Z"),
        stored_article("presstv", 2, "Weather", "Rain in Tehran and Tabriz today.",
                     "2024-05-03T08:00:00Z"),
        stored_article("presstv", 3, "Markets", "Prices rose.", "2024-05-02T08:00:00Z")])
    store = Store(db)
    store.ensure_source_table("quiet_source")  # exists, no rows yet
    store.close()
    return db


@pytest.fixture
def server(archive, tmp_path):
    port = free_port()
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen([sys.executable, "-m", "crawler", "datasette", "--db", str(archive),
                                "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, "CRAWLER_DB": "",
                                                       "TMPDIR": str(tmp_path / "tmp")})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    assert process.poll() is None, process.stderr.read().decode()
    yield base, process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_datasette_searches_sorts_and_has_one_search_over_every_source(server):
    base, _ = server
    status, rows = get(f"{base}/archive/presstv.json?_search=Tehran&_shape=array")
    assert status == 200
    assert [row["title"] for row in rows] == ["Weather", "Talks in Tehran"]  # newest first
    status, rows = get(f"{base}/archive/presstv.json?_search={quote('Tehran NOT Tabriz')}"
                       f"&_shape=array")  # raw FTS5 syntax
    assert [row["title"] for row in rows] == ["Talks in Tehran"]
    status, rows = get(f"{base}/archive/search.json?q=Tehran&_shape=array")
    assert status == 200
    assert {row["title"] for row in rows} == {"Weather", "Talks in Tehran"}
    assert all(row["source"] == "presstv" and "[Tehran]" in row["snippet"] for row in rows)
    for empty in ("", "%20"):  # the form before anything was typed
        assert get(f"{base}/archive/search.json?q={empty}&_shape=array") == (200, [])
    status, rows = get(f"{base}/archive/quiet_source.json?_search=Tehran&_shape=array")
    assert (status, rows) == (200, [])  # an empty table is searchable too


def test_sigterm_stops_the_server_and_removes_its_metadata_file(server, tmp_path):
    base, process = server
    assert len(os.listdir(tmp_path / "tmp")) == 1  # the metadata, while it runs
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0  # stopped as asked: no failure
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
    assert os.listdir(tmp_path / "tmp") == []


def test_metadata_is_printed_for_the_tables_that_exist(archive, capsys):
    assert main(["datasette", "--db", str(archive), "--metadata"]) == 0
    metadata = json.loads(capsys.readouterr().out)
    database = metadata["databases"]["archive"]  # Datasette names it after the file
    assert set(database["tables"]) == {"presstv", "quiet_source"}
    assert database["tables"]["presstv"]["sort_desc"] == "published_at"
    assert database["tables"]["presstv"]["searchmode"] == "raw"
    assert "search" in database["queries"]


def test_no_database_no_server(tmp_path, capsys):
    assert main(["datasette", "--db", str(tmp_path / "none.db")]) == 2
    assert "no database at" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []
