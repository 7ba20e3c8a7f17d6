"""`reception counter --window N`: the console at a counter window."""

from __future__ import annotations

import argparse

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    counter = subparsers.add_parser(
        "counter", help="窗口工作台（工作人员登录后叫号、登记、转办）"
    )
    counter.add_argument("--window", type=int, required=True, metavar="窗口号", help="本机所在的窗口号")
    counter.add_argument(
        "--supervise-days", type=int, default=3, metavar="天数",
        help="督办列表：办理期限前几天开始列出（默认 3 天）",
    )
    counter.add_argument(
        "--callback-days", type=int, default=7, metavar="天数",
        help="回访列表：列出最近几天内 close-day 结束的号（默认 7 天）",
    )
    counter.add_argument(
        "--idle-minutes", type=float, default=15, metavar="分钟",
        help="无按键或点击多少分钟后自动退出登录（默认 15；0 为从不）",
    )
    counter.set_defaults(handler=counter_command)


def counter_command(ctx: CliContext) -> int:
    try:
        ctx.config.window(ctx.args.window)
    except KeyError:
        numbers = "、".join(str(w.number) for w in ctx.config.windows)
        raise CliError(f"没有 {ctx.args.window} 号窗口（本大厅的窗口：{numbers}）") from None
    if not 0 <= ctx.args.supervise_days <= 60:
        raise CliError("--supervise-days 须在 0 到 60 之间")
    if not 1 <= ctx.args.callback_days <= 90:
        raise CliError("--callback-days 须在 1 到 90 之间")
    if not 0 <= ctx.args.idle_minutes <= 24 * 60:
        raise CliError("--idle-minutes 须在 0 到 1440 之间")
    from reception.counter.app import create_app

    app = create_app(ctx.service, ctx.args.window, supervise_days=ctx.args.supervise_days,
                     idle_minutes=ctx.args.idle_minutes, followup_days=ctx.args.callback_days)
    app.run()
    return int(app.return_code or 0)
