"""Edit history: the store keeps real edits as revisions (not trivial ones), and
``crawler history`` shows the versions with a word diff."""

from crawler.cli import main
from crawler.commands.history import word_diff
from crawler.store import Store
from tests.helpers import make_article

FIRST = "The minister said talks would resume on Monday.\n\nOfficials declined to comment.\n\n12 shares"
EDITED = ("The minister said talks would resume on Tuesday.\n\nOfficials declined to comment."
          "\n\nUpdate: the ministry confirmed the date.\n\n12 shares")
URL = "https://www.presstv.ir/Detail/2024/05/01/700001"


def save(store, body, fetched_at, title="Talks to resume"):
    return store.save_articles("presstv", [make_article(1, title=title, body=body,
                                                        fetched_at=fetched_at)])


def test_a_trivial_change_is_no_revision_but_counts_as_a_fetch(tmp_path):
    store = Store(tmp_path / "news.db")
    save(store, FIRST, "2026-11-26T10:00:00Z")
    trivial = FIRST.replace("12 shares", "1,234 shares").replace("said", "said ")
    counts = save(store, trivial, "2026-11-26T16:00:00Z", title="TALKS TO RESUME")
    assert counts == {"new": 0, "updated": 0, "unchanged": 1, "older": 0}
    assert store.revisions_of("presstv", URL) == []
    row = store.db["presstv"].get(URL)
    assert row["body"] == FIRST and row["fetched_at"] == "2026-11-26T16:00:00Z"


def test_history_prints_each_version_with_a_word_diff(tmp_path, capsys):
    db = tmp_path / "news.db"
    store = Store(db)
    save(store, FIRST, "2026-11-26T10:00:00Z")
    save(store, EDITED, "2026-11-26T16:00:00Z")
    save(store, EDITED, "2026-11-26T18:00:00Z", title="Talks to resume on Tuesday")
    assert main(["history", URL, "--db", str(db)]) == 0
    assert capsys.readouterr().out == (
        f"{URL} (presstv): 3 versions\n"
        "\n1  2026-11-26T10:00:00Z  Talks to resume\n"
        "\n2  2026-11-26T16:00:00Z  Talks to resume\n"
        "   body: The minister said talks would resume on [-Monday.-]{+Tuesday.+} Officials "
        "declined to comment. {+Update: the ministry confirmed the date.+} 12 shares\n"
        "\n3  2026-11-26T18:00:00Z  Talks to resume on Tuesday\n"
        "   title: Talks to resume {+on Tuesday+}\n")


def test_history_finds_an_article_by_any_url_it_was_linked_by(tmp_path, capsys):
    db = tmp_path / "news.db"
    save(Store(db), FIRST, "2026-11-26T10:00:00Z")
    assert main(["history", "https://presstv.co.uk/detail/2024/5/1/700001/Some-slug?utm_source=x",
                 "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith(f"{URL} (presstv): 1 version\n")


def test_history_of_an_unknown_url_is_a_usage_error(tmp_path, capsys):
    Store(tmp_path / "x.db").close()
    assert main(["history", "https://example.com/nothing", "--db", str(tmp_path / "x.db")]) == 2
    assert "no stored article" in capsys.readouterr().err


def test_word_diff_keeps_context_around_changes_only():
    old = " ".join(f"w{n}" for n in range(40))
    new = old.replace("w20", "changed")
    assert word_diff(old, new, context=3) == "… w17 w18 w19 [-w20-]{+changed+} w21 w22 w23 …"
    assert word_diff("a b", "a b c") == "a b {+c+}"
