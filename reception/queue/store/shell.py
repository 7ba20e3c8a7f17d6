"""`DatabaseShell`: a `sqlite_utils.Database` whose connection comes from elsewhere.

The core calls `db.execute`, `db.atomic` and `db.conn` on a sqlite-utils
database. Its `__init__` opens a sqlite3 connection of its own, which neither
the per-thread database (one connection per thread, store.threads) nor the
PostgreSQL one (a psycopg connection, store.pg) wants: both start from this
shell instead, which sets only the attributes sqlite-utils' methods read.
"""

from __future__ import annotations

import sqlite_utils


class DatabaseShell(sqlite_utils.Database):
    def __init__(self) -> None:  # sqlite_utils.Database.__init__ deliberately not called
        self.memory = False
        self.memory_name = None
        self.use_old_upsert = False
        self._tracer = None
        self._registered_functions: set = set()
        self.use_counts_table = False
        self.strict = False
