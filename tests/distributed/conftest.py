"""A real ``redis-server`` for the distributed tests: on 127.0.0.1, a free port, nothing saved
to disk."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
import redis

from tests.helpers import free_port


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed (apt-get install redis-server; .ci/run does)"
    port = free_port()
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(200):  # up within a few hundred milliseconds
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None:
                    raise RuntimeError("redis-server exited at start") from None
                time.sleep(0.02)
        else:
            raise RuntimeError("redis-server did not answer")
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
