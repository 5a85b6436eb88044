"""The ``crawler`` entry point leaves without tearing the interpreter down: nothing written
may be lost on the way out."""

import json

from tests.helpers import fill, run_cli, stored_article


def test_everything_written_to_stdout_arrives(tmp_path):
    db = tmp_path / "news.db"
    fill(db, "presstv", [stored_article("presstv", n, f"Story {n}", "Text. " * 200,
                                      "2026-01-02T03:04:05Z") for n in range(2000)])
    # Buffered, as cron's pipe is (this sandbox's environment sets PYTHONUNBUFFERED).
    result = run_cli("export", "presstv", "--db", str(db), env={"PYTHONUNBUFFERED": ""})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2000  # ~2.6 MB through a buffered pipe
    assert json.loads(lines[-1])["title"] in {f"Story {n}" for n in range(2000)}


def test_the_log_file_gets_the_last_records_of_a_run(presstv_site, tmp_path):
    db = tmp_path / "news.db"
    result = run_cli("crawl", "presstv", "--base-url", presstv_site.url, "--db", str(db))
    assert result.returncode == 0, result.stderr
    log = next((tmp_path / "logs").glob("crawl-*.log")).read_text()
    assert "Spider closed (finished)" in log  # among the last records Scrapy writes
