"""Headless Chromium driven through the DevTools protocol, for serve tests.

textual-serve's page draws the terminal with WebGL/canvas, so the text is
not in the DOM. What the page shows arrives as terminal output on its
websocket: we read those frames from the browser's own network events,
which is exactly what the browser drew from, and keep a screenshot.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(db: str, log_dir: Path, *options: str, port: int | None = None) -> tuple[subprocess.Popen, int]:
    """`reception --db DB [options] serve --port P` on a free loopback port, from this
    checkout; (process, port). `options` go before `serve` (e.g. --config FILE)."""
    from tests.helpers import REPO_ROOT

    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "reception", "--db", db, *options, "serve", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=open(log_dir / "serve.log", "w"),
    )
    return server, port


def wait_for_http(url: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Browser:
    def __init__(self, width: int = 1920, height: int = 1080):
        self.width, self.height = width, height
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="chromium-")
        self.process = subprocess.Popen(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync",
                f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                f"--remote-debugging-port={self.port}", "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def close(self) -> None:
        self.process.kill()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def page_websocket(self) -> str:
        wait_for_http(f"http://127.0.0.1:{self.port}/json/version")
        targets = json.loads(wait_for_http(f"http://127.0.0.1:{self.port}/json/list"))
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def open_and_read(self, url: str, wanted, timeout: float = 40, screenshot: Path | None = None) -> bytes:
        """Open `url`; return the terminal output received until `wanted(output)` is true (or timeout)."""
        return asyncio.run(self._run(url, [], wanted, timeout, screenshot))

    async def _run(self, url, steps, wanted, timeout, screenshot) -> bytes:
        """Open `url`, run each step once its `ready` holds, then read until `wanted`
        (and take the screenshot, if asked) or the timeout."""
        received = bytearray()
        ids = iter(range(1, 10_000))
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(self.page_websocket(), max_msg_size=0) as cdp:
                async def send(method, **params):
                    message_id = next(ids)
                    await cdp.send_json({"id": message_id, "method": method, "params": params})
                    return message_id

                async def act(kind, value):
                    if kind == "text":
                        await send("Input.insertText", text=value)
                    elif kind == "key":
                        for event in ("keyDown", "keyUp"):
                            await send("Input.dispatchKeyEvent", type=event, **KEYS[value])
                    elif kind == "click":
                        for event in ("mousePressed", "mouseReleased"):
                            await send("Input.dispatchMouseEvent", type=event, x=value[0], y=value[1],
                                       button="left", clickCount=1)
                    elif kind == "focus":  # the terminal's own input (xterm's textarea)
                        await send("Runtime.evaluate", expression=(
                            "(document.querySelector('.xterm-helper-textarea') || document.body).focus()"))
                    elif kind == "full size":
                        # The whole window is the page (a headless window keeps some
                        # for itself). Not before the page takes keys: it took none.
                        await send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                                   deviceScaleFactor=1, mobile=False)
                    elif kind == "wait":
                        await asyncio.sleep(value)

                await send("Network.enable")
                await send("Page.enable")
                await send("Page.navigate", url=url)
                deadline = time.monotonic() + timeout
                shot_id = None
                while time.monotonic() < deadline:
                    try:
                        message = await cdp.receive_json(timeout=max(0.1, deadline - time.monotonic()))
                    except TimeoutError:
                        break
                    if message.get("method") == "Network.webSocketFrameReceived":
                        frame = message["params"]["response"]
                        if frame.get("opcode") == 2:  # terminal output; text frames are JSON
                            received += base64.b64decode(frame["payloadData"])
                        output = bytes(received)
                        if steps and steps[0][0](output):
                            _, actions = steps.pop(0)
                            for kind, value in actions:
                                await act(kind, value)
                        elif not steps and wanted(output) and shot_id is None:
                            await asyncio.sleep(1.0)  # let the page draw it
                            shot_id = await send("Page.captureScreenshot", format="png")
                            if screenshot is None:
                                break
                    elif shot_id is not None and message.get("id") == shot_id:
                        screenshot.write_bytes(base64.b64decode(message["result"]["data"]))
                        break
        return bytes(received)


# DevTools key events for the keys a test presses (Input.dispatchKeyEvent).
KEYS = {
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
}


class Driven(Browser):
    """A browser that also types: each step is (ready(output), actions), run once
    `ready` holds on the terminal output so far; an action is ("text", "abc"),
    ("key", "Enter"), ("click", (x, y)), ("focus", None), ("full size", None) or
    ("wait", seconds)."""

    def drive(self, url: str, steps, wanted, timeout: float = 60, screenshot: Path | None = None) -> bytes:
        return asyncio.run(self._run(url, list(steps), wanted, timeout, screenshot))
