"""What every subcommand handler gets: parsed args, config, the service facade, the actor."""

from __future__ import annotations

import argparse
import getpass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reception.config import HallConfig, load_config
from reception.paths import DbLocation, resolve_config_path, resolve_db_path

if TYPE_CHECKING:
    from reception.queue.clock import Clock
    from reception.queue.service import HallService


def add_actor_option(parser: argparse.ArgumentParser) -> None:
    """`--actor` after a command as well (`reception call --window 1 --actor 刘洋`):
    the same value as the global option, which it overrides when given."""
    parser.add_argument(
        "--actor", default=argparse.SUPPRESS, metavar="操作人", help="操作人（同全局 --actor；默认：当前系统用户）"
    )


class CliError(Exception):
    """A refusal the CLI prints as is (Chinese) and exits non-zero on."""


class CliContext:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._service: HallService | None = None

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
    def db_path(self) -> DbLocation:
        """A SQLite file, or a PostgreSQL URL (reception.paths)."""
        return resolve_db_path(getattr(self.args, "db", None))

    @property
    def service(self) -> HallService:
        """The core; the database is opened (created, migrated) by its first call."""
        if self._service is None:
            from reception.queue.service import HallService

            self._service = HallService(self.db_path, self.config, self.clock)
        return self._service

    @cached_property
    def actor(self) -> str:
        """Who acts, for the event and audit logs: `--actor NAME`, else the OS user."""
        given = (getattr(self.args, "actor", None) or "").strip()
        if given:
            return given
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no such user in the password database (a container)
            return "cli"

    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None
