"""`reception serve` hardening (issue 16): Origin and Host checks, a reachable page
address on all interfaces, a per-client session rate, and a closed browser's app
process ending by itself."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from dataclasses import replace

import aiohttp
import pytest

from reception.cli.context import CliError
from reception.serve.settings import ServeSettings, serve_settings
from tests.serve.browser import free_port, start_serve, wait_for_http
from tests.serve.test_serve_stop import alive, children


def wait_until(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.fixture
def serve(tmp_path):
    """Start serve with extra options (before `serve`); yields (process, base url)."""
    started = []

    def start(*options: str, config: str | None = None, port: int | None = None):
        if config is not None:
            path = tmp_path / "config.toml"
            path.write_text(config, encoding="utf-8")
            options = ("--config", str(path), *options)
        server, port = start_serve(str(tmp_path / "hall.db"), tmp_path, *options, port=port)
        started.append(server)
        url = f"http://127.0.0.1:{port}"
        wait_for_http(url + "/")
        return server, url

    yield start
    for server in started:
        server.terminate()
        server.wait(15)


async def open_session(url: str, path: str, origin: str | None):
    """Open a session's websocket as a page would; return what came back:
    ('refused', status) or ('open', first binary frame or b'')."""
    async with aiohttp.ClientSession() as session:
        headers = {"Origin": origin} if origin else {}
        try:
            websocket = await session.ws_connect(
                url.replace("http", "ws") + f"/ws{path}?width=80&height=24", headers=headers
            )
        except aiohttp.WSServerHandshakeError as refused:
            return "refused", refused.status
        async with websocket:
            message = await websocket.receive(timeout=30)
            return "open", message.data if message.type == aiohttp.WSMsgType.BINARY else b""


def test_a_websocket_from_another_site_is_refused(serve):
    _, url = serve()
    assert asyncio.run(open_session(url, "/display", "http://evil.example")) == ("refused", 403)
    assert asyncio.run(open_session(url, "/display", None)) == ("refused", 403)
    port = url.rsplit(":", 1)[1]
    # The same address on another port (another local service's page) is not ours either.
    assert asyncio.run(open_session(url, "/display", f"http://127.0.0.1:{int(port) + 1}"))[0] == "refused"
    state, frame = asyncio.run(open_session(url, "/display", url))
    assert state == "open" and frame


def test_a_request_for_a_host_we_do_not_serve_is_refused(serve):
    _, url = serve()
    port = url.rsplit(":", 1)[1]
    request = urllib.request.Request(url + "/display", headers={"Host": f"evil.example:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    assert "请用" in refused.value.read().decode()
    assert "大厅显示屏" in wait_for_http(url + "/")  # its own address still works
    assert wait_for_http(f"http://localhost:{port}/display")


def test_pages_embed_the_public_url_and_its_origin_is_accepted(serve):
    port = free_port()
    public = f"http://127.0.0.2:{port}"  # another address of this machine, as a LAN address
    _, url = serve(config=f'[serve]\npublic_url = "{public}"\n', port=port)
    page = wait_for_http(url + "/display")
    assert f'data-session-websocket-url="ws://127.0.0.2:{port}/ws/display"' in page
    state, _ = asyncio.run(open_session(url, "/display", public))
    assert state == "open"


def test_all_interfaces_need_a_reachable_address(monkeypatch, capsys):
    from reception.cli import serve_commands
    from reception.serve import address

    everywhere = ServeSettings(host="0.0.0.0", port=8080)
    monkeypatch.setattr(address, "lan_address", lambda: "192.168.1.10")
    chosen = serve_commands._with_reachable_url(everywhere)
    assert chosen.url == "http://192.168.1.10:8080"
    assert "192.168.1.10" in capsys.readouterr().err  # says which it chose

    monkeypatch.setattr(address, "lan_address", lambda: None)
    with pytest.raises(CliError, match="public_url"):
        serve_commands._with_reachable_url(everywhere)
    configured = replace(everywhere, public_url="http://10.0.0.5:8080")
    assert serve_commands._with_reachable_url(configured).url == "http://10.0.0.5:8080"


def test_new_sessions_per_client_are_capped(serve):
    _, url = serve(config="[serve]\nsessions_per_minute = 2\n")

    async def three():
        return [await open_session(url, "/display", url) for _ in range(3)]

    (s1, f1), (s2, f2), (s3, f3) = asyncio.run(three())
    assert s1 == s2 == s3 == "open" and b"__GANGLION__" not in f3
    assert "过于频繁" in f3.decode() and "过于频繁" not in f1.decode()


def test_sessions_per_minute_is_validated():
    assert serve_settings({"sessions_per_minute": 30}).sessions_per_minute == 30
    assert serve_settings({}).sessions_per_minute == 10
    with pytest.raises(Exception, match="sessions_per_minute"):
        serve_settings({"sessions_per_minute": 0})


@pytest.mark.parametrize("hold", [0.2, 0.9])
def test_the_app_of_a_browser_closed_at_once_ends_without_sigkill(serve, tmp_path, hold):
    server, url = serve()

    async def open_and_close():
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(url.replace("http", "ws") + "/ws/display?width=80&height=24",
                                          headers={"Origin": url}):
                assert await asyncio.to_thread(wait_until, lambda: children(server.pid), 20)
                await asyncio.sleep(hold)  # a browser closed within a second
                return children(server.pid)

    apps = asyncio.run(open_and_close())
    closed = time.monotonic()
    assert wait_until(lambda: not [pid for pid in apps if alive(pid)], 5), "app process still running"
    assert wait_until(lambda: "session ended" in (tmp_path / "serve.log").read_text(), 5)
    log = (tmp_path / "serve.log").read_text()
    assert "SIGKILL" not in log and "SIGTERM" not in log and "did not quit" not in log, log
    assert time.monotonic() - closed < 5
