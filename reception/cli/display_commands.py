"""`reception display`: the hall TV."""

from __future__ import annotations

import argparse

from reception.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:
    display = subparsers.add_parser(
        "display", help="the hall TV: calls, waiting counts, leaders' reception days"
    )
    display.set_defaults(handler=display_command)


def display_command(ctx: CliContext) -> int:
    from reception.hall_display.app import create_app
    from reception.hall_display.settings import display_settings

    config = ctx.config
    settings = display_settings(config.display, config.source)  # refuse a bad key before drawing
    ctx.service.ensure_database()  # create and migrate once; the display itself only reads
    ctx.close()
    ctx._db = None
    app = create_app(ctx.db_path, config, settings)
    app.run()
    return 0
