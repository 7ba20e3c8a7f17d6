"""A counter in a browser: `reception serve` runs the console at /counter/<N>."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.helpers import run_cli
from tests.serve.browser import start_serve, wait_for_http
from tests.serve.screen import screen_lines


async def session(url: str, keys: list[str]) -> list[list[str]]:
    """Screens seen over the page's websocket after each batch of typed keys."""
    screens, out = [], bytearray()
    # A browser sends the page's Origin; serve refuses a websocket without one of its own.
    origin = "http://" + url.split("://", 1)[1].split("/", 1)[0]
    async with aiohttp.ClientSession() as client, client.ws_connect(url, origin=origin) as ws:
        await ws.send_json(["resize", {"width": 120, "height": 40}])

        async def read(seconds: float) -> None:
            loop = asyncio.get_running_loop()
            end = loop.time() + seconds
            while loop.time() < end:
                try:
                    message = await ws.receive(timeout=0.2)
                except asyncio.TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    out.extend(message.data)
                elif message.type != aiohttp.WSMsgType.TEXT:
                    return

        await read(4)
        screens.append(screen_lines(bytes(out)))
        for typed in keys:
            await ws.send_json(["stdin", typed])
            await read(2)
            screens.append(screen_lines(bytes(out)))
    return screens


@pytest.mark.slow
def test_counter_window_served_to_a_browser_logs_in_and_calls(tmp_path):
    db = str(tmp_path / "hall.db")
    assert run_cli("--db", db, "user", "add", "liuyang", "--name", "刘洋", "--role", "staff",
                   "--password-stdin", input_text="counter pass 1\n").returncode == 0
    from reception.config import HallConfig
    from reception.queue.db import connect
    from reception.queue.hall import Hall
    from tests.helpers import walk_in

    hall = Hall(connect(db), HallConfig())
    walk_in(hall, 1)
    server, port = start_serve(db, tmp_path)
    try:
        home = wait_for_http(f"http://127.0.0.1:{port}/")
        assert 'href="/counter/1"' in home and 'href="/counter/4"' in home
        screens = asyncio.run(session(
            f"ws://127.0.0.1:{port}/ws/counter/1", ["liuyang\r", "counter pass 1\r", "n"],
        ))
    finally:
        server.terminate()
        server.wait(10)
    assert any("1号窗口" in line for line in screens[0]) and any("用户名" in l for l in screens[0])
    assert any("刘洋（接待人员）" in line for line in screens[2])
    assert any("已叫号：A001" in line for line in screens[3])
    hall.db.conn.close()


@pytest.mark.slow
@pytest.mark.parametrize(("path", "role"), [("/ws/counter/1", "--role staff"), ("/ws/leader", "--role leader")])
def test_a_fresh_hall_in_a_browser_says_how_to_create_the_first_account(tmp_path, path, role):
    # The app used to refuse at start without an account: the page only reconnected.
    server, port = start_serve(str(tmp_path / "hall.db"), tmp_path)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        (screen,) = asyncio.run(session(f"ws://127.0.0.1:{port}{path}", []))
    finally:
        server.terminate()
        server.wait(10)
    text = "".join(line.strip() for line in screen)
    assert "还没有可以在这里登录的账号" in text and role in text
