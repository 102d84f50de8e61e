"""The operator's commands: migrate, createadmin, demo (twice), serve, and their failures."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

COLLEGIUM = [sys.executable, "-m", "collegium"]


def _run(args: list[str], data_dir: Path, **kwargs):
    env = {**os.environ, "COLLEGIUM_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # these commands are about the embedded database
    return subprocess.run(
        [*COLLEGIUM, *args], env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_refuses_an_unmigrated_database(tmp_path):
    result = _run(["serve", "--port", str(_free_port())], tmp_path)
    assert result.returncode != 0
    assert "collegium migrate" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_createadmin_then_refuses_a_duplicate(tmp_path):
    assert _run(["migrate"], tmp_path).returncode == 0
    made = _run(["createadmin", "root", "--password", "a long enough password"], tmp_path)
    assert made.returncode == 0, made.stderr
    again = _run(["createadmin", "root", "--password", "a long enough password"], tmp_path)
    assert again.returncode != 0
    assert "exists already" in again.stderr
    short = _run(["createadmin", "other", "--password", "short"], tmp_path)
    assert short.returncode != 0
    assert "too short" in short.stderr


@pytest.mark.slow
def test_demo_loads_once_and_serves(tmp_path):
    first = _run(["demo", "--load-only"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "secretariat / collegium-demo" in first.stdout
    second = _run(["demo", "--load-only"], tmp_path)
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout
    verified = _run(["verify"], tmp_path)
    assert verified.returncode == 0, verified.stderr

    port = _free_port()
    env = {**os.environ, "COLLEGIUM_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [*COLLEGIUM, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json") as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert '"openapi"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)
