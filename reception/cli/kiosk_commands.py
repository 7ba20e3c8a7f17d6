"""`reception kiosk`: the visitor kiosk at the hall entrance."""

from __future__ import annotations

import argparse

from reception.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:
    kiosk = subparsers.add_parser(
        "kiosk", help="the visitor kiosk (touch screen, ID card reader, ticket printer)"
    )
    kiosk.set_defaults(handler=kiosk_command)


def kiosk_command(ctx: CliContext) -> int:
    from reception.kiosk.app import create_app
    from reception.kiosk.settings import kiosk_settings

    from reception.devices.printer import TicketPrinter

    # A bad [kiosk] or [devices.printer] key stops here, not mid-visit.
    settings = kiosk_settings(ctx.config)
    printer = TicketPrinter.from_config(ctx.config)
    app = create_app(ctx.hall, printer=printer, settings=settings)
    app.run()
    return int(app.return_code or 0)
