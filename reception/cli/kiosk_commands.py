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

    settings = kiosk_settings(ctx.config)  # a bad [kiosk] key stops here, not mid-visit
    app = create_app(ctx.hall, settings=settings)
    app.run()
    return int(app.return_code or 0)
