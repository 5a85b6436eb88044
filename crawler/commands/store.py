"""``crawler store --redis URL``: the one writer of a distributed crawl's database."""

from __future__ import annotations

import sys

from crawler.commands import EXIT_LOCKED, EXIT_OK, add_command, reachable_redis, writable_db
from crawler.paths import project_settings
from crawler.run.locks import SourceLock, SourceLocked
from crawler.store import Store


def register(commands) -> None:
    store = add_command(commands, "store", cmd_store,
                        "store the articles that `crawl --redis` workers queue (one per database)")
    store.add_argument("--redis", required=True, metavar="URL", help="redis://HOST:PORT/DB")
    store.add_argument("--drain", action="store_true",
                       help="exit when the queue is empty instead of waiting for more")


def cmd_store(args) -> int:
    from crawler.distributed.items import UNREADABLE, Writer, WriterBusy  # redis: only here

    db_path = writable_db(args.db)
    reachable_redis(args.redis)  # before the lock and the database exist
    try:
        lock = SourceLock(db_path.parent / "locks", "writer").acquire()
    except SourceLocked as locked:
        print(f"LOCKED {locked}", file=sys.stderr)
        return EXIT_LOCKED
    store = Store(db_path)
    try:
        stats = Writer(args.redis, store, project_settings()).run(drain=args.drain)
    except WriterBusy as busy:
        print(f"LOCKED {busy}", file=sys.stderr)
        return EXIT_LOCKED
    finally:
        store.close()
        lock.release()
    dropped = sum(count for key, count in stats.items() if key.startswith("dropped/"))
    print(f"store: +{stats['articles/new']} new, {stats['articles/updated']} updated, "
          f"{stats['articles/unchanged']} unchanged, {dropped} dropped")
    if stats["unreadable"]:
        print(f"{stats['unreadable']} unreadable messages set aside in {UNREADABLE}",
              file=sys.stderr)
    return EXIT_OK
