"""Where the hall's files live when nothing says otherwise.

Precedence, highest first: the command-line option, the environment variable
(RECEPTION_DB / RECEPTION_CONFIG), then the user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

from reception.queue.store.location import DbLocation, db_location
from reception.queue.store.location import shown as db_shown  # noqa: F401 - for the CLI's messages

APP_NAME = "reception"


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "reception.db"


def default_config_path() -> Path:
    return data_dir() / "config.toml"


def resolve_db_path(option: str | None) -> DbLocation:
    """A SQLite file's path, or a PostgreSQL URL kept as given (issue 18)."""
    if option:
        return db_location(option)
    if os.environ.get("RECEPTION_DB"):
        return db_location(os.environ["RECEPTION_DB"])
    return default_db_path()


def resolve_config_path(option: str | None) -> Path | None:
    """The config file to read, or None for the embedded defaults."""
    if option:
        return Path(option)
    if os.environ.get("RECEPTION_CONFIG"):
        return Path(os.environ["RECEPTION_CONFIG"])
    default = default_config_path()
    return default if default.exists() else None


# The config holds the kiosk's staff PIN: owner and group (the services'
# accounts, deploy/README.md) only.
CONFIG_FILE_MODE = 0o640
# Directories `reception` creates for its data and config: shared with the
# `reception` group (the kiosk and serve accounts), never with others.
DATA_DIR_MODE = 0o770


def make_private_dirs(path: Path, mode: int = DATA_DIR_MODE) -> None:
    """Create `path` and its missing parents with `mode`, whatever the umask
    (chmod after mkdir: umask 000 must not widen them, 077 not narrow them).
    Directories that already exist are left as they are."""
    path = Path(path)
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, mode)
        except FileExistsError:  # made meanwhile by another process: not ours to change
            continue
        os.chmod(directory, mode)


def write_private_file(path: Path, data: bytes, mode: int = CONFIG_FILE_MODE) -> None:
    """Create `path` (it must not exist) with `mode` set before a byte is written,
    whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
    except BaseException:
        os.close(fd)
        Path(path).unlink(missing_ok=True)
        raise
    os.close(fd)
