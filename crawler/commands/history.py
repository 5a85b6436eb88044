"""``crawler history URL``: the versions of a stored article, with a word diff between them.

A version is what the crawl stored until an edit replaced it (``revisions``), the current row
last. Its time is when it was first seen: ``first_seen_at`` for the first version, the time
the previous one was replaced for the others.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from crawler.commands import EXIT_OK, UsageError, add_command, open_existing
from crawler.sources import UnknownSource, parser_for
from crawler.urls import canonical_url

# Unchanged words shown on each side of a change; longer unchanged stretches become "…".
CONTEXT_WORDS = 6


def register(commands) -> None:
    history = add_command(commands, "history", cmd_history,
                          "show the versions of an article and what changed between them")
    history.add_argument("url", metavar="URL", help="the article's URL (any form it was linked by)")


def cmd_history(args) -> int:
    store = open_existing(args.db)
    found = store.find_article(candidate_urls(args.url, store.source_tables(), store.path))
    if found is None:
        raise UsageError(f"no stored article has the URL {args.url}")
    source, current = found
    versions = [*store.revisions_of(source, current["url"]), current]
    times = [current["first_seen_at"], *(revision["replaced_at"] for revision in versions[:-1])]
    print(f"{current['url']} ({source}): {len(versions)} "
          f"version{'s' if len(versions) > 1 else ''}")
    previous = None
    for number, (version, seen) in enumerate(zip(versions, times), start=1):
        print(f"\n{number}  {seen}  {version['title']}")
        if previous is not None:
            for field in ("title", "body"):
                if (previous[field] or "") != (version[field] or ""):
                    print(f"   {field}: {word_diff(previous[field] or '', version[field] or '')}")
        previous = version
    return EXIT_OK


def candidate_urls(url: str, sources: list[str], db=None) -> list[str]:
    """``url`` as given and as each stored source (or the generic rules) would store it."""
    urls = [url, canonical_url(url)]
    for source in sources:
        try:
            urls.append(parser_for(source, db=db).canonical_url(url))
        except UnknownSource:  # a table left by a source no longer configured
            continue
    return list(dict.fromkeys(urls))


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> str:
    """``old`` to ``new`` word by word: ``[-removed-]{+added+}``, unchanged words around each
    change, the rest of the unchanged text as "…"."""
    a, b = old.split(), new.split()
    opcodes = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(_unchanged(a[i1:i2], context, first=index == 0,
                                    last=index == len(opcodes) - 1))
            continue
        removed = "[-" + " ".join(a[i1:i2]) + "-]" if i2 > i1 else ""
        added = "{+" + " ".join(b[j1:j2]) + "+}" if j2 > j1 else ""
        parts.append(removed + added)
    return " ".join(part for part in parts if part)


def _unchanged(words: list[str], context: int, first: bool, last: bool) -> str:
    """Unchanged words between changes: ``context`` words next to each change are kept."""
    before = 0 if first else context  # words after the previous change
    after = 0 if last else context    # words before the next change
    if len(words) <= before + after + 1:
        return " ".join(words)
    head, tail = words[:before], words[len(words) - after:]
    return " ".join([*head, "…", *tail])
