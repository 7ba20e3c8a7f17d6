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
    ticket = subparsers.add_parser("ticket", help="paper tickets (凭条)")
    ticket_actions = ticket.add_subparsers(dest="ticket_command", metavar="<action>", required=True)
    reprint = ticket_actions.add_parser(
        "print", help="print a ticket again, or write its printer bytes to a file"
    )
    reprint.add_argument("number", help="ticket number, e.g. A007")
    reprint.add_argument("--day", metavar="YYYY-MM-DD", help="hall day of the ticket (default today)")
    reprint.add_argument("--to", metavar="FILE", help="write the ESC/POS bytes here instead of printing (- for stdout)")
    reprint.add_argument("--original", action="store_true", help="without the 补打凭条 (reprint) mark")
    reprint.set_defaults(handler=ticket_print_command)

    printer = subparsers.add_parser("printer", help="the ticket printer (status, test page, job files)")
    actions = printer.add_subparsers(dest="printer_command", metavar="<action>", required=True)
    actions.add_parser("status", help="ask the printer for its status").set_defaults(handler=status_command)
    test = actions.add_parser("test", help="print a test page")
    test.add_argument("--to", metavar="FILE", help="write the test page's bytes here instead")
    test.set_defaults(handler=test_command)
    show = actions.add_parser("show", help="show what an ESC/POS job file would print")
    show.add_argument("file", help="a file written by `reception ticket print --to`")
    show.add_argument("--png", metavar="OUT", help="also draw the paper as a PNG")
    show.set_defaults(handler=show_command)
    actions.add_parser("profiles", help="list python-escpos printer profiles").set_defaults(
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
