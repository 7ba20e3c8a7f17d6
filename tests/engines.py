"""`db_path` on both engines (issue 18): a SQLite file, or a fresh PostgreSQL
database on the test server. A test directory's conftest imports the fixture
to run its tests on both; a module about SQLite's file itself says
`pytestmark = pytest.mark.sqlite_only` (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(name="db_path")
def db_path_on_both_engines(tmp_path: Path, db_engine: str, request: pytest.FixtureRequest) -> Path | str:
    if db_engine == "sqlite":
        return tmp_path / "hall.db"
    return request.getfixturevalue("pg_url")
