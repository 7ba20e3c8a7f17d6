"""The core's tests run on both engines (issue 18): `db_path` is a SQLite file
or a fresh PostgreSQL database. A module about SQLite's file itself says
`pytestmark = pytest.mark.sqlite_only`."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path: Path, db_engine: str, request: pytest.FixtureRequest) -> Path | str:
    if db_engine == "sqlite":
        return tmp_path / "hall.db"
    return request.getfixturevalue("pg_url")
