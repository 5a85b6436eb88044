"""The SQLite store: one table per source, the run records, revisions and URL aliases.

This is the only module that knows SQL. Everything else talks to a ``Store``.

Several processes write one file (every source's cron job at the same minute): each write
transaction begins with ``BEGIN IMMEDIATE``, so it waits up to the busy timeout for the write
lock. A transaction that reads first and writes later would be refused at once, without
waiting, whenever another process wrote in between.

Settings read (through ``store_for``): ``CRAWLER_DB``, ``STORE_BUSY_TIMEOUT`` (seconds),
``STORE_RELAY``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import sqlite_utils
from scrapy.utils.misc import load_object

from crawler import similarity
from crawler.items import NOT_NULL_COLUMNS, STORED_COLUMNS, Article, stored_fields
from crawler.paths import default_db

SOURCE_NAME = re.compile(r"[a-z][a-z0-9_]*")
RESERVED_TABLES = {"runs", "revisions", "aliases", "lsh_bands", "discovery_state", "adhoc_sources",
                   "warc_checkpoints"}
# Names the store or SQLite gives its own tables and indexes: another source's FTS tables
# (<source>_fts, <source>_fts_data, ...), the indexes (idx_<table>_<column>), SQLite's.
TAKEN_NAME = re.compile(r".*_fts(_.*)?|idx_.*|sqlite_.*")
# The name is also its lock file's (<name>.lock), which file systems cap at 255 bytes.
MAX_SOURCE_NAME = 64
ARTICLE_COLUMNS = STORED_COLUMNS
FTS_COLUMNS = ["title", "summary", "body"]
# What _ensure_meta_tables makes: the tables and indexes every database has.
META_SCHEMA = {"runs", "revisions", "aliases", "lsh_bands", "discovery_state", "warc_checkpoints",
               "idx_runs_source_started_at", "idx_revisions_source_url",
               "idx_lsh_bands_band_hash", "idx_lsh_bands_source_url"}
# A second writer (another source's crawl, a cron overlap) waits this long for the lock.
BUSY_TIMEOUT = 30.0


class StoreError(Exception):
    """A problem with the database a user can act on (bad path, bad name, locked file)."""


class StoreBusy(StoreError):
    """Another process held the write lock for longer than the busy timeout."""


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``CRAWLER_DB``, then the default (``crawler.paths.default_db``)."""
    return Path(explicit or os.environ.get("CRAWLER_DB") or default_db())


def check_source_name(name: str) -> str:
    """``name`` if it can be a source's table; else a StoreError saying why (every place
    that accepts a source name asks here)."""
    if not isinstance(name, str) or not SOURCE_NAME.fullmatch(name):
        problem = "must match [a-z][a-z0-9_]*"
    elif len(name) > MAX_SOURCE_NAME:
        problem = f"is longer than {MAX_SOURCE_NAME} characters"
    elif name in RESERVED_TABLES:
        problem = f"is taken by the store (one of {', '.join(sorted(RESERVED_TABLES))})"
    elif TAKEN_NAME.fullmatch(name):
        problem = ("would collide with the tables and indexes the store makes for other "
                   "sources (*_fts*, idx_*) or SQLite's own (sqlite_*)")
    else:
        return name
    shown = repr(name) if len(str(name)) <= 80 else repr(str(name)[:80]) + "…"
    raise StoreError(f"invalid source name {shown}: it becomes a table name, so it {problem}")


class _Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock first, waiting for it
    (``BEGIN IMMEDIATE``); its own write methods all run in ``atomic()``."""

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:  # nested: a savepoint in the open transaction
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


class Store:
    def __init__(self, path: str | os.PathLike | None = None, busy_timeout: float = BUSY_TIMEOUT):
        self.path = resolve_db_path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=busy_timeout)
            self.db = _Database(conn)
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._ready_tables: set[str] = set()
            self._columns: dict[str, set[str]] = {}  # source -> its table's columns, as read
            self._ensure_meta_tables()
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open database {self.path}: {_reason(error, self.path)}") \
                from error

    def write(self):
        """A write transaction (``BEGIN IMMEDIATE``), nested ones as savepoints."""
        return self.db.atomic()

    def check_writable(self) -> None:
        """Raise StoreError unless this process can write the file now (taking the write lock
        as a write would, then letting it go): before a crawl fetches anything."""
        conn = self.db.conn
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("BEGIN IMMEDIATE")
            try:  # a page written (and rolled back): a read-only file refuses only that
                conn.execute(f"PRAGMA user_version = {int(version)}")
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.Error as error:
            kind = StoreBusy if "locked" in str(error) or "busy" in str(error) else StoreError
            raise kind(f"cannot write database {self.path}: {_reason(error, self.path)}") \
                from error

    def close(self) -> None:
        self.db.conn.close()

    # -- schema ---------------------------------------------------------------------------

    def _ensure_meta_tables(self) -> None:
        names = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
        if META_SCHEMA <= names:
            return  # no write lock taken (and a read-only file can still be read)
        with self.write():
            self.db["runs"].create(
                {
                    "id": int, "source": str, "started_at": str, "finished_at": str,
                    "status": str, "reason": str, "pages_fetched": int, "articles_new": int,
                    "articles_updated": int, "articles_unchanged": int, "articles_dropped": int,
                    "dropped": str, "errors": int, "error_kinds": str, "options": str,
                },
                pk="id", if_not_exists=True,
            )
            self.db["runs"].create_index(["source", "started_at"], if_not_exists=True)
            self.db["revisions"].create(
                {
                    "id": int, "source": str, "url": str, "replaced_at": str, "title": str,
                    "summary": str, "body": str, "published_at": str, "modified_at": str,
                    "content_hash": str, "fetched_at": str, "warc_file": str, "warc_offset": int,
                },
                pk="id", if_not_exists=True,
            )
            for column, kind in (("warc_file", str), ("warc_offset", int)):  # a db from before
                if column not in self.db["revisions"].columns_dict:
                    self.db["revisions"].add_column(column, kind)
            self.db["revisions"].create_index(["source", "url"], if_not_exists=True)
            self.db["aliases"].create(
                {"source": str, "alias": str, "url": str, "reason": str, "seen_at": str},
                pk=("source", "alias"), if_not_exists=True,
            )
            # MinHash LSH band keys of every stored article, any source (crawler.similarity).
            self.db["lsh_bands"].create({"band": int, "hash": int, "source": str, "url": str},
                                        if_not_exists=True)
            self.db["lsh_bands"].create_index(["band", "hash"], if_not_exists=True)
            self.db["lsh_bands"].create_index(["source", "url"], if_not_exists=True)
            # Per feed or sitemap: the validators of its last response and when the last
            # complete run read it (crawler.fetch.conditional).
            self.db["discovery_state"].create(
                {"source": str, "url": str, "etag": str, "last_modified": str, "checked_at": str},
                pk=("source", "url"), if_not_exists=True,
            )
            # Per source and WARC file being backfilled: where to read on (crawler.warc).
            self.db["warc_checkpoints"].create(
                {"source": str, "location": str, "offset": int, "updated_at": str},
                pk=("source", "location"), if_not_exists=True,
            )

    def ensure_source_table(self, source: str) -> None:
        """Create ``source``'s table with its indexes and FTS index if it is missing."""
        if source in self._ready_tables:
            return
        check_source_name(source)
        table = self.db[source]
        if self._source_table_ready(source):
            self._ready_tables.add(source)
            return
        with self.write():  # checked again under the lock: another process may have made it
            if not table.exists():
                table.create(ARTICLE_COLUMNS, pk="url", not_null=set(NOT_NULL_COLUMNS))
                table.create_index(["published_at"], if_not_exists=True)
                table.create_index(["content_hash"], if_not_exists=True)
            for column in ARTICLE_COLUMNS.keys() - table.columns_dict.keys():  # an older table
                table.add_column(column, ARTICLE_COLUMNS[column])
            if not self.db[f"{source}_fts"].exists():
                table.enable_fts(FTS_COLUMNS, fts_version="FTS5", create_triggers=True,
                                 tokenize="unicode61 remove_diacritics 2")
        self._ready_tables.add(source)
        self._columns[source] = set(table.columns_dict)

    def _select_list(self, source: str, columns: Iterable[str]) -> str | None:
        """``columns`` of ``source``'s table for a SELECT, NULL for those a table from before
        lacks (a read never alters a table); None when there is no such table."""
        have = self._columns.get(source)
        if have is None:
            have = set(self.db[source].columns_dict)
            if not have:
                return None  # not cached: another process may create it
            self._columns[source] = have
        return ", ".join(name if name in have else f"NULL AS {name}" for name in columns)

    def _source_table_ready(self, source: str) -> bool:
        table = self.db[source]
        return (table.exists() and not ARTICLE_COLUMNS.keys() - table.columns_dict.keys()
                and self.db[f"{source}_fts"].exists())

    def source_tables(self) -> list[str]:
        return [name for name in self.db.table_names()
                if name not in RESERVED_TABLES and SOURCE_NAME.fullmatch(name)
                and not TAKEN_NAME.fullmatch(name)
                and "url" in self.db[name].columns_dict]

    # -- articles -------------------------------------------------------------------------

    def url_with_content(self, source: str, content_hash: str) -> str | None:
        if source not in self._ready_tables and not self.db[source].exists():
            return None
        row = self.db.execute(
            f"SELECT url FROM [{source}] WHERE content_hash = ? LIMIT 1", [content_hash]
        ).fetchone()
        return row[0] if row else None

    def save_articles(self, source: str, articles: Iterable[Article]) -> dict[str, int]:
        """Upsert by canonical URL in one transaction; return counts of new, updated,
        unchanged and older.

        A changed article keeps its ``first_seen_at``; its previous title and body go to
        ``revisions``. An article whose text did not change, or changed only trivially
        (``similarity.same_text``), keeps its text and gets the new ``fetched_at``. A copy
        fetched before the stored version (a backfill from an archive) changes nothing: it is
        counted as ``older``. Versions of one URL in one batch are taken in order. New and
        changed articles get their LSH band keys in the same transaction.
        """
        self.ensure_source_table(source)
        articles = list(articles)
        rows = [_article_row(article) for article in articles]
        # Fingerprints dedupe computed, by version (a URL can come twice in a batch).
        texts = {(article.url, article.content_hash): article.fingerprint
                 for article in articles if article.fingerprint is not None}
        counts = {"new": 0, "updated": 0, "unchanged": 0, "older": 0}
        if not rows:
            return counts
        with self.write():  # what is stored is read under the lock that the writes need
            latest = self._existing_rows(source, list({row["url"] for row in rows}))
            new, changed, revisions, unchanged = {}, {}, [], {}
            for row in rows:
                url = row["url"]
                old = latest.get(url)
                if old is None:
                    new[url] = latest[url] = {**row, "first_seen_at": row["fetched_at"]}
                elif (row["fetched_at"] or "") < (old["fetched_at"] or ""):
                    counts["older"] += 1
                elif not similarity.same_text(old["title"], old["body"], row["title"],
                                              row["body"]):
                    revisions.append(_revision_of(source, old, replaced_at=row["fetched_at"]))
                    if url in new:  # first seen in this batch: written as the new row
                        new[url] = latest[url] = {**row,
                                                  "first_seen_at": new[url]["first_seen_at"]}
                    else:
                        changed[url] = latest[url] = row
                else:
                    unchanged[url] = row["fetched_at"]
                    latest[url] = {**old, "fetched_at": row["fetched_at"]}
            if new:
                self.db[source].insert_all(new.values(), pk="url", ignore=True)
            if changed:
                self.db[source].upsert_all(changed.values(), pk="url")
            if revisions:
                self.db["revisions"].insert_all(revisions)
            if unchanged:  # the revisit interval counts from the last fetch
                self.db.conn.executemany(f"UPDATE [{source}] SET fetched_at = ? WHERE url = ?",
                                         [(fetched, url) for url, fetched in unchanged.items()])
            self._index_bands(source, [*new.values(), *changed.values()], texts)
        counts["new"], counts["updated"] = len(new), len(revisions)
        counts["unchanged"] = len(rows) - counts["new"] - counts["updated"] - counts["older"]
        return counts

    # -- WARC backfill checkpoints (crawler.warc.backfill) -----------------------------------

    def warc_checkpoint(self, source: str, location: str) -> int:
        """The offset to read ``location`` on from for ``source``: every record before it is
        stored or was dropped."""
        row = self.db.execute("SELECT offset FROM warc_checkpoints WHERE source = ? AND "
                              "location = ?", [source, location]).fetchone()
        return row[0] if row else 0

    def save_warc_checkpoints(self, source: str, offsets: dict[str, int], at: str) -> None:
        rows = [{"source": source, "location": location, "offset": offset, "updated_at": at}
                for location, offset in offsets.items()]
        if rows:
            with self.write():
                self.db["warc_checkpoints"].upsert_all(rows, pk=("source", "location"))

    def _existing_rows(self, source: str, urls: list[str]) -> dict[str, dict]:
        if not self.db[source].exists():
            return {}
        found: dict[str, dict] = {}
        for start in range(0, len(urls), 500):  # SQLite caps bound parameters
            chunk = urls[start:start + 500]
            marks = ",".join("?" * len(chunk))
            cursor = self.db.execute(
                f"SELECT url, title, summary, body, published_at, modified_at, content_hash, "
                f"fetched_at, warc_file, warc_offset FROM [{source}] WHERE url IN ({marks})", chunk)
            columns = [c[0] for c in cursor.description]
            for values in cursor:
                found[values[0]] = dict(zip(columns, values))
        return found

    def record_alias(self, source: str, alias: str, url: str, reason: str, seen_at: str) -> None:
        with self.write():
            self.db["aliases"].upsert(
                {"source": source, "alias": alias, "url": url, "reason": reason, "seen_at": seen_at},
                pk=("source", "alias"))

    def count_articles(self, source: str) -> int:
        return self.db[source].count if self.db[source].exists() else 0

    def articles(self, source: str) -> Iterator[dict]:
        if not self.db[source].exists():
            return iter(())
        return (_decode_lists(row) for row in self.db[source].rows_where(order_by="url"))

    # -- runs -----------------------------------------------------------------------------

    def start_run(self, source: str, started_at: str, options: dict) -> int:
        with self.write():
            return self.db["runs"].insert({
                "source": source, "started_at": started_at, "status": "running",
                "options": json.dumps(options, sort_keys=True),
            }).last_pk

    def close_abandoned_runs(self, source: str, before_id: int) -> None:
        """Runs of ``source`` older than ``before_id`` still ``running``: they died (killed, or
        their record could not be written) and are marked failed, so none stays running."""
        with self.write():
            self.db.execute(
                "UPDATE runs SET status = 'failed', reason = ? "
                "WHERE source = ? AND id < ? AND status = 'running'",
                ["ended without its run record (killed, or its database could not be written)",
                 source, before_id])

    def finish_run(self, run_id: int, record: dict) -> None:
        record = {key: json.dumps(value, sort_keys=True) if isinstance(value, dict) else value
                  for key, value in record.items()}
        with self.write():
            self.db["runs"].update(run_id, record)

    def runs(self, source: str | None = None, limit: int = 20) -> list[dict]:
        where, params = ("source = ?", [source]) if source else (None, [])
        rows = self.db["runs"].rows_where(where, params, order_by="id desc", limit=limit)
        return [_decode_json(row, ("dropped", "error_kinds", "options")) for row in rows]

    def last_run(self, source: str) -> dict | None:
        runs = self.runs(source, limit=1)
        return runs[0] if runs else None

    # -- incremental runs (crawler.fetch.stored, crawler.fetch.conditional) ---------------

    def fetch_state(self, source: str, url: str) -> dict | None:
        """``url``, ``published_at``, ``first_seen_at`` and ``fetched_at`` of the article stored
        under ``url`` or under the URL ``url`` is an alias of (then ``direct`` is false); None
        when neither is stored. The crawl asks before every article request: one primary-key
        lookup for a stored URL, a second (through the aliases' key) for any other."""
        columns = self._select_list(source, ("url", "published_at", "first_seen_at", "fetched_at"))
        if columns is None:
            return None
        # Two lookups: one query with both and an ORDER BY is slower.
        select = f"SELECT {columns} FROM [{source}] WHERE url = "
        row = self.db.conn.execute(select + "?", (url,)).fetchone()
        direct = row is not None
        if not direct:
            row = self.db.conn.execute(
                select + "(SELECT url FROM aliases WHERE source = ? AND alias = ?)",
                (source, url)).fetchone()
        if row is None:
            return None
        return {"url": row[0], "direct": direct, "published_at": row[1],
                "first_seen_at": row[2], "fetched_at": row[3]}

    def discovery_state(self, source: str) -> dict[str, dict]:
        """Per feed or sitemap URL of ``source``: ``etag``, ``last_modified``, ``checked_at``."""
        return {row["url"]: row
                for row in self.db["discovery_state"].rows_where("source = ?", [source])}

    def save_discovery_state(self, source: str,
                             validators: dict[str, tuple[str | None, str | None]],
                             checked_at: str) -> None:
        """Per URL, its (etag, last_modified) and the time a complete run read it."""
        rows = [{"source": source, "url": url, "etag": etag, "last_modified": last_modified,
                 "checked_at": checked_at} for url, (etag, last_modified) in validators.items()]
        with self.write():
            self.db["discovery_state"].upsert_all(rows, pk=("source", "url"))

    # -- near duplicates (pipelines.dedupe) -------------------------------------------------

    def similar_articles(self, band_keys: Iterable[tuple[int, int]],
                         limit: int = 100) -> list[dict]:
        """Stored articles of any source sharing at least ``similarity.MIN_SHARED_BANDS`` LSH
        band keys: candidates to verify. At most ``limit``, so that a crowded bucket (many pages
        of one template) stays cheap."""
        band_keys = list(band_keys)
        if not band_keys:
            return []
        where = " OR ".join(["(band = ? AND hash = ?)"] * len(band_keys))
        pairs = self.db.execute(
            f"SELECT source, url FROM lsh_bands WHERE {where} GROUP BY source, url "
            f"HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC LIMIT ?",
            [*(value for key in band_keys for value in key), similarity.MIN_SHARED_BANDS,
             limit]).fetchall()
        found = []
        wanted = ("url", "title", "body", "first_seen_at", "duplicate_of_source",
                  "duplicate_of_url")
        for source, url in pairs:
            columns = self._select_list(source, wanted)
            if columns is None:
                continue
            cursor = self.db.execute(f"SELECT {columns} FROM [{source}] WHERE url = ?", [url])
            row = cursor.fetchone()
            if row:
                columns = [c[0] for c in cursor.description]
                found.append({"source": source, **dict(zip(columns, row))})
        return found

    def _index_bands(self, source: str, rows: list[dict], texts: dict) -> None:
        """(Re)write the LSH band keys of ``rows`` (from their fingerprint in ``texts`` where
        dedupe computed it); the caller holds the transaction."""
        urls = [(source, row["url"]) for row in rows]
        self.db.conn.executemany("DELETE FROM lsh_bands WHERE source = ? AND url = ?", urls)
        self.db.conn.executemany(
            "INSERT INTO lsh_bands (band, hash, source, url) VALUES (?, ?, ?, ?)",
            [(band, key, source, row["url"])
             for row in rows
             for band, key in (texts.get((row["url"], row["content_hash"]))
                               or similarity.fingerprint(row["title"], row["body"])).band_keys])

    # -- history (crawler history) -----------------------------------------------------------

    def find_article(self, urls: Iterable[str]) -> tuple[str, dict] | None:
        """The first source table holding one of ``urls`` (or an article they are aliases
        of), with that row."""
        urls = list(urls)
        for source in self.source_tables():
            for url in urls:
                state = self.fetch_state(source, url)
                if state is not None:
                    return source, _decode_lists(self.db[source].get(state["url"]))
        return None

    def revisions_of(self, source: str, url: str) -> list[dict]:
        """The replaced versions of an article, oldest first."""
        return list(self.db["revisions"].rows_where("source = ? AND url = ?", [source, url],
                                                    order_by="id"))

    # -- reading: search, export, daily counts ------------------------------------------------

    def search(self, query: str, source: str | None = None, since: str | None = None,
               limit: int = 20) -> list[dict]:
        """Articles matching ``query`` (FTS5 syntax; plain words if it is not valid FTS5), best
        first by bm25, across every source table unless ``source`` is given; each with a
        snippet of its best matching column, matches in [brackets]."""
        if not query.strip():
            raise StoreError("nothing to search for: the query is empty")
        tables = [check_source_name(source)] if source else self.source_tables()
        tables = [table for table in tables if self.db[f"{table}_fts"].exists()]
        if not tables:
            return []
        selects = [
            f"SELECT a.source, a.url, a.published_at, a.title, "
            f"snippet([{table}_fts], -1, '[', ']', '…', 24) AS snippet, "
            f"bm25([{table}_fts]) AS rank "
            f"FROM [{table}_fts] JOIN [{table}] AS a ON a.rowid = [{table}_fts].rowid "
            f"WHERE [{table}_fts] MATCH :query"
            + (" AND a.published_at >= :since" if since else "")
            for table in tables]
        sql = " UNION ALL ".join(selects) + " ORDER BY rank LIMIT :limit"
        params = {"query": query, "since": since, "limit": limit}
        try:
            cursor = self.db.execute(sql, params)
        except sqlite3.OperationalError:  # not FTS5 syntax ("unterminated string"): plain words
            try:
                cursor = self.db.execute(sql, {**params, "query": self.db.quote_fts(query)})
            except sqlite3.OperationalError as error:  # no word at all in it ('"', '-')
                raise StoreError(f"cannot search for {query!r}: {error}") from None
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, values)) for values in cursor]

    def iter_articles(self, source: str, since: str | None = None) -> Iterator[dict]:
        """Every article of ``source`` (published since ``since``), in publication order, one
        row at a time from a cursor: constant memory whatever the table's size."""
        check_source_name(source)
        if not self.db[source].exists():
            raise StoreError(f"no table {source!r} in {self.path}")
        where = "WHERE published_at >= ?" if since else ""
        cursor = self.db.execute(f"SELECT * FROM [{source}] {where} ORDER BY published_at",
                                 [since] if since else [])
        columns = [c[0] for c in cursor.description]
        for values in cursor:
            yield _decode_lists(dict(zip(columns, values)))

    def daily_counts(self, since: str, source: str | None = None) -> dict[str, dict[str, int]]:
        """Articles per UTC day (by ``published_at``) since ``since``, per source table."""
        tables = [check_source_name(source)] if source else self.source_tables()
        counts = {}
        for table in tables:
            if self.db[table].exists():
                counts[table] = dict(self.db.execute(
                    f"SELECT substr(published_at, 1, 10) AS day, count(*) FROM [{table}] "
                    f"WHERE published_at >= ? GROUP BY day ORDER BY day", [since]).fetchall())
        return counts

    # -- health (crawler status) ---------------------------------------------------------------

    def latest_run_with_status(self, source: str, statuses: Iterable[str]) -> dict | None:
        """The newest run of ``source`` whose status is one of ``statuses``."""
        statuses = list(statuses)
        marks = ",".join("?" * len(statuses))
        rows = self.db["runs"].rows_where(f"source = ? AND status IN ({marks})",
                                          [source, *statuses], order_by="id desc", limit=1)
        return next((_decode_json(row, ("dropped", "error_kinds", "options")) for row in rows),
                    None)

    # -- ad-hoc sources (`crawl --name`), kept to be crawled again by name ------------------

    def save_adhoc_source(self, name: str, feeds: list[str], sitemaps: list[str],
                          declared_at: str) -> None:
        self.db["adhoc_sources"].insert(
            {"name": name, "feeds": json.dumps(list(feeds)), "sitemaps": json.dumps(list(sitemaps)),
             "declared_at": declared_at}, pk="name", replace=True)

    def adhoc_sources(self) -> dict[str, dict]:
        """Each kept ad-hoc source's feed and sitemap URLs, by name."""
        if not self.db["adhoc_sources"].exists():
            return {}
        return {row["name"]: {"feeds": json.loads(row["feeds"]),
                              "sitemaps": json.loads(row["sitemaps"])}
                for row in self.db["adhoc_sources"].rows}

    def count_first_seen_since(self, source: str, since: str) -> int:
        """Articles of ``source`` first stored at or after ``since`` (ISO 8601 UTC)."""
        if not self.db[source].exists():
            return 0
        return self.db.execute(f"SELECT COUNT(*) FROM [{source}] WHERE first_seen_at >= ?",
                               [since]).fetchone()[0]


class BatchWriter:
    """One source's articles into ``store`` in batched transactions: a batch is written when
    it has ``size`` articles or ``seconds`` have passed since the last write, and by ``flush``.
    ``count(key, amount)`` is told the outcomes (``articles/new`` ...), ``committed(batch)``
    each batch once it is written."""

    def __init__(self, store: Store, source: str, size: int = 200, seconds: float = 2.0,
                 count: Callable[[str, int], None] = lambda key, amount: None,
                 committed: Callable[[list[Article]], None] = lambda batch: None):
        self.store, self.source, self.size, self.seconds = store, source, size, seconds
        self.count, self.committed = count, committed
        self.pending: list[Article] = []
        self.last_flush = time.monotonic()

    @classmethod
    def from_settings(cls, store: Store, source: str, settings,
                      count: Callable[[str, int], None] = lambda key, amount: None,
                      committed: Callable[[list[Article]], None] = lambda batch: None
                      ) -> BatchWriter:
        """Batches of ``STORE_BATCH_SIZE`` articles or ``STORE_BATCH_SECONDS`` seconds."""
        return cls(store, source, batch_size(settings),
                   settings.getfloat("STORE_BATCH_SECONDS", 2.0), count, committed)

    def add(self, article: Article) -> None:
        self.pending.append(article)
        if len(self.pending) >= self.size or time.monotonic() - self.last_flush > self.seconds:
            self.flush()

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        try:
            counts = self.store.save_articles(self.source, batch)
        except Exception:
            # The transaction rolled back whole: nothing of the batch is stored, so the next run
            # downloads it again. The run must say so (crawler.run.record), and callers that
            # acknowledge what was written (the distributed writer) must see the error.
            self.count("errors/store_failed", len(batch))
            raise
        for outcome, amount in counts.items():
            self.count(f"articles/{outcome}", amount)
        self.committed(batch)


def batch_size(settings) -> int:
    """``STORE_BATCH_SIZE``: articles per write (dedupe remembers five batches of this run)."""
    return settings.getint("STORE_BATCH_SIZE", 200)


# Sent by the store pipeline after each commit (items=the batch): a backfill advances its
# checkpoint on it (crawler.warc.backfill).
articles_stored = object()


def store_for(crawler) -> Store:
    """The crawl's one ``Store`` (on ``CRAWLER_DB``), shared by its pipelines and extensions."""
    store = getattr(crawler, "news_store", None)
    if store is None:
        store = crawler.news_store = open_store(crawler.settings)
    return store


def open_store(settings) -> Store:
    """A new ``Store`` on ``CRAWLER_DB`` with the ``STORE_BUSY_TIMEOUT`` of ``settings``; with
    ``STORE_RELAY`` (a distributed worker's, crawler.distributed) that class wraps it: reads
    from the file, writes sent to the one writer."""
    store = Store(settings.get("CRAWLER_DB"),
                  busy_timeout=settings.getfloat("STORE_BUSY_TIMEOUT", BUSY_TIMEOUT))
    relay = settings.get("STORE_RELAY")
    return load_object(relay).from_settings(store, settings) if relay else store


def _reason(error: Exception, path: Path) -> str:
    """SQLite's message, said so an operator knows what to do."""
    text = str(error)
    if "file is not a database" in text:
        return "the file is not a SQLite database"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        return "its folder is read-only (SQLite keeps its -wal and -shm files beside it)"
    if "readonly" in text:
        return "the file is read-only"
    return text


def _article_row(article: Article) -> dict:
    row = stored_fields(article)
    row["authors"] = json.dumps(row["authors"], ensure_ascii=False)
    row["tags"] = json.dumps(row["tags"], ensure_ascii=False)
    return row


def _revision_of(source: str, old: dict, replaced_at: str) -> dict:
    return {"source": source, "replaced_at": replaced_at,
            **{key: old[key] for key in ("url", "title", "summary", "body", "published_at",
                                         "modified_at", "content_hash", "fetched_at", "warc_file",
                                         "warc_offset")}}


def _decode_lists(row: dict) -> dict:
    return _decode_json(row, ("authors", "tags"))


def _decode_json(row: dict, keys: tuple[str, ...]) -> dict:
    for key in keys:
        if isinstance(row.get(key), str):
            try:
                row[key] = json.loads(row[key])
            except json.JSONDecodeError:
                pass
    return row
