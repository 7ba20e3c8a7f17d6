"""`reception serve`: the counter, leader and display apps for browsers on the LAN."""

from __future__ import annotations

import argparse
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
    if ctx.args.port:
        settings = replace(settings, port=ctx.args.port, public_url=None)
    base = [sys.executable, "-m", "reception", "--db", str(ctx.db_path.resolve())]
    if ctx.config_path:
        base += ["--config", str(ctx.config_path.resolve())]
    ctx.db  # create and migrate now, not in the first browser session
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
