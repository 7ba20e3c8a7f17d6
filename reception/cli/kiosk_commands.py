"""`reception kiosk`: the visitor kiosk at the hall entrance."""

from __future__ import annotations

import argparse

from reception.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:
    kiosk = subparsers.add_parser(
        "kiosk", help="来访人自助取号机（触摸屏、身份证读卡器、凭条打印机）"
    )
    kiosk.set_defaults(handler=kiosk_command)


def kiosk_command(ctx: CliContext) -> int:
    from reception.devices.printer import TicketPrinter
    from reception.kiosk.app import create_app
    from reception.kiosk.settings import kiosk_settings

    # A bad [kiosk] or [devices.printer] key stops here, not mid-visit.
    settings = kiosk_settings(ctx.config)
    printer = TicketPrinter.from_config(ctx.config)
    ctx.service.ensure_database()  # a bad database path stops here, not at the first visitor
    app = create_app(
        ctx.service, card_source=_card_source(ctx), printer=printer, settings=settings,
        scan_source=_scan_source(ctx),
    )  # fmt: skip
    app.run()
    return int(app.return_code or 0)


def _card_source(ctx: CliContext):
    """The reader `[devices.card_reader] port` names; without one, the simulated
    reader over a pty (the whole flow through real frames), else the demo source."""
    from reception.devices.idcard.settings import card_reader_settings
    from reception.kiosk.reader import SerialCardSource, SimulatedSerialSource

    reader = card_reader_settings(ctx.config)  # a bad key stops here
    if reader.port:
        return SerialCardSource(reader)
    try:
        return SimulatedSerialSource()
    except (OSError, AttributeError, ImportError):  # no pseudo-terminals (Windows)
        from reception.kiosk.cards import DemoCardSource

        return DemoCardSource()


def _scan_source(ctx: CliContext):
    """A serial scanner when `[devices.scanner] kind = "serial"`; a keyboard-wedge
    scanner (the default) types into the lookup screen and needs none."""
    from reception.devices.scanner import scanner_settings

    scanner = scanner_settings(ctx.config)  # a bad key stops here
    if scanner.kind != "serial":
        return None
    from reception.kiosk.scanning import SerialScanSource

    return SerialScanSource(scanner)
