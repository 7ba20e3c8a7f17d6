"""`reception serve`: one textual-serve web server, each role at its own URL.

textual-serve's Server runs one command; a hall needs several (the display,
each counter window, the leader view). We reuse its machinery — AppService
runs one app process per browser connection and relays the terminal — and
give each role its own page and websocket route:

    /display            the hall TV (no personal data; no login)
    /counter/<window>   a counter window (staff log in inside the app)
    /leader             the duty leader's view (leaders log in inside the app)

The page template is ours (no web fonts from the internet; it reconnects).
The number of concurrent sessions is capped: each is a process; so is the
number of new sessions one client address may start in a minute.

A request is answered only when its Host is an address we serve (a DNS-rebound
name is refused), a websocket only when its Origin is a page of ours: any other
page a counter PC's browser opens could otherwise drive the apps
(reception.serve.address).

Stopping serve (SIGTERM, Ctrl+C) ends every session's app process before the
server exits: started by hand, outside systemd's control group, nothing else
would. An app process whose server vanished anyway (SIGKILL) ends itself
(reception.serve.driver).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import signal
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from reception.serve.address import parse_host, parse_origin, served_addresses
from reception.serve.settings import ServeSettings

log = logging.getLogger("reception.serve")
TEMPLATES = Path(__file__).parent / "templates"
SESSION_DRIVER = "reception.serve.driver:SessionDriver"
# How long an app process gets to quit when its session ends before it is killed.
STOP_SECONDS = 5.0
RATE_WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class Role:
    path: str  # URL path, e.g. "/counter/3"
    label: str  # Chinese, for the home page and the tab title
    command: str  # the app process to run for one browser session

    @property
    def key(self) -> str:
        # aiohttp route names are identifiers joined by '-', '.' or ':'; a
        # segment may not start with a digit ("counter-1" is refused).
        return self.path.strip("/").replace("/", "_")


def hall_roles(
    settings: ServeSettings,
    windows: list[tuple[int, str]],
    base_command: list[str],
    available: set[str],
) -> list[Role]:
    """The roles this hall serves: those configured whose app is installed."""
    base = " ".join(shlex.quote(part) for part in base_command)
    roles = []
    if "display" in settings.roles and "display" in available:
        roles.append(Role("/display", "大厅显示屏", f"{base} display"))
    if "counter" in settings.roles and "counter" in available:
        for number, name in windows:
            roles.append(Role(f"/counter/{number}", f"{name} 接待台", f"{base} counter --window {number}"))
    if "leader" in settings.roles and "leader" in available:
        roles.append(Role("/leader", "领导接访", f"{base} leader"))
    return roles


class SessionAppService(AppService):
    """textual-serve's AppService, but the app is started without a shell, so the
    process serve holds is the app itself (a signal reaches it, not /bin/sh), and
    with the driver that ends the app when serve is gone."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = SESSION_DRIVER
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    def terminate(self) -> None:
        """Ask the app process to end (the web driver exits the app on SIGTERM)."""
        self._signal(signal.SIGTERM)

    def _signal(self, number: int) -> None:
        # os.kill, not Process.send_signal: that polls, and a poll reaping the exited
        # app races asyncio's child watcher ("Unknown child process pid").
        process = self._process
        if process is not None and process.returncode is None:
            try:
                os.kill(process.pid, number)
            except ProcessLookupError:
                pass

    async def end(self) -> None:
        """Quit the app and wait for its process; SIGTERM, then SIGKILL, if it does not end."""
        try:
            await asyncio.wait_for(self.stop(), STOP_SECONDS)
        except (TimeoutError, Exception):  # noqa: BLE001 - a session must always end
            log.warning("an app did not quit when asked: ending its process")
        process = self._process
        if process is None:
            return
        for number in (None, signal.SIGTERM, signal.SIGKILL):
            if number is not None:
                log.warning("app process %d still running: sending %s", process.pid,
                            signal.Signals(number).name)
                self._signal(number)
            try:
                await asyncio.wait_for(process.wait(), STOP_SECONDS)
                return
            except TimeoutError:
                continue


class HallServer(Server):
    def __init__(self, settings: ServeSettings, roles: list[Role], hall_name: str):
        super().__init__(
            command="",
            host=settings.host,
            port=settings.port,
            title=hall_name,
            public_url=settings.url,
            templates_path=TEMPLATES,
        )
        self.settings = settings
        self.roles = roles
        self.hall_name = hall_name
        self.sessions = 0
        self.live: dict[SessionAppService, web.WebSocketResponse] = {}
        self.served = served_addresses(settings.host, settings.port, settings.url)
        self.started_by: dict[str, deque[float]] = defaultdict(deque)

    def initialize_logging(self) -> None:
        """Logging is set up by the CLI (reception.logs): plain lines on stderr."""

    async def on_startup(self, app: web.Application) -> None:
        log.info("serving %s on %s", ", ".join(r.path for r in self.roles), self.public_url)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        routes: list[web.AbstractRouteDef] = [web.get("/", self.handle_home)]
        for role in self.roles:
            routes.append(web.get(role.path, self._page_handler(role)))
            routes.append(web.get(f"/ws{role.path}", self._websocket_handler(role), name=f"ws-{role.key}"))
        routes.append(web.static("/static", self.statics_path, name="static"))
        app.add_routes(routes)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.end_sessions)
        return app

    @web.middleware
    async def check_host(self, request: web.Request, handler):
        """Answer only requests addressed to us: a page fetched through another
        name (DNS rebinding) would be a page of that name's site."""
        if parse_host(request.host) not in self.served:
            log.warning("refused a request for host %r from %s", request.host, request.remote)
            return web.Response(status=400, text=f"地址不符：请用 {self.public_url}/ 访问本服务\n")
        return await handler(request)

    def origin_allowed(self, request: web.Request) -> bool:
        """The websocket's Origin is a page of ours (browsers always send one)."""
        return parse_origin(request.headers.get("Origin")) in self.served

    def rate_allows(self, client: str) -> bool:
        """Record a new session for `client` unless it started its allowance this minute."""
        now = time.monotonic()
        started = self.started_by[client]
        while started and now - started[0] >= RATE_WINDOW_SECONDS:
            started.popleft()
        if len(started) >= self.settings.sessions_per_minute:
            return False
        started.append(now)
        for other in [key for key, times in self.started_by.items() if not times]:
            del self.started_by[other]  # forget quiet clients
        return True

    async def refuse_session(self, websocket: web.WebSocketResponse, text: str) -> None:
        """Tell the browser why in its terminal (the page shows no close reason), then close."""
        try:
            await websocket.send_bytes(f"\r\n  {text}\r\n".encode())
        except (ConnectionError, RuntimeError):
            pass
        await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=text.encode()[:120])

    async def end_sessions(self, app: web.Application) -> None:
        """On stopping: end every app process and close every browser connection
        (aiohttp would otherwise wait a minute for the open websockets)."""
        if self.live:
            log.info("stopping: ending %d session(s)", len(self.live))
        for service, websocket in list(self.live.items()):
            service.terminate()
            await websocket.close(code=WSCloseCode.GOING_AWAY, message="服务已停止".encode())

    async def handle_home(self, request: web.Request) -> web.Response:
        links = [{"path": role.path, "label": role.label} for role in self.roles]
        return aiohttp_jinja2.render_template(
            "home.html", request, {"hall_name": self.hall_name, "links": links}
        )

    def _page_handler(self, role: Role):
        async def handle(request: web.Request) -> web.Response:
            ws_path = request.app.router[f"ws-{role.key}"].url_for()
            scheme = "wss" if self.public_url.startswith("https") else "ws"
            host = self.public_url.split("://", 1)[1]
            context: dict[str, Any] = {
                "title": f"{self.hall_name} {role.label}",
                "static_url": f"{self.public_url}/static/",
                "websocket_url": f"{scheme}://{host}{ws_path}",
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
            }
            return aiohttp_jinja2.render_template("page.html", request, context)

        return handle

    def _websocket_handler(self, role: Role):
        async def handle(request: web.Request) -> web.StreamResponse:
            if not self.origin_allowed(request):
                log.warning("refused a %s session from %s: Origin %r is not ours",
                            role.path, request.remote, request.headers.get("Origin"))
                return web.Response(status=403, text="拒绝连接：请从本服务的页面打开\n")
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)
            if self.sessions >= self.settings.max_sessions:
                log.warning("refused a %s session: %d sessions open", role.path, self.sessions)
                await self.refuse_session(websocket, "会话数已达上限，请稍后再试")
                return websocket
            if not self.rate_allows(request.remote or "?"):
                log.warning("refused a %s session from %s: over %d new sessions a minute",
                            role.path, request.remote, self.settings.sessions_per_minute)
                await self.refuse_session(websocket, "本机打开的会话过于频繁，请一分钟后再试")
                return websocket
            self.sessions += 1
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service = SessionAppService(
                role.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # textual-serve awaits it, ignoring its result
                download_manager=self.download_manager,
                debug=False,
            )
            log.info("session started: %s (%d open)", role.path, self.sessions)
            self.live[service] = websocket
            try:
                await service.start(width, height)
                await self._relay(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:
                log.exception("session failed: %s", role.path)
            finally:
                await service.end()
                self.live.pop(service, None)
                self.sessions -= 1
                log.info("session ended: %s (%d open)", role.path, self.sessions)
            return websocket

        return handle

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1]
            except (ValueError, IndexError, TypeError, KeyError):
                continue  # a malformed message from a browser is ignored, never fatal
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    to_int(str(data.get("width", 80)), 80), to_int(str(data.get("height", 24)), 24)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()
