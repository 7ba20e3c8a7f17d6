"""A hall with the sample schedule imported (see sheets.py)."""

from __future__ import annotations

import pytest

from tests.schedule.sheets import good_rows, write_csv


@pytest.fixture
def scheduled(hall, tmp_path):
    """The hall on 2026-11-25: 王建国 receives walk-ins (quota 3), 李红梅 by appointment (quota 2)."""
    hall.import_schedule(write_csv(tmp_path / "schedule.csv", good_rows()), "staff")
    return hall


def leader_id(hall, name: str) -> int:
    return hall.db.execute("SELECT id FROM leaders WHERE name = ?", (name,)).fetchone()[0]
