"""A person's earlier visits; the 督办 list of matters near or past a deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from reception.queue import audit
from reception.queue.history import visits_by_document
from reception.queue.registration import RegistrationForm, Registrations
from reception.queue.supervision import due
from tests.conftest import SHANGHAI
from tests.helpers import approver_account, walk_in

FORM = RegistrationForm(
    purpose="申诉求决", category="环境污染", summary="工厂排污", outcome="受理为信访事项",
    handling="交办", department="市生态环境局",
)


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


def serve_and_register(hall, regs, n, form=FORM):
    ticket = walk_in(hall, n).ticket
    hall.call_next(1, "s")
    hall.start(ticket.id, "s")
    regs.register(ticket.visit_id, form, "s")
    hall.finish(ticket.id, "s")
    return ticket


def test_history_lists_earlier_visits_newest_first_with_outcomes(hall, regs, clock):
    serve_and_register(hall, regs, 1)
    clock.advance(days=40)
    # A repeat visit (重复访) is registered with why the visitor came again.
    serve_and_register(hall, regs, 1, replace(FORM, summary="又来了", outcome="不予受理",
                                              reason="排污未停", matter="XF20261125000001"))
    past = visits_by_document(hall.db, "居民身份证", "DOC000001", "staff9")
    assert [(v.hall_day, v.summary, v.outcome, v.mark_reason) for v in past] == [
        ("2027-01-04", "又来了", "不予受理", "排污未停"),
        ("2026-11-25", "工厂排污", "受理为信访事项", ""),
    ]
    assert past[1].number == "A001" and past[1].department == "市生态环境局"
    entry = audit.entries(hall.db, action="person.history")[0]
    assert entry.actor == "staff9" and entry.detail == {"found": True}


def test_history_shows_the_visitors_latest_rating(hall, regs, clock):
    first = serve_and_register(hall, regs, 1)
    hall.rate(first.query_code, "不满意")
    hall.rate(first.query_code, "满意")
    clock.advance(days=3)
    serve_and_register(hall, regs, 1, replace(FORM, summary="又来了", reason="对答复不满意",
                                              matter="XF20261125000001"))
    past = visits_by_document(hall.db, "居民身份证", "DOC000001", "staff9")
    assert [(v.summary, v.rating) for v in past] == [("又来了", ""), ("工厂排污", "满意")]


def test_history_of_an_unknown_document_is_empty_and_still_audited(hall):
    assert visits_by_document(hall.db, "护照", "E1234", "staff9") == []
    assert audit.entries(hall.db, action="person.history")[0].detail == {"found": False}


def test_supervision_shows_matters_near_and_past_their_deadlines(hall, regs, clock):
    clock.set(datetime(2026, 1, 20, 9, 0, tzinfo=SHANGHAI))
    visit = serve_and_register(hall, regs, 1).visit_id  # notify by 02-04, handle by 03-21
    assert due(hall.db, date(2026, 1, 31), within_days=3) == []
    near = due(hall.db, date(2026, 2, 1), within_days=3)
    assert [(m.kind, m.deadline, m.days_left, m.status) for m in near] == [
        ("告知", date(2026, 2, 4), 3, "剩 3 天"),
    ]
    regs.mark_notified(visit, "s")
    assert due(hall.db, date(2026, 2, 5), within_days=3) == []
    late = due(hall.db, date(2026, 3, 23), within_days=3)
    assert [(m.kind, m.overdue, m.status, m.lead_name) for m in late] == [
        ("办理", True, "已超期 2 天", "来访人1"),
    ]
    approver_account(hall, "lead1")
    regs.conclude(visit, "s", reply="已督促公司结清工资", approver="lead1")
    assert due(hall.db, date(2026, 3, 23)) == []


def test_supervision_days_are_configurable_and_follow_an_extension(hall, regs):
    approver_account(hall)
    visit = serve_and_register(hall, regs, 1).visit_id  # notify by 12-10, handle by 2027-01-24
    regs.mark_notified(visit, "s")
    assert due(hall.db, date(2027, 1, 14), within_days=10)[0].deadline == date(2027, 1, 24)
    assert due(hall.db, date(2027, 1, 14), within_days=3) == []
    regs.extend(visit, "需要会商", "s")
    assert due(hall.db, date(2027, 1, 25), within_days=3) == []


def test_answered_and_not_accepted_matters_are_never_supervised(hall, regs):
    serve_and_register(hall, regs, 1, replace(FORM, handling="当场答复"))
    serve_and_register(hall, regs, 2, replace(FORM, outcome="不予受理"))
    assert due(hall.db, date(2027, 6, 1)) == []
