"""``crawler status``: health per source from the run records and the stored articles."""

from datetime import datetime, timedelta, timezone

from crawler.cli import main
from crawler.extract.dates import format_utc
from crawler.store import Store
from tests.helpers import make_article


def hours_ago(hours: float) -> str:
    return format_utc(datetime.now(timezone.utc) - timedelta(hours=hours))


def record_run(store, status, reason=None, hours=1.0):
    run_id = store.start_run("presstv", hours_ago(hours), {})
    store.finish_run(run_id, {"status": status, "reason": reason, "finished_at": hours_ago(hours - 0.1)})


def presstv_line(capsys, db, exit_status=0) -> str:
    assert main(["status", "--db", str(db)]) == exit_status  # 1 failing, 3 degraded
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["source", "health"]
    return next(line for line in lines if line.startswith("presstv "))


def test_a_source_never_run(tmp_path, capsys):
    Store(tmp_path / "news.db").close()
    assert presstv_line(capsys, tmp_path / "news.db").split()[1:4] == ["never", "run", "never"]


def test_ok_after_a_failure_shows_the_last_error_and_the_new_articles(tmp_path, capsys):
    db = tmp_path / "news.db"
    store = Store(db)
    record_run(store, "failed", "no start page could be fetched (DNSLookupError ×9)", hours=3)
    record_run(store, "ok", hours=1)
    store.save_articles("presstv", [make_article(1, fetched_at=hours_ago(30)),
                                    make_article(2, fetched_at=hours_ago(2)),
                                    make_article(3, fetched_at=hours_ago(1))])
    store.start_run("presstv", hours_ago(0.5), {})  # a killed run: still "running"
    line = presstv_line(capsys, db)  # ok now: exit 0, the failure was before
    fields = line.split()
    assert fields[1] == "ok"
    assert fields[2] == store.latest_run_with_status("presstv", ["ok"])["finished_at"]
    assert fields[3] == "2"  # first seen in the last 24 hours
    failed = store.latest_run_with_status("presstv", ["failed"])
    assert line.endswith(f"failed {failed['started_at']}: {failed['reason']}")
    assert failed["reason"] == "no start page could be fetched (DNSLookupError ×9)"


def test_degraded_and_failing(tmp_path, capsys):
    db = tmp_path / "news.db"
    store = Store(db)
    record_run(store, "degraded", "parser health: 40% of 10 article pages had no body", hours=2)
    assert presstv_line(capsys, db, 3).split()[1:3] == ["degraded", "never"]
    record_run(store, "failed", "crawl stopped before it finished (shutdown)", hours=1)
    line = presstv_line(capsys, db, 1)
    assert line.split()[1] == "failing"
    assert "failed" in line and "crawl stopped before it finished (shutdown)" in line


def test_one_source_and_its_exit_status(tmp_path, capsys):
    db = tmp_path / "news.db"
    store = Store(db)
    record_run(store, "failed", "no start page could be fetched (DNSLookupError ×9)")
    assert main(["status", "--db", str(db), "--source", "bbc"]) == 0  # never run is no alarm
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["bbc"]
    assert main(["status", "--db", str(db), "--source", "presstv"]) == 1
    assert main(["status", "--db", str(db), "--source", "nosuch"]) == 2
    assert capsys.readouterr().err.strip() == (
        "crawler: unknown source 'nosuch'; `crawler sources` lists them")
