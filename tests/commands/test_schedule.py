"""``crawler schedule``: crontab lines and systemd units that work as printed."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.sources import source_names


def schedule(capsys, *args) -> list[str]:
    assert main(["schedule", *args]) == 0
    return capsys.readouterr().out.splitlines()


def test_one_crontab_line_per_source_with_absolute_paths(tmp_path, capsys):
    db = tmp_path / "news.db"
    lines = [line for line in schedule(capsys, "--every", "15", "--db", str(db))
             if line and line[0].isdigit()]
    names = source_names()
    assert len(lines) == len(names)
    for index, (line, source) in enumerate(zip(lines, names)):
        fields = line.split(None, 5)
        # spread over the quarter hour, from minute 7 on
        assert fields[:5] == [f"{(7 + index * 15 // len(names)) % 15}-59/15", "*", "*", "*", "*"]
        words = shlex.split(fields[5])
        assert words[:4] == ["mkdir", "-p", str(tmp_path / "logs"), "&&"]  # before >> opens
        assert Path(words[4]).is_absolute() and Path(words[4]).exists()  # the venv's
        run = words[words.index("crawl"):]
        assert run == ["crawl", source, "--quiet", "--db", str(db),
                       ">>", str(tmp_path / "logs" / "cron.log"), "2>&1"]


def test_systemd_units(tmp_path, capsys):
    text = "\n".join(schedule(capsys, "--db", str(tmp_path / "news.db")))
    assert "WorkingDirectory" not in text  # settings and sources are found from anywhere
    assert f"crawl %i --quiet --db {tmp_path / 'news.db'}\n" in text
    assert "OnCalendar=*-*-* 00/1:07:00" in text  # every hour at minute 7
    assert "RandomizedDelaySec=3600\nFixedRandomDelay=true" in text  # each source its own moment
    assert "SuccessExitStatus=75" in text
    assert "newscrawler@presstv.timer" in text


@pytest.mark.parametrize("every, cron", [("60", "7 * * * *"), ("5", "2-59/5 * * * *"),
                                         ("360", "7 */6 * * *")])
def test_intervals(tmp_path, capsys, every, cron):
    lines = schedule(capsys, "--every", every, "--db", str(tmp_path / "news.db"))
    assert any(line.startswith(cron + " mkdir ") for line in lines)


def test_an_interval_cron_cannot_express_is_a_usage_error(capsys):
    assert main(["schedule", "--every", "7"]) == 2
    assert "--every 7" in capsys.readouterr().err


def test_a_sources_file_given_is_in_every_line(tmp_path):
    sources = tmp_path / "mine.toml"
    sources.write_text('[daily]\norigin = "https://d.example"\nfeeds = ["/rss"]\n')
    env = {key: value for key, value in os.environ.items() if key != "CRAWLER_SOURCES"}
    result = subprocess.run([sys.executable, "-m", "crawler", "schedule", "--sources-file",
                             "mine.toml", "--db", "news.db"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    jobs = [line for line in lines if line and line[0].isdigit()]
    names = [shlex.split(line)[shlex.split(line).index("crawl") + 1] for line in jobs]
    assert "daily" in names and "presstv" in names and "france24" not in names
    # Absolute, both: cron starts elsewhere, and has no $CRAWLER_SOURCES.
    assert f"--db {tmp_path / 'news.db'} --sources-file {sources} >>" in jobs[0]
    assert f"crawl %i --quiet --db {tmp_path / 'news.db'} --sources-file {sources}\n" in \
        result.stdout


def test_hourly_jobs_start_at_different_minutes_spread_over_the_hour(tmp_path, capsys):
    lines = [line for line in schedule(capsys, "--db", str(tmp_path / "news.db"))
             if line and line[0].isdigit()]
    minutes = [int(line.split()[0]) for line in lines]
    assert len(set(minutes)) == len(minutes)  # no two sources at the same minute
    count = len(minutes)
    assert [(minute - 7) % 60 for minute in minutes] == [i * 60 // count for i in range(count)]
