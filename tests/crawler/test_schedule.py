"""``crawler schedule``: crontab lines and systemd units that work as printed."""

import shlex
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.commands.schedule import REPO
from crawler.sources import source_names


def schedule(capsys, *args) -> list[str]:
    assert main(["schedule", *args]) == 0
    return capsys.readouterr().out.splitlines()


def test_one_crontab_line_per_source_with_absolute_paths(tmp_path, capsys):
    db = tmp_path / "news.db"
    lines = [line for line in schedule(capsys, "--every", "15", "--db", str(db))
             if line and line[0].isdigit()]
    assert len(lines) == len(source_names())
    for line, source in zip(lines, source_names()):
        fields = line.split(None, 5)
        assert fields[:5] == ["7-59/15", "*", "*", "*", "*"]
        words = shlex.split(fields[5])
        assert words[:3] == ["cd", str(REPO), "&&"]
        assert Path(words[3]).is_absolute() and Path(words[3]).exists()  # the venv's
        run = words[words.index("crawl"):]
        assert run == ["crawl", source, "--quiet", "--db", str(db),
                       ">>", str(tmp_path / "logs" / "cron.log"), "2>&1"]


def test_systemd_units(tmp_path, capsys):
    text = "\n".join(schedule(capsys, "--db", str(tmp_path / "news.db")))
    assert f"WorkingDirectory={REPO}\n" in text
    assert f"crawl %i --quiet --db {tmp_path / 'news.db'}\n" in text
    assert "OnCalendar=*-*-* 00/1:07:00" in text  # every hour at minute 7
    assert "SuccessExitStatus=75" in text
    assert "newscrawler@presstv.timer" in text


@pytest.mark.parametrize("every, cron", [("60", "7 * * * *"), ("5", "2-59/5 * * * *"),
                                         ("360", "7 */6 * * *")])
def test_intervals(tmp_path, capsys, every, cron):
    lines = schedule(capsys, "--every", every, "--db", str(tmp_path / "news.db"))
    assert any(line.startswith(cron + " cd ") for line in lines)


def test_an_interval_cron_cannot_express_is_a_usage_error(capsys):
    assert main(["schedule", "--every", "7"]) == 2
    assert "--every 7" in capsys.readouterr().err
