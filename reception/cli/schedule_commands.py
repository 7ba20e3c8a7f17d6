"""Leaders' reception days and appointments: `reception schedule …`, `reception appointment …`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from typing import TextIO

from reception.cli.context import CliContext, CliError, add_actor_option
from reception.cli.text import cell as _cell
from reception.cli.text import shown

WEEKDAYS = "一二三四五六日"
LEADER_HELP = "领导姓名；两位领导同名时用领导编号（见 reception schedule list）"



def register(subparsers: argparse._SubParsersAction) -> None:
    schedule = subparsers.add_parser("schedule", help="领导接访日安排：导入、查看、添加、删除")
    commands = schedule.add_subparsers(dest="schedule_command", metavar="<操作>", required=True)

    do_import = commands.add_parser(
        "import", help="导入 CSV 或 XLSX 格式的接访日安排（每行一个接访日）；有一行不对则整个文件都不导入"
    )
    do_import.add_argument("file", metavar="文件", help="接访日安排文件（.csv 或 .xlsx）")
    add_actor_option(do_import)
    do_import.set_defaults(handler=import_command)

    listing = commands.add_parser("list", help="列出接访日及剩余名额（含领导编号）")
    listing.add_argument("--from", dest="first", metavar="日期", help="从哪一天开始，如 2026-03-02（默认今天）")
    listing.add_argument("--days", type=int, default=30, metavar="天数", help="列出多少天（默认 30 天）")
    listing.set_defaults(handler=list_command)

    add = commands.add_parser("add", help="添加或修改一个接访日")
    add.add_argument("--date", required=True, metavar="日期", help="接访日期，如 2026-03-02")
    add.add_argument("--leader", required=True, metavar="姓名", help="接访领导姓名")
    add.add_argument(
        "--leader-id", default="", metavar="编号",
        help="领导编号（见 reception schedule list）：指定这位领导，--leader 不同时为其改名；"
        "新领导与已有领导同名时写“新”",
    )
    add.add_argument("--post", default="", metavar="职务", help="职务，如 副县长")
    add.add_argument("--fields", default="", metavar="领域", help="分管领域")
    add.add_argument("--time", required=True, metavar="时间", help="接访时间，如 09:00-11:30")
    add.add_argument("--place", required=True, metavar="地点", help="接访地点")
    add.add_argument("--mode", required=True, metavar="方式", help="接访方式：定点 或 预约")
    add.add_argument("--quota", required=True, metavar="人数", help="当天接待人数上限")
    add_actor_option(add)
    add.set_defaults(handler=add_command)

    remove = commands.add_parser("remove", help="删除一个接访日（已有预约的不能删除）")
    remove.add_argument("--date", required=True, metavar="日期", help="接访日期，如 2026-03-02")
    remove.add_argument("--leader", required=True, metavar="领导", help=LEADER_HELP)
    add_actor_option(remove)
    remove.set_defaults(handler=remove_command)

    appointment = subparsers.add_parser("appointment", help="领导接访日的预约：登记、查看、取消")
    actions = appointment.add_subparsers(dest="appointment_command", metavar="<操作>", required=True)

    book = actions.add_parser("add", help="为来访人预约某位领导的接访日")
    book.add_argument("--date", metavar="日期", help="接访日期，如 2026-03-02（默认今天）")
    book.add_argument("--leader", required=True, metavar="领导", help=LEADER_HELP)
    book.add_argument("--name", required=True, metavar="姓名", help="来访人姓名")
    book.add_argument("--id-number", required=True, metavar="证件号码", help="证件号码，来访时在取号机上核对")
    book.add_argument("--doc-type", default="居民身份证", metavar="证件类型", help="证件类型（默认 居民身份证）")
    book.add_argument("--phone", default="", metavar="电话", help="联系电话")
    book.add_argument(
        "--outside-hours", action="store_true",
        help="大厅当天不接待（节假日、周末、闭厅）也预约；记入审计日志",
    )
    add_actor_option(book)
    book.set_defaults(handler=book_command)

    show = actions.add_parser("list", help="列出某位领导某一天的预约（含预约编号）")
    show.add_argument("--date", metavar="日期", help="接访日期，如 2026-03-02（默认今天）")
    show.add_argument("--leader", required=True, metavar="领导", help=LEADER_HELP)
    show.add_argument("--all", action="store_true", help="也列出已取消的预约")
    show.set_defaults(handler=appointments_command)

    cancel = actions.add_parser("cancel", help="按预约编号取消预约")
    cancel.add_argument("id", type=int, metavar="预约编号", help="预约编号（见 reception appointment list）")
    cancel.add_argument("--reason", default="", metavar="原因", help="取消原因，记入事件日志")
    add_actor_option(cancel)
    cancel.set_defaults(handler=cancel_command)


class ProgressLine:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    WIDTH = 30
    SHOW_FROM = 200  # rows; small files finish before anyone could read it

    def __init__(self, stream: TextIO = sys.stderr):
        self.stream = stream
        self.drawn = False
        self.last = 0.0
        self.last_phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < self.SHOW_FROM:
            return
        now = time.monotonic()
        final = done >= total
        if not final and phase == self.last_phase and now - self.last < 0.1:
            return
        if phase != self.last_phase and self.drawn:
            self.stream.write("\n")
        self.last, self.last_phase = now, phase
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{phase} [{bar}] {100 * done // max(total, 1):3d}%  {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def import_command(ctx: CliContext) -> int:
    from reception.queue.schedule_input import ScheduleInvalid

    progress = ProgressLine()
    try:
        result = ctx.service.import_schedule(ctx.args.file, ctx.actor, progress)
    except ScheduleInvalid as exc:
        progress.close()
        print(f"接访日安排有 {len(exc.errors)} 处错误，未导入任何内容：", file=sys.stderr)
        for error in exc.errors:
            print(f"  {shown(error)}", file=sys.stderr)
        return 1
    finally:
        progress.close()
    print(
        f"已导入接访日安排：新增 {result.added} 天，更新 {result.updated} 天，"
        f"新增领导 {result.leaders_added} 位。"
    )
    return 0


def _day(text: str | None, today: str) -> str:
    if not text:
        return today
    from reception.queue.schedule_input import parse_day

    try:
        return parse_day(text)
    except ValueError as exc:
        raise CliError(f"日期：{exc}") from None


def list_command(ctx: CliContext) -> int:
    service = ctx.service
    first = _day(ctx.args.first, service.clock.hall_day())
    if not 1 <= ctx.args.days <= 400:
        raise CliError("--days 应在 1 到 400 之间")
    days = service.reception_days(first, ctx.args.days)
    if not days:
        print(f"{first} 起 {ctx.args.days} 天内没有领导接访日安排。")
        return 0
    print("\t".join(["日期", "星期", "时间", "领导", "领导编号", "职务", "分管领域", "地点", "方式", "限额", "剩余"]))
    for reception in days:
        weekday = "星期" + WEEKDAYS[date.fromisoformat(reception.day).weekday()]
        left = service.remaining_places(reception.leader_id, reception.day)
        print("\t".join(_cell(value) for value in [
            reception.day, weekday, reception.time_text, reception.leader_name, reception.leader_id,
            reception.post,
            reception.fields, reception.place, reception.mode, reception.quota, left,
        ]))
    return 0


def add_command(ctx: CliContext) -> int:
    args = ctx.args
    reception = ctx.service.add_reception_day(
        {
            "day": args.date, "leader": args.leader, "leader_id": args.leader_id,
            "post": args.post, "fields": args.fields,
            "time": args.time, "place": args.place, "mode": args.mode, "quota": args.quota,
        },
        ctx.actor,
    )
    print(shown(
        f"已保存：{reception.day} {reception.time_text} {reception.leader_name} "
        f"{reception.place}（{reception.mode}，限额 {reception.quota} 人）"
    ))
    return 0


def remove_command(ctx: CliContext) -> int:
    service = ctx.service
    leader = service.leader_named(ctx.args.leader)
    day = _day(ctx.args.date, service.clock.hall_day())
    service.remove_reception_day(leader.id, day, ctx.actor)
    print(shown(f"已删除：{day} {leader.name} 的接访日"))
    return 0


def book_command(ctx: CliContext) -> int:
    from reception.queue.documents import clean_document
    from reception.queue.models import PersonInput

    args = ctx.args
    service = ctx.service
    leader = service.leader_named(args.leader)
    day = _day(args.date, service.clock.hall_day())
    # Checked as typed at the counter: on the day the visitor's card is matched
    # against it (a resident ID in its 18-character form), and a wrong digit
    # would send them to the walk-in queue.
    doc_type, doc_number = clean_document(args.doc_type, args.id_number, ctx.clock.today())
    person = PersonInput(name=args.name, doc_type=doc_type, doc_number=doc_number, phone=args.phone)
    booked = service.book_appointment(leader.id, day, person, ctx.actor, outside_hours=ctx.args.outside_hours)
    reception = booked.reception
    left = service.remaining_places(leader.id, day)
    print(shown(
        f"已预约：第 {booked.id} 号，{reception.day} {reception.time_text} "
        f"{reception.leader_name} {reception.place}；当天剩余名额 {left}"
    ))
    return 0


def appointments_command(ctx: CliContext) -> int:
    from reception.queue.persons import mask_doc_number

    service = ctx.service
    leader = service.leader_named(ctx.args.leader)
    day = _day(ctx.args.date, service.clock.hall_day())
    booked = service.appointments_for(leader.id, day, include_cancelled=ctx.args.all)
    if not booked:
        print(shown(f"{day} {leader.name} 没有预约。"))
        return 0
    print("\t".join(["编号", "姓名", "证件号码", "电话", "状态", "预约时间"]))
    for item in booked:
        print("\t".join(_cell(value) for value in [
            item.id, item.person_name, mask_doc_number(item.doc_number), item.phone,
            item.state.label, item.created_at[:16].replace("T", " "),
        ]))
    return 0


def cancel_command(ctx: CliContext) -> int:
    cancelled = ctx.service.cancel_appointment(ctx.args.id, ctx.actor, ctx.args.reason)
    print(shown(f"已取消第 {cancelled.id} 号预约（{cancelled.reception.day} {cancelled.reception.leader_name}）"))
    return 0
