"""Fixtures shared by every feature's tests: a real SQLite file, a hall clock."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reception.config import HallConfig
from reception.queue.clock import FixedClock
from reception.queue.hall import Hall
from reception.queue.service import HallService

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The machine's own zone is one whose date differs from the hall's (Shanghai)
# for most of the day (issue 11): a test or a program that reads the machine's
# date instead of the hall's clock fails at almost any hour, not only in the
# eight hours a day when a UTC machine and Shanghai disagree. Subprocesses (the
# CLI, the apps under tmux) inherit it.
os.environ["TZ"] = "America/Los_Angeles"
time.tzset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hall.db"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI))


@pytest.fixture
def config() -> HallConfig:
    return HallConfig(hall_name="测试市信访局来访接待大厅")


@pytest.fixture
def service(db_path: Path, config: HallConfig, clock: FixedClock) -> HallService:
    service = HallService.open(db_path, config, clock)
    yield service
    service.close()


@pytest.fixture
def hall(service: HallService) -> Hall:
    """The Hall behind `service` (one connection per thread): tests arrange visits through it."""
    return service._hall


# -- PostgreSQL (issue 18) ---------------------------------------------------

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL server for the session (tests/pg_server.py).

    `.ci/run` installs Debian's postgresql, so in CI this never skips; on a
    machine without it the PostgreSQL variants are skipped, saying why."""
    from tests.pg_server import PgServer

    try:
        server = PgServer()
    except FileNotFoundError as exc:
        if os.environ.get("RECEPTION_TEST_POSTGRES") == "required":  # .ci/run: never skipped there
            raise
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh hall database on the test server (migrated), dropped afterwards."""
    url = pg_server.new_database()
    yield url
    pg_server.drop(url)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that asks for `db_engine` (directly or through `db_path` in tests/queue)
    runs on both engines, unless its module says `pytestmark = pytest.mark.sqlite_only`."""
    if "db_engine" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("db_engine", ENGINES[:1] if only else ENGINES, indirect=True)


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    return request.param
