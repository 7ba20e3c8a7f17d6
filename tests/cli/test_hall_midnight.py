"""The hall's day turns at the hall's midnight, not the machine's.

The CLI runs under Debian's `faketime` at moments either side of a midnight,
with the machine itself on UTC: numbering restarts (A001 again) and `status`
names the new day exactly when Shanghai's date changes, and not when UTC's does.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import run_cli

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC_MACHINE = {"TZ": "UTC"}


def issue_at(db: str, at: datetime) -> str:
    result = run_cli("--db", db, "issue", "--service", "A", "--outside-hours", at=at, env=UTC_MACHINE)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def status_day_at(db: str, at: datetime) -> str:
    result = run_cli("--db", db, "status", at=at, env=UTC_MACHINE)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[0].split()[-1]


@pytest.mark.slow
def test_numbering_restarts_at_the_halls_midnight(tmp_path):
    db = str(tmp_path / "hall.db")
    midnight = datetime(2026, 12, 7, 0, 0, tzinfo=SHANGHAI)  # 2026-12-06 16:00 UTC
    before, after = midnight - timedelta(seconds=5), midnight + timedelta(seconds=5)

    assert [issue_at(db, before), issue_at(db, before)] == ["A001", "A002"]
    assert status_day_at(db, before) == "2026-12-06"
    assert issue_at(db, after) == "A001"  # a new hall day, though UTC is still on the 6th
    assert status_day_at(db, after) == "2026-12-07"


@pytest.mark.slow
def test_the_machines_midnight_changes_nothing(tmp_path):
    db = str(tmp_path / "hall.db")
    utc_midnight = datetime(2026, 12, 8, 0, 0, tzinfo=timezone.utc)  # 08:00 in the hall
    before, after = utc_midnight - timedelta(seconds=5), utc_midnight + timedelta(seconds=5)

    assert issue_at(db, before) == "A001"
    assert issue_at(db, after) == "A002"  # the same hall day goes on
    assert status_day_at(db, after) == "2026-12-08"
