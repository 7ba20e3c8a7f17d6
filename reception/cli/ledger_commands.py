"""`reception ledger export`, `reception report` and `reception demo seed` (issue 14).

The register (信访登记台账) and the reports (每月通报, 每周排查) go to xlsx or csv
files holding personal data: written 0600, all or nothing (a temporary file
moved into place), each export recorded in the audit log with who, the range,
the row count and whether ID and phone numbers were masked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reception.cli.context import CliContext, CliError, add_actor_option
from reception.cli.text import shown
from reception.paths import db_shown


def register(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.add_parser("ledger", help="信访登记台账：按日期范围导出（xlsx 或 csv）")
    actions = ledger.add_subparsers(dest="ledger_action", metavar="<操作>", required=True)
    export = actions.add_parser(
        "export",
        help="导出台账，每次来访一行",
        description="导出信访登记台账，每次来访一行。证件号码和联系电话默认打码；--full 导出完整号码，"
        "并记入审计日志。文件权限为 0600（仅本人可读），写完后才放到目标位置。",
    )
    export.add_argument("--from", dest="first", metavar="日期", help="开始日期 YYYY-MM-DD（含）")
    export.add_argument("--to", dest="last", metavar="日期", help="结束日期 YYYY-MM-DD（含）")
    export.add_argument("--month", metavar="月份", help="整月，如 2026-12（代替 --from/--to）")
    export.add_argument("--out", required=True, metavar="文件", help="输出文件，以 .xlsx 或 .csv 结尾")
    export.add_argument("--full", action="store_true", help="导出完整的证件号码和联系电话（记入审计日志）")
    add_actor_option(export)
    export.set_defaults(handler=ledger_export_command)

    report = subparsers.add_parser(
        "report",
        help="统计通报：按月（或日期范围）统计；按周列出排查情况（零报告）",
        description="--month 或 --from/--to：按问题类别、处理结果、来访形式统计，按期率、满意度、"
        "等候与接待时长、领导接访日；--week：列出本周集访、越级访、重复访，没有时为零报告。"
        "写入 xlsx（每个表一个工作表，附图表），或用 --print 以文字输出。",
    )
    report.add_argument("--month", metavar="月份", help="如 2026-12")
    report.add_argument("--week", metavar="周", help="排查周报，ISO 周，如 2026-W49")
    report.add_argument("--from", dest="first", metavar="日期", help="开始日期 YYYY-MM-DD（含）")
    report.add_argument("--to", dest="last", metavar="日期", help="结束日期 YYYY-MM-DD（含）")
    report.add_argument("--out", metavar="文件", help="输出的 xlsx 文件")
    report.add_argument("--print", dest="print_text", action="store_true", help="以文字输出到屏幕")
    add_actor_option(report)
    report.set_defaults(handler=report_command)

    demo = subparsers.add_parser("demo", help="演示数据：在空的大厅数据库中生成虚构的来访记录")
    demo_actions = demo.add_subparsers(dest="demo_action", metavar="<操作>", required=True)
    seed = demo_actions.add_parser(
        "seed",
        help="生成到今天为止的虚构数据（只用于空库）",
        description="生成到今天（大厅时钟）为止的虚构来访：来访人、重复访、集访、领导接访日、叫号、"
        "各种处理结果、接谈与批示、期限（部分超期）、满意度评价。已有来访记录的数据库不会被改动。",
    )
    seed.add_argument("--days", type=int, default=90, metavar="天数", help="生成多少天（默认 90）")
    seed.add_argument("--visits-per-day", type=int, default=40, metavar="数量", help="每个工作日大约多少次来访（默认 40）")
    seed.add_argument("--seed", type=int, default=1, metavar="整数", help="随机种子：相同种子生成相同数据（默认 1）")
    add_actor_option(seed)
    seed.set_defaults(handler=demo_seed_command)


# ------------------------------------------------------------------ the register


def ledger_export_command(ctx: CliContext) -> int:
    from reception.exports.files import ExportError, Progress
    from reception.exports.ledger_file import export_ledger

    args = ctx.args
    target = Path(args.out)
    _format(target, ("xlsx", "csv"))
    desk = ctx.service.ledger()
    period = desk.period(month=args.month, first=args.first, last=args.last)
    progress = Progress("导出台账", desk.ledger_count(period))
    try:
        written = export_ledger(desk, period, target, ctx.actor, full=args.full, tick=progress.update)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    finally:
        progress.close()
    masked = "完整证件号码和电话（已记入审计日志）" if args.full else "证件号码和电话已打码"
    print(shown(f"已导出台账 {period.label}：{written} 条，{masked}：{target}"))
    return 0


# ------------------------------------------------------------------ reports


def report_command(ctx: CliContext) -> int:
    from reception.exports.files import ExportError, finish, private_output
    from reception.exports.sheets import report_text, write_report_xlsx

    args = ctx.args
    if not args.out and not args.print_text:
        raise CliError("请用 --out 给出 xlsx 文件，或用 --print 输出到屏幕")
    target = Path(args.out) if args.out else None
    if target is not None:
        _format(target, ("xlsx",))
    desk = ctx.service.ledger()
    period = desk.period(month=args.month, week=args.week, first=args.first, last=args.last)
    weekly = bool(args.week)
    report = desk.screening_report(period) if weekly else desk.monthly_report(period)
    if target is not None:
        try:
            with private_output(target) as temporary:
                write_report_xlsx(temporary, report, ctx.clock.now().strftime("%Y-%m-%d %H:%M"))
                rows = sum(len(table.rows) for table in report.tables)
                desk.record_export(ctx.actor, "screening" if weekly else "report", period, rows, False, target.name)
                finish(temporary, target)
        except ExportError as exc:
            raise CliError(str(exc)) from None
    if args.print_text:
        print(shown(report_text(report)))
    if target is not None:
        zero = weekly and not report.tables[-1].rows
        print(shown(f"已写入{'排查周报（零报告）' if zero else '统计报表'} {period.label}：{target}"),
              file=sys.stderr if args.print_text else sys.stdout)
    return 0


# ------------------------------------------------------------------ demo data


def demo_seed_command(ctx: CliContext) -> int:
    from reception.exports.files import Progress

    args = ctx.args
    progress = Progress("生成演示数据", args.days, minimum=30)
    try:
        summary = ctx.service.ledger().seed_demo(
            days=args.days, per_day=args.visits_per_day, seed=args.seed, actor=ctx.actor,
            progress=lambda done, total: progress.update(done),
        )
    finally:
        progress.close()
    print(f"已生成演示数据（{summary.first_day} 至 {summary.last_day}）：来访 {summary.visits} 次，"
          f"来访人 {summary.persons} 人，领导接访日 {summary.reception_days} 个，接谈记录 {summary.talks} 条。")
    print(f"数据库：{db_shown(ctx.db_path)}")
    return 0


def _format(target: Path, allowed: tuple[str, ...]) -> str:
    kind = target.suffix.lower().lstrip(".")
    if kind not in allowed:
        raise CliError(f"输出文件须以 {' 或 '.join('.' + a for a in allowed)} 结尾：{target}")
    return kind
