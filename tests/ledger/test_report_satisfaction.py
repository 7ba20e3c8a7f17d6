"""The monthly report's 满意度 is the visitors' rating of how their matter was handled
(seed 002; DOMAIN.md "Satisfaction"), over the matters closed; the rating of the
reception at the window is its own table, 接待满意度."""

from __future__ import annotations

from dataclasses import replace

from reception.queue.models import CheckInRequest
from reception.queue.registration import RegistrationForm
from reception.queue.service import HallService
from tests.helpers import approver_account, visitor

FORM = RegistrationForm(
    purpose="申诉求决", category="工资福利待遇", summary="某公司拖欠工资三个月",
    outcome="受理为信访事项", handling="交办", department="市人社局",
)


def served(service: HallService, n: int, form: RegistrationForm):
    ticket = service.check_in(CheckInRequest(lead=visitor(n), service="A")).ticket
    service.call_next(1, "staff")
    service.start(ticket.id, "staff")
    service.register(ticket.visit_id, form, "staff")
    service.finish(ticket.id, "staff")
    return ticket


def test_the_handling_rating_is_the_reports_satisfaction_and_the_reception_rating_its_own(service, hall):
    concluded = served(service, 1, FORM)
    service.rate(concluded.query_code, "满意")
    service.conclude(concluded.visit_id, "staff", reply="经核查，已书面答复。", approver=approver_account(hall))
    service.rate_handling(concluded.query_code, "不满意")
    refused = served(service, 2, replace(FORM, outcome="不予受理", handling="", department=""))
    service.rate(refused.query_code, "基本满意")  # closed on the spot, its handling not rated
    served(service, 3, FORM)  # still being handled: neither rated nor rateable (only 未评价 at the window)

    desk = service.ledger()
    report = desk.monthly_report(desk.period(month="2026-11"))
    handling = {row[0]: row[1:] for row in report.table("满意度").rows}
    assert handling["不满意"] == (1, "100.0%") and handling["满意"][0] == 0
    assert handling["未评价（已办结）"] == (1, "")
    assert handling["满意率"] == ("", "0.0%")
    reception = {row[0]: row[1:] for row in report.table("接待满意度").rows}
    assert reception["满意"] == (1, "50.0%") and reception["基本满意"] == (1, "50.0%")
    assert reception["未评价"] == (1, "")
    assert reception["满意及基本满意率"] == ("", "100.0%")
