"""The core's tests run on both engines (issue 18): `db_path` is a SQLite file
or a fresh PostgreSQL database (tests/engines.py)."""

from tests.engines import db_path_on_both_engines  # noqa: F401  (the fixture `db_path`)
