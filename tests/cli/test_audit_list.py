"""`reception audit list`: the audit log read without sqlite3 (issue 16)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from reception.queue.clock import FixedClock
from reception.queue.service import AuthError, HallService
from tests.conftest import SHANGHAI
from tests.helpers import ALWAYS_OPEN, run_cli

ID_NUMBER = "11010519491231002X"


def test_issue_and_call_show_up_in_the_audit_list(tmp_path):
    db = str(tmp_path / "hall.db")
    assert run_cli("--db", db, "--actor", "前台", "issue", "--service", "A", env=ALWAYS_OPEN).returncode == 0
    assert run_cli("--db", db, "--actor", "刘洋", "call", "--window", "1").returncode == 0
    done = run_cli("--db", db, "audit", "list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split("\t") == ["时间", "操作人", "操作", "对象", "详情"]
    rows = [line.split("\t") for line in lines[1:]]
    assert [(r[1], r[2], r[3]) for r in rows] == [("前台", "ticket.issue", "ticket:1"), ("刘洋", "ticket.call", "ticket:1")]
    assert json.loads(rows[1][4]) == {"number": "A001", "queue": "A", "window": 1}
    datetime.strptime(rows[0][0], "%Y-%m-%d %H:%M:%S")
    only_calls = run_cli("--db", db, "audit", "list", "--action", "ticket.call")
    assert [line.split("\t")[2] for line in only_calls.stdout.splitlines()[1:]] == ["ticket.call"]
    by_actor = run_cli("--db", db, "--actor", "刘洋", "audit", "list", "--actor", "前台")
    assert [line.split("\t")[1] for line in by_actor.stdout.splitlines()[1:]] == ["前台"]


@pytest.fixture
def logged(db_path, config):
    """A log written at known hall times, with an ID number and an escape in it."""
    clock = FixedClock(datetime(2026, 11, 24, 23, 30, tzinfo=SHANGHAI))
    service = HallService.open(db_path, config, clock)
    with pytest.raises(AuthError):
        service.login(f"{ID_NUMBER}\x1b]2;pwned\x07", "wrong password")
    clock.advance(hours=1)  # 00:30 on the 25th in the hall: 08:30 on the 24th in Los Angeles
    # Stored before the text policy, or by a device: an escape sequence raw in the log.
    service.record_audit("刘洋", "person.search", "persons\x1b]2;pwned\x07", {"doc_number": ID_NUMBER, "old": "110105491231002"})
    yield service
    service.close()


def test_the_facade_masks_id_numbers_and_gives_hall_time(logged):
    lines = logged.audit_log()
    assert [line.action for line in lines] == ["login.failed", "person.search"]
    assert lines[0].actor.startswith("1101**********002X")
    assert lines[1].detail == {"doc_number": "1101**********002X", "old": "1101*******1002"}
    assert lines[1].at.isoformat() == "2026-11-25T00:30:00+08:00"
    assert [line.action for line in logged.audit_log(since=date(2026, 11, 25))] == ["person.search"]
    assert logged.audit_log(actor="刘洋")[0].action == "person.search"
    assert [line.action for line in logged.audit_log(action="login")] == ["login.failed"]


def test_cli_never_prints_a_full_id_number_nor_a_raw_escape(logged, db_path):
    for args in (["audit", "list"], ["audit", "list", "--json"]):
        done = run_cli("--db", str(db_path), *args)
        assert done.returncode == 0, done.stderr
        assert ID_NUMBER not in done.stdout and "110105491231002" not in done.stdout
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    text = run_cli("--db", str(db_path), "audit", "list").stdout
    assert "persons\\x1b]2;pwned\\x07" in text
    assert "2026-11-25 00:30:00" in text  # the hall's time, not the machine's (Los Angeles)
    since = run_cli("--db", str(db_path), "audit", "list", "--since", "2026-11-25").stdout
    assert "person.search" in since and "login.failed" not in since


def test_cli_refuses_a_bad_date_in_chinese(db_path):
    done = run_cli("--db", str(db_path), "audit", "list", "--since", "25/11/2026")
    assert done.returncode == 1 and "日期格式不对" in done.stderr and "Traceback" not in done.stderr
