"""Crawls running in the background, for tests that overlap or kill them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def start_cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    """The crawler CLI in a child process of its own process group, not waited for."""
    return subprocess.Popen([sys.executable, "-m", "crawler", *args], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, start_new_session=True)


def wait_until(condition, process: subprocess.Popen, what: str, within: float = 30) -> None:
    """Wait until ``condition()`` holds, while ``process`` runs."""
    deadline = time.monotonic() + within
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}: {process.communicate()}")
        time.sleep(0.02)


def wait_until_locked(lock_file: Path, process: subprocess.Popen) -> None:
    """Wait until ``process`` holds the source lock (its pid is written in the lock file)."""
    wait_until(lambda: lock_file.exists() and f"pid {process.pid} " in lock_file.read_text(),
               process, "the crawl took its lock")


def kill_hard(process: subprocess.Popen) -> None:
    """``kill -9`` the crawl, as the OOM killer or a reboot would, then reap what it leaves
    (worker processes it forked) so nothing outlives the test."""
    process.kill()
    process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()
