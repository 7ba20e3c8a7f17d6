"""`reception leader` exists, and `reception serve` offers it at /leader."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import REPO_ROOT, run_cli
from tests.serve.browser import free_port, wait_for_http


def test_leader_subcommand_is_listed():
    result = run_cli("--help")
    assert result.returncode == 0 and "leader" in result.stdout
    result = run_cli("leader", "--help")
    assert result.returncode == 0 and "批示" in result.stdout


def test_serve_offers_the_leader_view(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "reception", "--db", str(tmp_path / "hall.db"), "serve", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "serve.log", "w"),
    )
    try:
        home = wait_for_http(f"http://127.0.0.1:{port}/")
        assert "领导接访" in home and 'href="/leader"' in home
        assert 'href="/counter/1"' in home  # counters served beside it
        page = wait_for_http(f"http://127.0.0.1:{port}/leader")
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws/leader"' in page
    finally:
        server.terminate()
        server.wait(10)


# Without any leader account: the login screen says how to create one
# (tests/staff_ui/test_login.py), in a terminal and under serve alike.
