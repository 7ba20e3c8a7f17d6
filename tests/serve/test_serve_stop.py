"""Stopping `reception serve` by hand ends the app processes of its browser sessions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT
from tests.serve.browser import CHROMIUM, Browser, start_serve, wait_for_http


def children(pid: int) -> list[int]:
    """Every live descendant of `pid`, from /proc (this machine runs other agents' apps:
    never look processes up by name)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            continue
        parents[int(entry.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent:
                found.append(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_stopping_serve_ends_the_app_process_of_an_open_session(tmp_path, stop):
    """SIGTERM and Ctrl+C: serve ends its sessions. SIGKILL: the orphaned app ends itself."""
    db = str(tmp_path / "hall.db")
    server, port = start_serve(db, tmp_path)
    browser = Browser()
    apps: list[int] = []
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(url + "/")
        # Keep the page open while serve is stopped: its session is live.
        def keep_open() -> None:
            try:
                browser.open_and_read(url + "/display", lambda received: False, 60)
            except Exception:  # noqa: BLE001 - the browser is closed under it at the end
                pass

        reader = threading.Thread(target=keep_open, daemon=True)
        reader.start()
        assert wait_until(lambda: children(server.pid), 40), "no app process started"
        time.sleep(1)  # the app is up and drawing
        apps = children(server.pid)
        server.send_signal(stop)
        server.wait(10)
        left = [pid for pid in apps if alive(pid)]
        assert wait_until(lambda: not [pid for pid in apps if alive(pid)], 8), (
            f"app processes left running: {left}\n" + (tmp_path / "serve.log").read_text()
        )
    finally:
        for pid in apps:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if server.poll() is None:
            server.kill()
            server.wait(10)
        browser.close()


def test_an_app_whose_server_went_away_exits(tmp_path):
    """The app process as serve starts it; the server's ends of its pipes close, as
    when serve dies: the app exits instead of running on for no one."""
    from reception.serve.server import SESSION_DRIVER

    app = subprocess.Popen(
        [sys.executable, "-m", "reception", "--db", str(tmp_path / "hall.db"), "display"],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "TEXTUAL_DRIVER": SESSION_DRIVER,
             "COLUMNS": "80", "ROWS": "24"},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    try:
        assert app.stdout.readline() == b"__GANGLION__\n"
        app.stdout.read(200)  # it is drawing
        app.stdin.close()
        app.stdout.close()
        assert app.wait(8) is not None
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
