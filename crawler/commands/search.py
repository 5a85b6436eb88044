"""``crawler search QUERY``: full-text search over every source's FTS index, best match first."""

from __future__ import annotations

from crawler.commands import EXIT_OK, add_command, date_arg, open_existing, positive_int


def register(commands) -> None:
    search = add_command(commands, "search", cmd_search,
                         "full-text search of stored articles, ranked by relevance (bm25)")
    search.add_argument("query", metavar="QUERY",
                        help='words, "a phrase", word*, a OR b (SQLite FTS5 syntax)')
    search.add_argument("--source", help="search this source only (default: every source)")
    search.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD",
                        help="only articles published since this date")
    search.add_argument("-n", "--limit", type=positive_int, default=20, metavar="N",
                        help="at most this many matches")


def cmd_search(args) -> int:
    hits = open_existing(args.db).search(args.query, args.source, args.since, args.limit)
    for hit in hits:
        print(f"{hit['source']}  {(hit['published_at'] or '')[:10]:<10}  {hit['title']}")
        print(f"    {' '.join(hit['snippet'].split())}")  # one line, paragraphs joined
        print(f"    {hit['url']}")
    if not hits:
        print("no matches")
    return EXIT_OK
