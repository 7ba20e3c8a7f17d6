"""Extension (DOMAIN.md "The case after the counter"; seed 000: 时限可合适延伸,但需要向信访部门
提交书面状况说明; 条例 Art. 34: 经本机关负责人批准 … 延长期限不得超过30日,并告知信访人延期理由)."""

from __future__ import annotations

from datetime import date

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput, RuleViolation
from tests.casework.conftest import register_case
from tests.helpers import approver_account


def test_rule_extension_needs_an_approver_account(service, case, hall):
    with pytest.raises(RuleViolation, match="负责人"):
        service.extend_deadline(case, "涉及多个部门", "staff1")
    approver_account(hall, "staff2")
    service.set_approver("staff2", False, "admin")
    with pytest.raises(RuleViolation, match="负责人"):
        service.extend_deadline(case, "涉及多个部门", "staff2")
    assert service.registration(case).handle_deadline == date(2027, 1, 24)
    assert audit.entries(hall.db, action="visit.extend") == []


def test_rule_extension_at_most_30_days_with_a_reason(service, case, approver):
    with pytest.raises(InvalidInput, match="1 到 30 日"):
        service.extend_deadline(case, "涉及多个部门", approver, days=31)
    with pytest.raises(InvalidInput, match="1 到 30 日"):
        service.extend_deadline(case, "涉及多个部门", approver, days=0)
    with pytest.raises(InvalidInput, match="理由"):
        service.extend_deadline(case, "   ", approver)
    longer = service.extend_deadline(case, "涉及多个部门，需要会商", approver, days=20)
    assert longer.handle_deadline == date(2027, 2, 13) and longer.extended
    file = service.case_file(case)
    assert (file.extension_days, file.extension_approver, file.extended_on) == (20, approver, date(2026, 11, 25))
    assert "延期办理告知书" in file.document_kinds


def test_rule_extension_only_once(service, case, approver):
    service.extend_deadline(case, "涉及多个部门", approver, days=10)
    with pytest.raises(InvalidInput, match="只能延长一次"):
        service.extend_deadline(case, "还要再延", approver, days=10)
    assert service.registration(case).handle_deadline == date(2027, 2, 3)


def test_rule_extension_only_for_an_open_accepted_matter(service, approver):
    refused = register_case(service, 2, outcome="不予受理", handling="", department="")
    with pytest.raises(InvalidInput, match="已受理"):
        service.extend_deadline(refused, "理由", approver)
    answered = register_case(service, 3, handling="当场答复", department="")
    with pytest.raises(InvalidInput, match="已办结"):
        service.extend_deadline(answered, "理由", approver)
