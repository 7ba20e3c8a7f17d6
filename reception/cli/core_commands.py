"""Core subcommands: init, issue, call, status, close-day."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from reception.cli.context import CliContext, CliError, add_actor_option
from reception.paths import (
    CONFIG_FILE_MODE,
    db_shown,
    default_config_path,
    make_private_dirs,
    write_private_file,
)

if TYPE_CHECKING:
    from reception.queue.models import Ticket
    from reception.queue.service import HallService


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser(
        "init", help="创建数据目录、数据库和示例配置文件（已有的不改动）"
    )
    init.set_defaults(handler=init_command)

    issue = subparsers.add_parser("issue", help="工作人员代为取号（不读身份证），打印号码")
    issue.add_argument("--service", required=True, metavar="业务代码", help="业务代码，如 A")
    issue.add_argument("--name", default="现场取号", metavar="姓名", help="来访人姓名（默认：现场取号）")
    issue.add_argument(
        "--outside-hours", action="store_true",
        help="在接待时间以外（午间休息、下班后、不接待的日子）也取号；记入审计日志",
    )
    add_actor_option(issue)
    issue.set_defaults(handler=issue_command)

    call = subparsers.add_parser("call", help="为某个窗口叫下一个号；没有等候的号时退出码为 1")
    call.add_argument("--window", type=int, required=True, metavar="窗口号", help="窗口号")
    add_actor_option(call)
    call.set_defaults(handler=call_command)

    status = subparsers.add_parser("status", help="今天的排队情况：各业务人数、等候中的号、最近叫号")
    status.set_defaults(handler=status_command)

    close = subparsers.add_parser(
        "close-day",
        help="结束往日未接待的号并列出，以便回访（每晚运行）",
        description="结束往日取号后未接待的号（等候中、已叫号），使每次来访都有记录的结果；"
        "接待中的号留给窗口办结。只列号码，不列个人信息（可写入日志）。",
    )
    add_actor_option(close)
    close.set_defaults(handler=close_day_command)


def init_command(ctx: CliContext) -> int:
    target = ctx.config_path or default_config_path()
    if target.is_dir():
        raise CliError(f"{target} 是一个目录：--config 应给出配置文件，如 {target / 'config.toml'}")
    if not target.exists():
        try:
            make_private_dirs(target.parent)
            sample = resources.files("reception").joinpath("sample_config.toml").read_bytes()
            write_private_file(target, sample, CONFIG_FILE_MODE)
        except OSError as exc:
            raise CliError(f"无法写入示例配置 {target}：{exc.strerror or exc}（请确认目录可写）") from None
        print(f"已写入示例配置：{target}")
    else:
        print(f"配置文件已存在，未改动：{target}")
    db_file = ctx.db_path
    if isinstance(db_file, Path):  # a PostgreSQL URL names no directory of ours
        try:
            make_private_dirs(db_file.parent)  # before connect() creates it with the umask's mode
        except OSError as exc:
            raise CliError(f"无法创建数据目录 {db_file.parent}：{exc.strerror or exc}") from None
    ctx.args.config = str(target)
    ctx.__dict__.pop("config_path", None)
    ctx.__dict__.pop("config", None)
    _ = ctx.config  # refuse a bad existing file now, not at the first visitor
    ctx.service.ensure_database()  # creates and migrates
    print(f"数据库：{db_shown(ctx.db_path)}")
    return 0


def issue_command(ctx: CliContext) -> int:
    from reception.queue.errors import OutsideHours
    from reception.queue.models import CheckInRequest, PersonInput

    try:
        result = ctx.service.check_in(
            CheckInRequest(lead=PersonInput(name=ctx.args.name), service=ctx.args.service),
            actor=ctx.actor,
            outside_hours=ctx.args.outside_hours,
        )
    except OutsideHours as refused:
        raise CliError(f"{refused}（工作人员确需取号时加 --outside-hours，将记入审计日志）") from None
    print(result.ticket.number)
    return 0


def call_command(ctx: CliContext) -> int:
    ticket = ctx.service.call_next(ctx.args.window, actor=ctx.actor)
    if ticket is None:
        raise CliError(f"{ctx.args.window} 号窗口：当前没有等候的号")
    print(ticket.number)
    return 0


def close_day_command(ctx: CliContext) -> int:
    result = ctx.service.close_earlier_days(ctx.actor)
    if not result.closed and not result.still_serving:
        print("往日没有未结束的号。")
        return 0
    if result.closed:
        print(f"已结束 {len(result.closed)} 个往日未接待的号（请按登记电话回访）：")
        for ticket in result.closed:
            print(f"  {ticket.hall_day} {ticket.number}（{ticket.state.label}）")
    if result.still_serving:
        print(f"仍在接待中、未结束的 {len(result.still_serving)} 个号（请相关窗口登记后办结）：")
        for ticket in result.still_serving:
            where = f"{ticket.window} 号窗口" if ticket.window else "领导接访"
            print(f"  {ticket.hall_day} {ticket.number}（{where}）")
    return 0


def status_queues(core: HallService, tickets: list[Ticket]) -> list[tuple[str, str]]:
    """(queue, label) for `status`: every service, then each leader's queue in use today."""
    from reception.queue.models import leader_queue

    queues = [(service.code, f"{service.code} {service.name}") for service in core.config.services]
    names = {duty.leader_id: duty.name for duty in core.duty_leaders()}
    for leader_id in sorted({t.leader_id for t in tickets if t.leader_id is not None}):
        name = names.get(leader_id, f"编号 {leader_id}")
        queues.append((leader_queue(leader_id), f"接访领导 {name}"))
    return queues


def status_command(ctx: CliContext) -> int:
    from reception.queue.models import TicketState

    core = ctx.service
    tickets = core.tickets()
    print(f"{ctx.config.hall_name}  {core.clock.hall_day()}")
    left = core.unfinished_earlier()
    if left:
        print(f"往日有 {len(left)} 个号未结束：运行 reception close-day 结束并列出，以便回访。")
    if not tickets:
        print("今天还没有取号。")
        return 0
    states = list(TicketState)
    header = ["业务"] + [state.label for state in states]
    rows = []
    # By the queue a ticket is in now: a visitor transferred to 领导接访 is counted
    # there, not under the service they first took a number for.
    for queue, label in status_queues(core, tickets):
        mine = [t for t in tickets if t.queue == queue]
        rows.append([label] + [str(sum(1 for t in mine if t.state is state)) for state in states])
    print("\t".join(header))
    for row in rows:
        print("\t".join(row))
    waiting = [t for t in tickets if t.state is TicketState.WAITING]
    if waiting:
        print("等候中：" + " ".join(t.number for t in waiting))
    calls = core.recent_calls(5)
    if calls:
        print("最近叫号：" + "，".join(f"{c.number} → {c.place}" for c in calls))
    return 0
