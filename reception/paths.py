"""Where the hall's files live when nothing says otherwise.

Precedence, highest first: the command-line option, the environment variable
(RECEPTION_DB / RECEPTION_CONFIG), then the user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "reception"


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "reception.db"


def default_config_path() -> Path:
    return data_dir() / "config.toml"


def resolve_db_path(option: str | None) -> Path:
    if option:
        return Path(option)
    if os.environ.get("RECEPTION_DB"):
        return Path(os.environ["RECEPTION_DB"])
    return default_db_path()


def resolve_config_path(option: str | None) -> Path | None:
    """The config file to read, or None for the embedded defaults."""
    if option:
        return Path(option)
    if os.environ.get("RECEPTION_CONFIG"):
        return Path(os.environ["RECEPTION_CONFIG"])
    default = default_config_path()
    return default if default.exists() else None
