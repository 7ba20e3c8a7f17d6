"""Core: the leader's talk record and instruction, and opening a full ID number."""

from __future__ import annotations

import datetime as dt

import pytest

from reception.queue import audit
from reception.queue.disclosure import open_doc_number
from reception.queue.errors import InvalidInput, NotFound, RuleViolation
from reception.queue.schedule import next_day_of_leader
from reception.queue.talks import MAX_NOTES, TalkForm, Talks
from tests.helpers import walk_in
from tests.leader.conftest import add_leader, route_to_leader

ID_NUMBER = "110101198001010019"


@pytest.fixture
def talks(hall) -> Talks:
    return Talks(hall.db, hall.clock)


def test_talk_and_instruction_are_stored_and_audited(hall, talks, leader_id, db_path):
    ticket = route_to_leader(hall, 1, leader_id)
    form = TalkForm("来访人反映小区电梯停运三个月。", "请住建局督促物业一周内修复。", "住建局", "2026/12/2")
    saved = talks.save(ticket.visit_id, leader_id, form, "lijuzhang")
    assert saved.due_date == dt.date(2026, 12, 2) and saved.department == "住建局"

    # A second connection sees it: it is in the file, not just in memory.
    from reception.queue.db import connect

    other = connect(db_path)
    again = Talks(other, hall.clock).get(ticket.visit_id, leader_id)
    assert again is not None and again.instruction == "请住建局督促物业一周内修复。"
    other.conn.close()

    [entry] = audit.entries(hall.db, action="talk.create")
    assert entry.actor == "lijuzhang" and entry.subject == f"visit:{ticket.visit_id}"
    assert entry.detail["fields"] == ["notes", "instruction", "department", "due_date"]
    assert entry.detail["department"] == "住建局" and entry.detail["due_date"] == "2026-12-02"
    # The petition's content is not copied into the log.
    assert "电梯" not in str(entry.detail)


def test_editing_the_talk_audits_only_what_changed(hall, talks, leader_id):
    ticket = route_to_leader(hall, 1, leader_id)
    talks.save(ticket.visit_id, leader_id, TalkForm("第一次记录"), "lijuzhang")
    hall.clock.advance(minutes=5)
    updated = talks.save(ticket.visit_id, leader_id, TalkForm("补充：来访人情绪稳定"), "lijuzhang")
    assert updated.notes == "补充：来访人情绪稳定" and updated.updated_at != updated.created_at
    [entry] = audit.entries(hall.db, action="talk.update")
    assert entry.detail["fields"] == ["notes"]
    # Saving the same text again is not a change and writes nothing.
    talks.save(ticket.visit_id, leader_id, TalkForm("补充：来访人情绪稳定"), "lijuzhang")
    assert len(audit.entries(hall.db, action="talk.update")) == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (TalkForm(""), "接谈记录不能为空"),
        (TalkForm("   \n  "), "接谈记录不能为空"),
        (TalkForm("x" * (MAX_NOTES + 1)), "接谈记录过长"),
        (TalkForm("记录", "请办理", "", "2026-12-01"), "批示须写明承办部门"),
        (TalkForm("记录", "请办理", "住建局", ""), "批示须写明办理时限"),
        (TalkForm("记录", "", "住建局", ""), "请同时填写批示内容"),
        (TalkForm("记录", "请办理", "住建局", "下周五"), "不是有效日期"),
        (TalkForm("记录", "请办理", "住建局", "2026-02-30"), "不是有效日期"),
        (TalkForm("记录", "请办理", "住建局", "2026-11-24"), "早于今天"),
        (TalkForm("记录", "请办理", "住建局", "2027-02-24"), "第三十四条"),
        (TalkForm("记录", "请办理", "部" * 61, "2026-12-01"), "承办部门过长"),
    ],
)
def test_bad_talk_forms_are_refused_in_chinese(hall, talks, leader_id, form, message):
    ticket = route_to_leader(hall, 1, leader_id)
    with pytest.raises(InvalidInput, match=message):
        talks.save(ticket.visit_id, leader_id, form, "lijuzhang")
    assert talks.get(ticket.visit_id, leader_id) is None
    assert audit.entries(hall.db, action="talk.create") == []


def test_talk_text_follows_the_one_text_policy(hall, talks, leader_id):
    """reception.queue.text: invisible characters are removed (they were refused here
    and kept elsewhere); the record keeps its lines, the department is one line."""
    ticket = route_to_leader(hall, 1, leader_id)
    form = TalkForm(
        "记录\x1b]2;pwned\x1b\\\n\t第二行\u202e\x9b\x00 [bold]x[/]",
        "请办理\r\n一周内",
        "住建\n局\u200b",
        "2026-12-01",
    )
    saved = talks.save(ticket.visit_id, leader_id, form, "lijuzhang")
    assert saved.notes == "记录]2;pwned\\\n\t第二行 [bold]x[/]"
    assert saved.instruction == "请办理\n一周内"
    assert saved.department == "住建 局"


def test_the_latest_allowed_due_date_is_ninety_days_after_the_visit(hall, talks, leader_id):
    ticket = route_to_leader(hall, 1, leader_id)
    saved = talks.save(ticket.visit_id, leader_id, TalkForm("记录", "办理", "住建局", "2027-02-23"), "l")
    assert saved.due_date == dt.date(2027, 2, 23)


def test_markup_is_stored_as_typed(hall, talks, leader_id):
    ticket = route_to_leader(hall, 1, leader_id)
    text = "[bold]x[/] [@click=app.quit]x[/] [/"
    saved = talks.save(ticket.visit_id, leader_id, TalkForm(text, text, "[/]", "2026-12-01"), "l")
    assert saved.notes == text and saved.department == "[/]"


def test_only_visits_routed_to_the_leader_can_be_recorded(hall, talks, leader_id):
    other_leader = add_leader(hall, "王副县长")
    mine = route_to_leader(hall, 1, leader_id)
    at_counter = walk_in(hall, 2).ticket
    with pytest.raises(RuleViolation, match="未分派给您"):
        talks.save(at_counter.visit_id, leader_id, TalkForm("记录"), "lijuzhang")
    with pytest.raises(RuleViolation, match="未分派给您"):
        talks.save(mine.visit_id, other_leader, TalkForm("记录"), "wangxianzhang")
    with pytest.raises(NotFound):
        talks.save(9999, leader_id, TalkForm("记录"), "lijuzhang")


def test_opening_the_full_id_number_returns_it_and_is_audited(hall, leader_id):
    ticket = route_to_leader(hall, 1, leader_id, doc_number=ID_NUMBER)
    (person_id,) = hall.db.execute(
        "SELECT person_id FROM visit_people WHERE visit_id = ?", (ticket.visit_id,)
    ).fetchone()
    assert audit.entries(hall.db, action="person.doc_number.open") == []
    number = open_doc_number(hall.db, person_id, "lijuzhang", hall.clock, visit_id=ticket.visit_id)
    assert number == ID_NUMBER
    [entry] = audit.entries(hall.db, action="person.doc_number.open")
    assert entry.actor == "lijuzhang" and entry.subject == f"person:{person_id}"
    assert entry.detail["visit_id"] == ticket.visit_id
    assert entry.at == hall.clock.stamp()
    assert ID_NUMBER not in str(entry.detail)  # the log says whose, not the number
    with pytest.raises(NotFound):
        open_doc_number(hall.db, 9999, "lijuzhang", hall.clock)


def test_next_reception_day_of_a_leader(hall):
    leader = add_leader(hall, "张主任", days=("2026-11-20", "2026-12-03", "2026-12-10"))
    assert next_day_of_leader(hall.db, leader, "2026-11-25").day == "2026-12-03"
    assert next_day_of_leader(hall.db, leader, "2026-12-10") is None


def test_a_talk_ends_only_once_the_visit_has_its_outcome(hall, talks, leader_id):
    """The counter's rule, from the same place in the core: no visit ends without an outcome."""
    from reception.queue.leader_view import finish_talk
    from reception.queue.models import TicketState
    from reception.queue.registration import RegistrationForm, Registrations

    ticket = route_to_leader(hall, 1, leader_id)  # transferred before the counter registered it
    hall.call_next_for_leader(leader_id, "lijuzhang")
    ticket = hall.start(ticket.id, "lijuzhang")
    talks.save(ticket.visit_id, leader_id, TalkForm("已接谈"), "lijuzhang")
    with pytest.raises(RuleViolation, match=f"^{ticket.number} 号尚未登记，请先按 g 登记再结束接待$"):
        finish_talk(hall, talks, ticket, leader_id, "lijuzhang")
    assert hall.get_ticket(ticket.id).state is TicketState.SERVING
    Registrations(hall.db, hall.config, hall.clock).register(
        ticket.visit_id,
        RegistrationForm(purpose="申诉求决", category="其他", summary="摘要", outcome="不予受理"),
        "lijuzhang",
    )
    assert finish_talk(hall, talks, ticket, leader_id, "lijuzhang").state is TicketState.DONE
