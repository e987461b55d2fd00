"""A private redis-server on a free loopback port, for tests that need a real one to fail.

Debian's redis-server, which `scripts/services.sh` installs. CI sets HEARTH_REQUIRE_REDIS,
so there a missing binary fails the test instead of skipping it.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis


def free_port() -> int:
    """A local port with nothing listening: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process = process
        self.url = f"redis://127.0.0.1:{port}/0"
        self.client = redis.Redis(port=port)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


@contextmanager
def redis_server(*options: str) -> Iterator[RedisServer]:
    """A running redis-server (no persistence), stopped on exit; `options` are added to
    its command line (`"--maxmemory-policy", "noeviction"`, say)."""
    binary = shutil.which("redis-server")
    if not binary:
        if os.environ.get("HEARTH_REQUIRE_REDIS"):
            pytest.fail("HEARTH_REQUIRE_REDIS is set but redis-server is not installed")
        pytest.skip("redis-server is not installed (`make services` installs it)")
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", folder]
        command += ["--save", "", "--appendonly", "no", *options]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        server = RedisServer(process, port)
        try:
            for _ in range(100):
                try:
                    server.client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            yield server
        finally:
            server.stop()
