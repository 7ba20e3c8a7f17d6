"""`reception pg-roles`: the kiosk's and the apps' database accounts on a PostgreSQL hall (issue 18)."""

from __future__ import annotations

import argparse

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    roles = subparsers.add_parser(
        "pg-roles",
        help="PostgreSQL：给取号机账号只授予取号、打印所需的权限，给服务器程序账号授予读写权限"
        "（以数据库所有者运行；账号须已创建，见 deploy/README.md）",
    )
    roles.add_argument("--kiosk", metavar="账号", default="reception_kiosk", help="取号机使用的账号（默认 reception_kiosk）")
    roles.add_argument("--apps", metavar="账号", default="reception_app", help="服务器程序使用的账号（默认 reception_app）")
    roles.set_defaults(handler=pg_roles_command)


def pg_roles_command(ctx: CliContext) -> int:
    from reception.queue.errors import QueueError

    try:
        statements = ctx.service.grant_roles(ctx.args.kiosk, ctx.args.apps)
    except QueueError as exc:
        raise CliError(exc.message) from None
    for statement in statements:
        print(statement + ";")
    print(f"已授权：取号机账号 {ctx.args.kiosk}（只能取号、打印、查询进度），服务器程序账号 {ctx.args.apps}（读写）。")
    return 0
