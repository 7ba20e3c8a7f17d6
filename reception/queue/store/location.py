"""Where the hall's database is: a SQLite file (the default) or a PostgreSQL URL.

`--db` / `RECEPTION_DB` take either. A file path is the embedded SQLite
database of a one-PC hall; `postgresql://user@host:port/dbname` (or any libpq
URL form, such as `postgresql:///hall?host=/run/postgresql`) is a database
server that several kiosk PCs and counters share (issue 18).

A URL must never go through `pathlib.Path`: it would fold `//` into `/` and
lose the host. `PgUrl` keeps it as given, and `shown` hides its password for
messages and logs.
"""

from __future__ import annotations

import re
from pathlib import Path

SCHEMES = ("postgresql://", "postgres://")


class PgUrl(str):
    """A PostgreSQL connection URL, as the person gave it."""

    @property
    def shown(self) -> str:
        """The URL with its password (if any) replaced by ***."""
        return re.sub(r"(://[^:/@?]*:)[^@/?]*@", r"\1***@", self)


DbLocation = Path | PgUrl


def is_postgres(value: object) -> bool:
    return isinstance(value, PgUrl) or (isinstance(value, str) and value.startswith(SCHEMES))


def db_location(value: str | Path | PgUrl) -> DbLocation:
    """A PgUrl for a PostgreSQL URL, else the file's Path."""
    if isinstance(value, PgUrl):
        return value
    if isinstance(value, str) and value.startswith(SCHEMES):
        return PgUrl(value)
    return Path(value)


def shown(location: str | Path) -> str:
    """How to name the database in a message: a file's path, a URL without its password."""
    return location.shown if isinstance(location, PgUrl) else str(location)
