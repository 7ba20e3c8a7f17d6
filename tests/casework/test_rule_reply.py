"""The written reply (DOMAIN.md "The case after the counter"; seed 003, 四 第二条 1: 答复采用书面形式
… 报分管领导书面签订后; seed 000: 答复建议经领导批阅后书面见告): concluding a petition-channel
matter records the 答复意见, the approving leader and the date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput
from reception.queue.supervision import due
from tests.casework.conftest import register_case
from tests.conftest import SHANGHAI


def test_rule_written_reply_is_recorded_on_conclusion(service, case, leader, hall, clock):
    clock.set(datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI))
    service.conclude(case, "staff1", reply="经协调，公司已于12月18日结清工资。", approver="李副县长",
                     replied_on="2026-12-19")
    file = service.case_file(case)
    assert (file.reply_text, file.reply_approver, file.reply_at) == (
        "经协调，公司已于12月18日结清工资。", "李副县长", date(2026, 12, 19))
    assert file.concluded_at is not None and "答复意见书" in file.document_kinds
    row = hall.db.execute("SELECT reply_text, reply_approver, reply_at FROM visits WHERE id = ?", (case,)).fetchone()
    assert row == ("经协调，公司已于12月18日结清工资。", "李副县长", "2026-12-19")
    [entry] = audit.entries(hall.db, action="visit.concluded")
    assert entry.detail == {"reply_approver": "李副县长", "reply_at": "2026-12-19"}  # never the text
    assert due(hall.db, date(2027, 3, 1), within_days=None) == []


def test_rule_written_reply_refused_without_an_approver(service, case, leader, hall):
    with pytest.raises(InvalidInput, match="批准领导"):
        service.conclude(case, "staff1", reply="已结清")
    with pytest.raises(InvalidInput, match="不是接访领导或负责人"):
        service.conclude(case, "staff1", reply="已结清", approver="路人甲")
    with pytest.raises(InvalidInput, match="答复意见"):
        service.conclude(case, "staff1", reply="  ", approver="李副县长")
    file = service.case_file(case)
    assert file.concluded_at is None and file.reply_at is None
    assert audit.entries(hall.db, action="visit.concluded") == []


def test_rule_written_reply_approved_by_a_responsible_account(service, case, approver):
    service.conclude(case, "staff1", reply="已结清", approver="王负责人")
    assert service.case_file(case).reply_approver == "王负责人"


def test_rule_written_reply_date_within_the_case(service, case, leader):
    with pytest.raises(InvalidInput, match="晚于今天"):
        service.conclude(case, "staff1", reply="已结清", approver="李副县长", replied_on="2026-11-26")
    with pytest.raises(InvalidInput, match="早于来访日期"):
        service.conclude(case, "staff1", reply="已结清", approver="李副县长", replied_on="2026-11-24")
    with pytest.raises(InvalidInput, match="不是有效日期"):
        service.conclude(case, "staff1", reply="已结清", approver="李副县长", replied_on="明天")


def test_rule_written_reply_only_once_and_only_for_accepted(service, case, leader):
    service.conclude(case, "staff1", reply="已结清", approver="李副县长")
    with pytest.raises(InvalidInput, match="已办结"):
        service.conclude(case, "staff1", reply="再答复", approver="李副县长")
    statutory = register_case(service, 2, outcome="依法定途径处理", statutory_channel="仲裁",
                              handling="", department="")
    with pytest.raises(InvalidInput, match="已办结|受理为信访事项"):
        service.conclude(statutory, "staff1", reply="x", approver="李副县长")


def test_rule_written_reply_date_fills_the_registers_reply_column(service, case, leader, clock):
    """The register's 答复 column (seed 003 第三条) is the reply's date, empty until one is recorded."""
    from reception.queue.ledger import COLUMNS

    ledger = service.ledger()
    period = ledger.period(month="2026-11")
    [before] = list(ledger.ledger_rows(period))
    assert before[COLUMNS.index("答复")] is None
    clock.set(datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI))
    service.conclude(case, "staff1", reply="经协调，已结清工资。", approver="李副县长", replied_on="2026-12-19")
    [after] = list(ledger.ledger_rows(period))
    assert after[COLUMNS.index("答复")] == date(2026, 12, 19)
