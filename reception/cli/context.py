"""What every subcommand handler gets: parsed args, config, database, hall."""

from __future__ import annotations

import argparse
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reception.config import HallConfig, load_config
from reception.paths import resolve_config_path, resolve_db_path

if TYPE_CHECKING:
    import sqlite_utils

    from reception.queue.clock import Clock
    from reception.queue.hall import Hall


class CliError(Exception):
    """A refusal the CLI prints as is (Chinese) and exits non-zero on."""


class CliContext:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._db: sqlite_utils.Database | None = None

    @cached_property
    def config_path(self) -> Path | None:
        return resolve_config_path(getattr(self.args, "config", None))

    @cached_property
    def config(self) -> HallConfig:
        return load_config(self.config_path)

    @cached_property
    def clock(self) -> Clock:
        """The hall's clock (its time zone from the config), never the machine's
        local date: a CLI on a UTC server must see the same day as the kiosk."""
        from reception.queue.clock import Clock

        return Clock(self.config.tz)

    @cached_property
    def db_path(self) -> Path:
        return resolve_db_path(getattr(self.args, "db", None))

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            from reception.queue.db import connect

            self._db = connect(self.db_path)
        return self._db

    @cached_property
    def hall(self) -> Hall:
        from reception.queue.hall import Hall

        return Hall(self.db, self.config, self.clock)

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None
