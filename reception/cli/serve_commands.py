"""`reception serve`: the counter, leader and display apps for browsers on the LAN."""

from __future__ import annotations

import argparse
import errno
import socket
import sys

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve", help="serve the display, counter and leader apps to browsers (textual-serve)"
    )
    serve.add_argument("--host", help="address to bind (default from [serve], else 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default from [serve], else 8080)")
    serve.set_defaults(handler=serve_command)


def serve_command(ctx: CliContext) -> int:
    from dataclasses import replace

    from reception.cli import build_parser
    from reception.serve.server import HallServer, hall_roles
    from reception.serve.settings import serve_settings

    settings = serve_settings(ctx.config.serve, ctx.config.source)
    if ctx.args.host:
        settings = replace(settings, host=ctx.args.host, public_url=None)
    if ctx.args.port is not None:
        if not 1 <= ctx.args.port <= 65535:
            raise CliError(f"--port 应为 1 到 65535 之间的端口号，实际是 {ctx.args.port}")
        settings = replace(settings, port=ctx.args.port, public_url=None)
    _check_address(settings.host, settings.port)
    base = [sys.executable, "-m", "reception", "--db", str(ctx.db_path.resolve())]
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
