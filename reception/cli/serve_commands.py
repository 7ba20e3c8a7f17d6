"""`reception serve`: the counter, leader and display apps for browsers on the LAN."""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve", help="向局域网内的浏览器提供大厅显示屏、窗口和领导接访界面（textual-serve）"
    )
    serve.add_argument("--host", metavar="地址", help="监听地址（默认取配置 [serve]，否则 127.0.0.1；0.0.0.0 为所有网卡）")
    serve.add_argument("--port", type=int, metavar="端口", help="端口（默认取配置 [serve]，否则 8080）")
    serve.add_argument(
        "--public-url", metavar="网址",
        help="浏览器访问用的地址，如 http://192.168.1.10:8080（默认取配置 [serve] public_url）"
    )
    serve.set_defaults(handler=serve_command)


def serve_command(ctx: CliContext) -> int:
    from dataclasses import replace

    from yarl import URL

    from reception.cli import build_parser
    from reception.serve.address import is_wildcard
    from reception.serve.server import HallServer, hall_roles
    from reception.serve.settings import serve_settings

    settings = ctx.config.serve
    configured_url = settings.public_url
    if ctx.args.host:
        settings = replace(settings, host=ctx.args.host)
    if ctx.args.port is not None:
        if not 1 <= ctx.args.port <= 65535:
            raise CliError(f"--port 应为 1 到 65535 之间的端口号，实际是 {ctx.args.port}")
        settings = replace(settings, port=ctx.args.port)
    # The configured public address still reaches us on all interfaces and on its own
    # port; another --host or --port makes it wrong.
    if configured_url and (
        (ctx.args.host and not is_wildcard(ctx.args.host))
        or (ctx.args.port is not None and URL(configured_url).port != ctx.args.port)
    ):
        settings = replace(settings, public_url=None)
    if ctx.args.public_url:
        settings = replace(settings, public_url=serve_settings({"public_url": ctx.args.public_url}).public_url)
    _check_address(settings.host, settings.port)
    settings = _with_reachable_url(settings)
    db = ctx.db_path
    base = [sys.executable, "-m", "reception", "--db", str(db.resolve() if isinstance(db, Path) else db)]
    if ctx.config_path:
        base += ["--config", str(ctx.config_path.resolve())]
    ctx.service.ensure_database()  # create and migrate now, not in the first browser session
    roles = hall_roles(
        settings,
        [(w.number, w.name) for w in ctx.config.windows],
        base,
        available=_subcommands(build_parser()),
    )
    if not roles:
        raise CliError("没有可提供的界面（检查 [serve] roles 配置）")
    HallServer(settings, roles, ctx.config.hall_name).serve()
    return 0


def _with_reachable_url(settings):
    """Pages embed the websocket's address: listening on all interfaces, that must
    be one a counter PC reaches (ws://0.0.0.0 is not). Without public_url, the
    address of the default route is used and said; with none, serve refuses."""
    from dataclasses import replace

    from reception.serve.address import is_wildcard, lan_address

    if not is_wildcard(settings.host) or settings.public_url:
        return settings
    address = lan_address()
    if address is None:
        raise CliError(
            f"在 {settings.host} 上监听时须设置浏览器使用的地址：在配置 [serve] 中写 "
            f'public_url = "http://本机局域网IP:{settings.port}"，或加 --public-url'
        )
    url = f"http://{address}:{settings.port}"
    print(f"未设置 public_url：页面将使用本机局域网地址 {url}"
          "（如不对，请在配置 [serve] 中设置 public_url）", file=sys.stderr)
    return replace(settings, public_url=url)


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _check_address(host: str, port: int) -> None:
    """Refuse in Chinese an address the server could not listen on (aiohttp
    would end in a traceback): a port in use, an address this machine lacks,
    a port below 1024 without the right."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise CliError(f"无法识别地址 {host}：请用本机的 IP 地址（如 0.0.0.0 或 127.0.0.1）") from None
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    problem = f"端口 {port} 已被占用（另一个 reception serve 还在运行？），请换一个 --port"
                elif exc.errno == errno.EADDRNOTAVAIL:
                    problem = f"本机没有地址 {host}，请用本机的 IP 地址（或 0.0.0.0：所有网卡）"
                elif exc.errno == errno.EACCES:
                    problem = f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请换一个 --port"
                else:
                    problem = exc.strerror or str(exc)
                raise CliError(f"无法在 {host}:{port} 上提供服务：{problem}") from None
