"""`reception leader`: the duty leader's view (log in with a leader account)."""

from __future__ import annotations

import argparse

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    leader = subparsers.add_parser(
        "leader",
        help="the duty leader's view: today's queue, visitors' records, talk record and 批示",
        description="领导接访：登录后查看今日分派给您的来访人、登记与历史来访，记录接谈情况和批示。",
    )
    leader.add_argument(
        "--idle-minutes", type=float, default=15, metavar="MIN",
        help="log out after this many minutes without a key or click (default 15; 0: never)",
    )
    leader.set_defaults(handler=leader_command)


def leader_command(ctx: CliContext) -> int:
    from reception.leader.app import create_app

    has_leader = ctx.db.execute(
        "SELECT 1 FROM users WHERE role = 'leader' AND active = 1 LIMIT 1"
    ).fetchone()
    if not has_leader:
        raise CliError(
            "还没有可用的领导账号。请管理员先创建："
            "reception user add 用户名 --name 姓名 --role leader --leader 领导姓名"
        )
    if not 0 <= ctx.args.idle_minutes <= 24 * 60:
        raise CliError("--idle-minutes 须在 0 到 1440 之间")
    create_app(ctx.hall, idle_minutes=ctx.args.idle_minutes).run()
    return 0
