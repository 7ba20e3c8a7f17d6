"""`reception leader`: the duty leader's view (log in with a leader account)."""

from __future__ import annotations

import argparse

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    leader = subparsers.add_parser(
        "leader",
        help="领导接访界面：今日来访人、来访登记和历史、接谈记录和批示",
        description="领导接访：登录后查看今日分派给您的来访人、登记与历史来访，记录接谈情况和批示。",
    )
    leader.add_argument(
        "--idle-minutes", type=float, default=15, metavar="分钟",
        help="无按键或点击多少分钟后自动退出登录（默认 15；0 为从不）",
    )
    leader.set_defaults(handler=leader_command)


def leader_command(ctx: CliContext) -> int:
    from reception.leader.app import create_app

    # Without a leader account the login screen says how to create one (in a browser
    # too: a refusal here would only end the served session, which keeps reconnecting).
    if not 0 <= ctx.args.idle_minutes <= 24 * 60:
        raise CliError("--idle-minutes 须在 0 到 1440 之间")
    create_app(ctx.service, idle_minutes=ctx.args.idle_minutes).run()
    return 0
