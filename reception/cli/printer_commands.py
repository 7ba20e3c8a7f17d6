"""`reception ticket print` and `reception printer ...`: tickets on paper, for staff and technicians.

    reception ticket print A007 [--day 2026-11-25] [--to FILE] [--original]
        Reprint a ticket on the configured printer (recorded as a reprint), or
        with --to write exactly the bytes that would go to the printer
        ("-" for standard output).
    reception printer status          what the printer says about itself
    reception printer test [--to F]   a test page: Chinese, sizes, width, QR, cut
    reception printer show FILE [--png OUT]
                                      what a job file contains, as text (and a PNG)
    reception printer profiles        python-escpos printer models for `profile`
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    ticket = subparsers.add_parser("ticket", help="排队凭条：补打")
    ticket_actions = ticket.add_subparsers(dest="ticket_command", metavar="<操作>", required=True)
    reprint = ticket_actions.add_parser(
        "print", help="补打一张凭条，或把它的打印数据写入文件"
    )
    reprint.add_argument("number", metavar="号码", help="凭条号码，如 A007")
    reprint.add_argument("--day", metavar="日期", help="取号日期，如 2026-03-02（默认今天）")
    reprint.add_argument("--to", metavar="文件", help="不打印，把 ESC/POS 打印数据写入此文件（- 为标准输出）")
    reprint.add_argument("--original", action="store_true", help="不加“补打凭条”字样")
    reprint.set_defaults(handler=ticket_print_command)

    printer = subparsers.add_parser("printer", help="凭条打印机：状态、测试页、打印数据文件")
    actions = printer.add_subparsers(dest="printer_command", metavar="<操作>", required=True)
    actions.add_parser("status", help="查询打印机状态（缺纸、开盖等）").set_defaults(handler=status_command)
    test = actions.add_parser("test", help="打印一张测试页")
    test.add_argument("--to", metavar="文件", help="不打印，把测试页的打印数据写入此文件")
    test.set_defaults(handler=test_command)
    show = actions.add_parser("show", help="显示 ESC/POS 打印数据文件会打印出的内容")
    show.add_argument("file", metavar="文件", help="由 reception ticket print --to 写出的文件")
    show.add_argument("--png", metavar="图片", help="同时把纸面画成 PNG 图片，写入此文件")
    show.set_defaults(handler=show_command)
    actions.add_parser("profiles", help="列出 python-escpos 支持的打印机型号（profile）").set_defaults(
        handler=profiles_command
    )


def _printer(ctx: CliContext):
    from reception.devices.printer import TicketPrinter

    return TicketPrinter.from_config(ctx.config)


def _write(path: str, data: bytes) -> None:
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CliError(f"无法写入 {path}：{exc.strerror}") from None


def ticket_print_command(ctx: CliContext) -> int:
    args = ctx.args
    day = args.day
    if day is not None:
        from datetime import date

        try:
            date.fromisoformat(day)
        except ValueError:
            raise CliError(f"日期格式应为 YYYY-MM-DD，实际是 {day[:20]!r}") from None
    printer = _printer(ctx)
    ticket = ctx.service.find_ticket(args.number, day)
    slip = ctx.service.slip_for(ticket, reprint=not args.original)
    if args.to:
        data = printer.render_slip(slip)
        _write(args.to, data)
        if args.to != "-":
            print(f"已写入 {args.to}（{len(data)} 字节，{ticket.number} 号）")
        return 0
    result = printer.print_slip(slip)
    ctx.service.record_print(ticket.id, result.ok, ctx.actor, error=result.error, reprint=slip.reprint)
    if not result.ok:
        what = "可能没有完整打印" if result.sent else "未能打印"
        again = f"reception ticket print {ticket.number}" + (f" --day {day}" if day else "")
        raise CliError(f"{ticket.number} 号凭条{what}：{result.status.explained}。处理后重新运行：{again}"
                       + _detail(result.status))  # fmt: skip
    print(f"{ticket.number} 号已打印：{result.target}")
    return 0


def _detail(status) -> str:
    return f"\n详情：{status.detail}" if status.detail else ""


def status_command(ctx: CliContext) -> int:
    printer = _printer(ctx)
    status = printer.status()
    print(f"{printer.target}：{status.explained}")
    if status.detail and status.detail != printer.target:  # the preview's detail is its directory again
        print(f"  {status.detail}")
    return 1 if status.is_fault else 0


def test_command(ctx: CliContext) -> int:
    printer = _printer(ctx)
    if ctx.args.to:
        _write(ctx.args.to, printer.render_sample_page())
        return 0
    result = printer.print_sample_page()
    if not result.ok:
        raise CliError(f"测试页未能打印：{result.status.explained}" + _detail(result.status))
    print(f"测试页已发送：{result.target}（{result.status.message}）")
    return 0


def show_command(ctx: CliContext) -> int:
    from reception.devices.printer import printer_settings
    from reception.devices.printer.decode import decode
    from reception.devices.printer.preview import preview_text

    try:
        data = Path(ctx.args.file).read_bytes()
    except OSError as exc:
        raise CliError(f"无法读取 {ctx.args.file}：{exc.strerror}") from None
    settings = printer_settings(ctx.config)
    decoded = decode(data)
    sys.stdout.write(preview_text(decoded, settings.columns))
    if ctx.args.png:
        from reception.devices.printer.fonts import find_cjk_font
        from reception.devices.printer.preview import preview_image

        try:
            preview_image(decoded, settings.paper_dots, find_cjk_font(settings.font)).save(ctx.args.png)
        except (OSError, ValueError) as exc:
            raise CliError(f"无法写入 {ctx.args.png}：{exc}") from None
    return 1 if decoded.problems else 0


def profiles_command(ctx: CliContext) -> int:
    from reception.devices.printer.settings import escpos_profiles

    for name, caps in sorted(escpos_profiles().items()):
        features = caps.get("features", {})
        width = caps.get("media", {}).get("width", {}).get("mm", "?")
        qr = "原生二维码" if features.get("qrCode") else "图像二维码"
        cut = "切刀" if features.get("paperFullCut") or features.get("paperPartCut") else "无切刀"
        print(f"{name:16} {caps.get('name', '')[:28]:28} {width}mm {qr} {cut}")
    return 0
