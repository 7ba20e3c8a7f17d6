"""Letters delivered (DOMAIN.md "The case after the counter"; seed 000, 办件程序: 书面见告信访人):
the date and the way go into the case history; a delivered 受理告知书 meets the 15-day notice."""

from __future__ import annotations

from datetime import date

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput, RuleViolation
from reception.queue.supervision import due


def test_rule_delivery_of_the_acceptance_notice_meets_the_15_day_notice(service, case, hall):
    assert [m.kind for m in due(hall.db, date(2026, 12, 9))] == ["告知"]
    delivery = service.record_delivery(case, "受理告知书", "邮寄", "staff1", note="EMS 1234")
    assert (delivery.delivered_on, delivery.method, delivery.note) == (date(2026, 11, 25), "邮寄", "EMS 1234")
    assert service.case_file(case).notified_at is not None
    assert service.case_file(case).deliveries == (delivery,)
    assert due(hall.db, date(2026, 12, 9)) == []
    [entry] = audit.entries(hall.db, action="case.delivered")
    assert entry.detail == {"kind": "受理告知书", "delivered_on": "2026-11-25", "method": "邮寄"}


def test_rule_delivery_refused_for_a_letter_the_case_does_not_have(service, case):
    with pytest.raises(RuleViolation, match="没有答复的决定"):
        service.record_delivery(case, "答复意见书", "当面", "staff1")
    with pytest.raises(InvalidInput, match="没有“通知书”这种文书"):
        service.record_delivery(case, "通知书", "当面", "staff1")
    assert service.case_file(case).deliveries == ()


def test_rule_delivery_way_and_date_are_checked(service, case):
    with pytest.raises(InvalidInput, match="当面 / 邮寄 / 短信 / 其他"):
        service.record_delivery(case, "受理告知书", "快递", "staff1")
    with pytest.raises(InvalidInput, match="晚于今天"):
        service.record_delivery(case, "受理告知书", "当面", "staff1", delivered_on="2026-11-26")
    with pytest.raises(InvalidInput, match="早于来访日期"):
        service.record_delivery(case, "受理告知书", "当面", "staff1", delivered_on="2026/11/1")
    assert service.case_file(case).notified_at is None


def test_rule_delivery_marked_told_from_the_counter_is_a_delivered_notice(service, case):
    service.mark_notified(case, "staff1")
    [delivery] = service.case_file(case).deliveries
    assert (delivery.kind, delivery.method) == ("受理告知书", "当面")
    with pytest.raises(InvalidInput, match="已告知"):
        service.mark_notified(case, "staff1")
