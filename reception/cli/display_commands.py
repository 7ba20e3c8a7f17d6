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

    config = ctx.config
    settings = config.display  # checked when the file was loaded, before drawing
    ctx.db.conn.close()  # create and migrate once; the display itself only reads
    ctx._db = None
    app = create_app(ctx.db_path, config, settings)
    app.run()
    return 0
