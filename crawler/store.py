"""The SQLite store: one table per source, the run records, revisions and URL aliases.

This is the only module that knows SQL. Everything else talks to a ``Store``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import sqlite_utils

from crawler.items import Article

DEFAULT_DB = Path("data") / "news.db"
SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_TABLES = {"runs", "revisions", "aliases"}
ARTICLE_COLUMNS = {
    "url": str, "source": str, "title": str, "summary": str, "body": str, "authors": str,
    "published_at": str, "modified_at": str, "section": str, "tags": str, "language": str,
    "image_url": str, "image_caption": str, "word_count": int, "content_hash": str,
    "fetched_at": str, "first_seen_at": str,
}
FTS_COLUMNS = ["title", "summary", "body"]
# A second writer (another source's crawl, a cron overlap) waits this long for the lock.
BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """A problem with the database a user can act on (bad path, bad name, locked file)."""


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``CRAWLER_DB``, then ``data/news.db``."""
    return Path(explicit or os.environ.get("CRAWLER_DB") or DEFAULT_DB)


def check_source_name(name: str) -> str:
    if not SOURCE_NAME.match(name or "") or name in RESERVED_TABLES:
        raise StoreError(
            f"invalid source name {name!r}: it becomes a table name, so it must match "
            f"[a-z][a-z0-9_]* and not be one of {sorted(RESERVED_TABLES)}"
        )
    return name


class Store:
    def __init__(self, path: str | os.PathLike | None = None):
        self.path = resolve_db_path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db = sqlite_utils.Database(conn)
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open database {self.path}: {error}") from error
        self._ready_tables: set[str] = set()
        self._ensure_meta_tables()

    def close(self) -> None:
        self.db.conn.close()

    # -- schema ---------------------------------------------------------------------------

    def _ensure_meta_tables(self) -> None:
        with self.db.atomic():
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
                    "content_hash": str, "fetched_at": str,
                },
                pk="id", if_not_exists=True,
            )
            self.db["revisions"].create_index(["source", "url"], if_not_exists=True)
            self.db["aliases"].create(
                {"source": str, "alias": str, "url": str, "reason": str, "seen_at": str},
                pk=("source", "alias"), if_not_exists=True,
            )

    def ensure_source_table(self, source: str) -> None:
        """Create ``source``'s table with its indexes and FTS index if it is missing."""
        if source in self._ready_tables:
            return
        check_source_name(source)
        table = self.db[source]
        if not table.exists():
            with self.db.atomic():
                table.create(ARTICLE_COLUMNS, pk="url", not_null={"title", "body"})
                table.create_index(["published_at"], if_not_exists=True)
                table.create_index(["content_hash"], if_not_exists=True)
        if not self.db[f"{source}_fts"].exists():
            table.enable_fts(FTS_COLUMNS, fts_version="FTS5", create_triggers=True,
                             tokenize="unicode61 remove_diacritics 2")
        self._ready_tables.add(source)

    def source_tables(self) -> list[str]:
        return [name for name in self.db.table_names()
                if name not in RESERVED_TABLES and SOURCE_NAME.match(name)
                and "url" in self.db[name].columns_dict]

    # -- articles -------------------------------------------------------------------------

    def has_article(self, source: str, url: str) -> bool:
        """Whether ``url`` is stored, or is a known alias (redirect, duplicate) of a stored URL."""
        if not self.db[source].exists():
            return False
        if self.db.execute(f"SELECT 1 FROM [{source}] WHERE url = ?", [url]).fetchone():
            return True
        return self.db.execute("SELECT 1 FROM aliases WHERE source = ? AND alias = ?",
                               [source, url]).fetchone() is not None

    def url_with_content(self, source: str, content_hash: str) -> str | None:
        if not self.db[source].exists():
            return None
        row = self.db.execute(
            f"SELECT url FROM [{source}] WHERE content_hash = ? LIMIT 1", [content_hash]
        ).fetchone()
        return row[0] if row else None

    def save_articles(self, source: str, articles: Iterable[Article]) -> dict[str, int]:
        """Upsert by canonical URL in one transaction; return counts of new, updated, unchanged.

        A changed article keeps its ``first_seen_at``; its previous title and body go to
        ``revisions``. An article whose content hash did not change is left as it is.
        """
        self.ensure_source_table(source)
        rows = {article.url: _article_row(article) for article in articles}
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        if not rows:
            return counts
        existing = self._existing_rows(source, list(rows))
        new, changed, revisions = [], [], []
        for url, row in rows.items():
            old = existing.get(url)
            if old is None:
                new.append({**row, "first_seen_at": row["fetched_at"]})
            elif old["content_hash"] != row["content_hash"] or old["title"] != row["title"]:
                changed.append(row)
                revisions.append(_revision_of(source, old, replaced_at=row["fetched_at"]))
            else:
                counts["unchanged"] += 1
        with self.db.atomic():
            if new:
                self.db[source].insert_all(new, pk="url", ignore=True)
            if changed:
                self.db[source].upsert_all(changed, pk="url")
            if revisions:
                self.db["revisions"].insert_all(revisions)
        counts["new"], counts["updated"] = len(new), len(changed)
        return counts

    def _existing_rows(self, source: str, urls: list[str]) -> dict[str, dict]:
        if not self.db[source].exists():
            return {}
        found: dict[str, dict] = {}
        for start in range(0, len(urls), 500):  # SQLite caps bound parameters
            chunk = urls[start:start + 500]
            marks = ",".join("?" * len(chunk))
            cursor = self.db.execute(
                f"SELECT url, title, summary, body, published_at, modified_at, content_hash, "
                f"fetched_at FROM [{source}] WHERE url IN ({marks})", chunk)
            columns = [c[0] for c in cursor.description]
            for values in cursor:
                found[values[0]] = dict(zip(columns, values))
        return found

    def record_alias(self, source: str, alias: str, url: str, reason: str, seen_at: str) -> None:
        with self.db.atomic():
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
        with self.db.atomic():
            return self.db["runs"].insert({
                "source": source, "started_at": started_at, "status": "running",
                "options": json.dumps(options, sort_keys=True),
            }).last_pk

    def finish_run(self, run_id: int, record: dict) -> None:
        record = {key: json.dumps(value, sort_keys=True) if isinstance(value, dict) else value
                  for key, value in record.items()}
        with self.db.atomic():
            self.db["runs"].update(run_id, record)

    def runs(self, source: str | None = None, limit: int = 20) -> list[dict]:
        where, params = ("source = ?", [source]) if source else (None, [])
        rows = self.db["runs"].rows_where(where, params, order_by="id desc", limit=limit)
        return [_decode_json(row, ("dropped", "error_kinds", "options")) for row in rows]

    def last_run(self, source: str) -> dict | None:
        runs = self.runs(source, limit=1)
        return runs[0] if runs else None


def store_for(crawler) -> Store:
    """The crawl's one ``Store`` (on ``CRAWLER_DB``), shared by its pipelines and extensions."""
    store = getattr(crawler, "news_store", None)
    if store is None:
        store = crawler.news_store = Store(crawler.settings.get("CRAWLER_DB"))
    return store


def _article_row(article: Article) -> dict:
    row = asdict(article)
    row["authors"] = json.dumps(row["authors"], ensure_ascii=False)
    row["tags"] = json.dumps(row["tags"], ensure_ascii=False)
    return row


def _revision_of(source: str, old: dict, replaced_at: str) -> dict:
    return {"source": source, "replaced_at": replaced_at,
            **{key: old[key] for key in ("url", "title", "summary", "body", "published_at",
                                         "modified_at", "content_hash", "fetched_at")}}


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
