"""`reception issue` and `reception hours` against the hall's opening hours (issue 19).

The CLI runs under faketime at the moment each test names: the hall's clock,
never the machine's time of day, decides.
"""

from __future__ import annotations

from datetime import datetime

from reception.config import HallConfig
from reception.queue.service import HallService
from tests.conftest import SHANGHAI
from tests.helpers import run_cli

WEDNESDAY_NIGHT = datetime(2026, 11, 25, 22, 15, tzinfo=SHANGHAI)
WEDNESDAY_MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)


def _audit(db: str, action: str):
    service = HallService.open(db, HallConfig())
    try:
        return service.audit_entries(action=action)
    finally:
        service.close()


def test_issue_outside_hours_is_refused_in_chinese(tmp_path):
    db = str(tmp_path / "hall.db")
    refused = run_cli("--db", db, "issue", "--service", "A", at=WEDNESDAY_NIGHT)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip() == (
        "今日接待时间已结束，现在不能取号。下次取号时间：明天 08:30"
        "（工作人员确需取号时加 --outside-hours，将记入审计日志）"
    )


def test_issue_with_the_override_is_accepted_and_audited(tmp_path):
    db = str(tmp_path / "hall.db")
    issued = run_cli("--db", db, "--actor", "值班员", "issue", "--service", "A", "--outside-hours", at=WEDNESDAY_NIGHT)
    assert issued.returncode == 0 and issued.stdout.strip() == "A001"
    [entry] = _audit(db, "hours.override")
    assert entry.actor == "值班员" and entry.detail == {"state": "ended", "at": "2026-11-25T22:15+08:00"}


def test_issue_inside_hours_needs_no_override(tmp_path):
    db = str(tmp_path / "hall.db")
    assert run_cli("--db", db, "issue", "--service", "A", at=WEDNESDAY_MORNING).stdout.strip() == "A001"
    assert _audit(db, "hours.override") == []


def test_close_a_day_then_status_and_list_say_so(tmp_path):
    db = str(tmp_path / "hall.db")
    closed = run_cli("--db", db, "--actor", "主任", "hours", "close", "2026-11-26", "--reason", "单位集中学习",
                     at=WEDNESDAY_MORNING)
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout.strip() == "2026-11-26（星期四）闭厅：单位集中学习"
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)
    status = run_cli("--db", db, "hours", "status", at=thursday).stdout
    assert "状态：今日不接待（单位集中学习）" in status
    assert "下次取号时间：明天 08:30" in status
    refused = run_cli("--db", db, "issue", "--service", "A", at=thursday)
    assert refused.returncode == 1 and "今日不接待（单位集中学习）" in refused.stderr
    listed = run_cli("--db", db, "hours", "list", "--days", "4", at=WEDNESDAY_MORNING).stdout
    assert "2026-11-26（星期四）闭厅  单位集中学习  （主任）" in listed
    assert "2026-11-28（星期六）不接待（休息日）" in listed
    assert [e.actor for e in _audit(db, "hours.close")] == ["主任"]
    reopened = run_cli("--db", db, "hours", "open", "2026-11-26", at=WEDNESDAY_MORNING)
    assert reopened.stdout.strip() == "2026-11-26（星期四）按日历：08:30-12:00  14:30-17:30"
    assert len(_audit(db, "hours.open")) == 1


def test_a_closure_without_a_reason_or_a_bad_date_is_refused(tmp_path):
    db = str(tmp_path / "hall.db")
    missing = run_cli("--db", db, "hours", "close", "2027-01-04")
    assert missing.returncode == 2 and "缺少必需的参数：--reason" in missing.stderr
    bad = run_cli("--db", db, "hours", "close", "2027-1-4", "--reason", "学习")
    assert bad.returncode == 1 and "日期格式不对：2027-1-4" in bad.stderr
