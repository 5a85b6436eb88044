"""``crawler datasette``: browse a database in Datasette, with search and sorting on every table.

The metadata is made for the database at hand (Datasette keys it by the file's name, so a
file kept for another name would not match): each source table that exists gets its FTS5
search (raw FTS5 syntax), newest first, facets by section and language; one canned query
searches every source, best match first, with snippets. It is written to a temporary file
for the server's lifetime (``--metadata`` prints it instead). Datasette is not a dependency:
install it beside the crawler (``pip install datasette``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from crawler.commands import EXIT_OK, UsageError, add_command, existing_db
from crawler.store import Store

SEARCH_LIMIT = 50


def register(commands) -> None:
    datasette = add_command(commands, "datasette", cmd_datasette,
                            "browse the database in Datasette, with search on every source")
    datasette.add_argument("--host", default="127.0.0.1", help="address to listen on")
    datasette.add_argument("-p", "--port", type=int, default=8001, help="port to listen on")
    datasette.add_argument("--metadata", action="store_true",
                           help="print the metadata JSON (for `datasette -m`) and exit")
    datasette.add_argument("extra", nargs="*", metavar="DATASETTE_ARG",
                           help="passed on to `datasette serve` (after --)")


def cmd_datasette(args) -> int:
    path = existing_db(args.db)
    store = Store(path)
    try:
        metadata = metadata_for(store, path.stem)
    finally:
        store.close()
    if args.metadata:
        print(json.dumps(metadata, indent=2, ensure_ascii=False))
        return EXIT_OK
    command = datasette_command()
    with tempfile.TemporaryDirectory(prefix="newscrawler-") as folder:
        metadata_path = os.path.join(folder, "metadata.json")
        with open(metadata_path, "w", encoding="utf-8") as file:
            json.dump(metadata, file, ensure_ascii=False)
        server = subprocess.Popen([*command, "serve", str(path), "-m", metadata_path,
                                   "--host", args.host, "--port", str(args.port), *args.extra])
        # A service manager stops this process: the server goes with it, and the file.
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            status = server.wait()
            return EXIT_OK if status == -signal.SIGTERM else status  # stopped, as asked
        except KeyboardInterrupt:  # Ctrl-C reached the server too: that is how one leaves it
            server.wait()
            return EXIT_OK


def datasette_command() -> list[str]:
    if importlib.util.find_spec("datasette") is not None:
        return [sys.executable, "-m", "datasette"]
    found = shutil.which("datasette")
    if found is None:
        raise UsageError("Datasette is not installed: pip install datasette")
    return [found]


def metadata_for(store: Store, database: str) -> dict:
    """Datasette metadata for the source tables of ``store``, named ``database`` there."""
    sources = [name for name in store.source_tables() if store.db[f"{name}_fts"].exists()]
    tables: dict[str, dict] = {}
    for name in sources:
        tables[name] = {"fts_table": f"{name}_fts", "fts_pk": "rowid", "searchmode": "raw",
                        "sort_desc": "published_at", "facets": ["section", "language"],
                        "label_column": "title"}
    queries = {}
    if sources:
        queries["search"] = {
            "title": "Search every source, best match first",
            "description": "SQLite FTS5 syntax: words, \"a phrase\", prefix*, a OR b. Ranked "
                           "by bm25 within each source's index, with a snippet.",
            "sql": search_sql(sources),
        }
    return {
        "title": "newscrawler",
        "description": "News articles, one table per source. Search uses SQLite FTS5 syntax: "
                       "words, \"a phrase\", prefix*, a OR b.",
        "databases": {database: {"tables": tables, "queries": queries}},
    }


def search_sql(sources: list[str]) -> str:
    """One query over every source's FTS index; an empty query matches nothing, not an error."""
    parts = [
        f"select '{name}' as source, [{name}].url, [{name}].published_at, [{name}].title, "
        f"snippet([{name}_fts], -1, '[', ']', '…', 24) as snippet, bm25([{name}_fts]) as rank "
        f"from [{name}_fts] join [{name}] on [{name}].rowid = [{name}_fts].rowid "
        f"where trim(:q) != '' and [{name}_fts] match :q"
        for name in sources]
    return ("select source, url, published_at, title, snippet from ("
            + " union all ".join(parts)
            + f") order by rank limit {SEARCH_LIMIT}")
