"""A hall with the sample schedule imported (see sheets.py)."""

from __future__ import annotations

import pytest

from reception.config import HallConfig, HoursSettings
from tests.engines import db_path_on_both_engines  # noqa: F401  (the fixture `db_path`, both engines)
from tests.schedule.sheets import good_rows, write_csv


@pytest.fixture
def config() -> HallConfig:
    """A hall open every day: these sheets are about leaders, quotas and cells, and
    some fall on weekends and holidays. Reception days on closed days are refused
    in tests/queue/test_hours_service.py."""
    return HallConfig(hall_name="测试市信访局来访接待大厅", hours=HoursSettings(always=True))


@pytest.fixture
def scheduled(hall, tmp_path):
    """The hall on 2026-11-25: 王建国 receives walk-ins (quota 3), 李红梅 by appointment (quota 2)."""
    hall.import_schedule(write_csv(tmp_path / "schedule.csv", good_rows()), "staff")
    return hall


def leader_id(hall, name: str) -> int:
    return hall.db.execute("SELECT id FROM leaders WHERE name = ?", (name,)).fetchone()[0]
