"""The hall's opening hours: `reception hours status|list|close|open`."""

from __future__ import annotations

import argparse
from datetime import date

from reception.cli.context import CliContext, CliError, add_actor_option
from reception.cli.text import shown

WEEKDAYS = "一二三四五六日"


def register(subparsers: argparse._SubParsersAction) -> None:
    hours = subparsers.add_parser(
        "hours",
        help="接待时间：现在的状态、本单位的闭厅和开放日",
        description="接待时间在配置文件的 [hours] 中设置；法定节假日不接待，调休上班的周末接待。"
        "本单位另行闭厅或开放的日子用 close 和 open 记录（记入审计日志）。",
    )
    commands = hours.add_subparsers(dest="hours_command", metavar="<操作>", required=True)

    status = commands.add_parser("status", help="现在是否接待、今天的接待时间、下次取号时间")
    status.set_defaults(handler=status_command)

    listing = commands.add_parser("list", help="列出本单位今后的闭厅和开放日，以及未来几天的接待时间")
    listing.add_argument("--days", type=int, default=14, metavar="天数", help="列出多少天的接待时间（默认 14 天）")
    listing.set_defaults(handler=list_command)

    close = commands.add_parser("close", help="某天闭厅：不取号、不预约（如集中学习、停电检修）")
    close.add_argument("day", metavar="日期", help="日期，如 2027-01-04")
    close.add_argument("--reason", required=True, metavar="原因", help="闭厅原因，显示在取号机和大厅显示屏上")
    add_actor_option(close)
    close.set_defaults(handler=close_command)

    opened = commands.add_parser(
        "open", help="取消某天的闭厅；或在周末、节假日另行开放（按工作日的接待时间）"
    )
    opened.add_argument("day", metavar="日期", help="日期，如 2027-01-09")
    opened.add_argument("--reason", default="", metavar="原因", help="另行开放的原因，如 集中接访日")
    add_actor_option(opened)
    opened.set_defaults(handler=open_command)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(shown(f"日期格式不对：{text}（应为 2027-01-04 这样的年-月-日）")) from None


def _weekday(day: date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


def status_command(ctx: CliContext) -> int:
    status = ctx.service.hall_status()
    today = status.today
    print(f"{ctx.config.hall_name}  {status.at:%Y-%m-%d %H:%M}（{_weekday(status.at.date())}）")
    print(f"状态：{status.headline}")
    print(f"今日接待时间：{today.hours_text}" + (f"（{today.reason}）" if today.reason and today.open else ""))
    if today.last_number_text:
        print(f"停止取号：{today.last_number_text}")
    if status.minutes_left is not None:
        print(f"本时段还剩 {status.minutes_left} 分钟")
    if not status.may_issue:
        print(f"下次取号时间：{status.next_opening_text or '未来 60 天内没有接待日'}")
    return 0


def list_command(ctx: CliContext) -> int:
    from datetime import timedelta

    service = ctx.service
    today = service.clock.today()
    entries = service.office_days(today)
    if entries:
        print("本单位的闭厅和开放日：")
        for entry in entries:
            what = "开放" if entry.open else "闭厅"
            print(shown(f"  {entry.day.isoformat()}（{_weekday(entry.day)}）{what}  {entry.reason}  （{entry.actor}）"))
    else:
        print("本单位没有另行闭厅或开放的日子。")
    print(f"未来 {ctx.args.days} 天的接待时间：")
    for offset in range(max(ctx.args.days, 1)):
        day = today + timedelta(days=offset)
        plan = service.day_plan(day)
        why = f"（{plan.reason}）" if plan.reason else ""
        print(shown(f"  {day.isoformat()}（{_weekday(day)}）{plan.hours_text}{why}"))
    return 0


def close_command(ctx: CliContext) -> int:
    day = _day(ctx.args.day)
    entry = ctx.service.close_day(day, ctx.args.reason, ctx.actor)
    print(shown(f"{day.isoformat()}（{_weekday(day)}）闭厅：{entry.reason}"))
    booked = ctx.service.reception_days(day.isoformat(), 1)
    if booked:
        names = "、".join(r.leader_name for r in booked)
        print(shown(f"注意：这一天有领导接访安排（{names}），请调整安排并通知已预约的来访人。"))
    return 0


def open_command(ctx: CliContext) -> int:
    day = _day(ctx.args.day)
    entry = ctx.service.open_day(day, ctx.actor, ctx.args.reason)
    plan = ctx.service.day_plan(day)
    said = "另行开放" if entry is not None else "按日历"
    print(shown(f"{day.isoformat()}（{_weekday(day)}）{said}：{plan.hours_text}"))
    return 0
