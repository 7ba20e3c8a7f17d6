"""Serving the display through textual-serve and photographing it in headless Chromium.

Used by the browser test and by hand (`python -m tests.hall_display.browser DB CONFIG OUT.png`).
The page waits for real time (the app process must start and draw), so it
drives Chromium over the DevTools protocol rather than `--screenshot`, whose
virtual time does not wait for the websocket.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.helpers import REPO_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def offline_template(directory: Path) -> Path:
    """textual-serve's page without the Google Fonts link (unreachable offline)."""
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    html = re.sub(r"<link\s+rel=\"stylesheet\"\s+href=\"https://fonts\.googleapis\.com[^>]*>", "", source.read_text())
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "app_index.html").write_text(html)
    return directory


SERVER = """
import sys
from textual_serve.server import Server
command, port, templates = sys.argv[1], int(sys.argv[2]), sys.argv[3]
Server(command, host="127.0.0.1", port=port, public_url=f"http://127.0.0.1:{port}",
       templates_path=templates, title="hall").serve()
"""


def serve(db: Path, config: Path, work: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = f"{sys.executable} -m reception --db {db} --config {config} display"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, command, str(port), str(offline_template(work / "templates"))],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("textual-serve did not start")


async def _screenshot(url: str, out: Path, wait: float, width: int, height: int) -> None:
    import aiohttp

    port = free_port()
    chromium = subprocess.Popen(
        [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--no-first-run", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tempfile.mkdtemp()}", f"--window-size={width},{height}",
         f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        targets = None
        for _ in range(200):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=1))
                break
            except OSError:
                time.sleep(0.1)
        page = next(t for t in targets or [] if t["type"] == "page")
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                ids = iter(range(1, 1000))

                async def call(method: str, **params):
                    number = next(ids)
                    await ws.send_json({"id": number, "method": method, "params": params})
                    while True:
                        message = await ws.receive_json()
                        if message.get("id") == number:
                            return message.get("result", {})

                await call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                           deviceScaleFactor=1, mobile=False)
                await call("Page.navigate", url=url)
                await asyncio.sleep(wait)
                shot = await call("Page.captureScreenshot", format="png")
                out.write_bytes(base64.b64decode(shot["data"]))
    finally:
        chromium.terminate()
        chromium.wait(10)


def screenshot(url: str, out: Path, wait: float = 8, width: int = 1920, height: int = 1080) -> Path:
    asyncio.run(_screenshot(url, out, wait, width, height))
    return out


if __name__ == "__main__":
    db, config, out = (Path(arg) for arg in sys.argv[1:4])
    fontsize = sys.argv[4] if len(sys.argv) > 4 else "32"
    with tempfile.TemporaryDirectory() as work:
        server, port = serve(db, config, Path(work))
        try:
            screenshot(f"http://127.0.0.1:{port}/?fontsize={fontsize}", out)
        finally:
            server.terminate()
            server.wait(10)
    print(out)
