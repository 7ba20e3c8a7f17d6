"""A person's fields at the counter; a visitor registered by hand matched later."""

from __future__ import annotations

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput
from reception.queue.history import visits_by_document
from reception.queue.models import CheckInRequest, PersonInput
from reception.queue.persons import find_by_document
from reception.queue.registration import Registrations
from tests.helpers import walk_in

GOOD_ID = "11010519491231002X"


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


def lead_id(hall, visit_id):
    return hall.db.execute(
        "SELECT person_id FROM visit_people WHERE visit_id = ? AND role = 'lead'", (visit_id,)
    ).fetchone()[0]


def test_phone_and_work_unit_update_and_are_audited_by_name_only(hall, regs):
    person = lead_id(hall, walk_in(hall, 1).ticket.visit_id)
    updated = regs.update_person(person, {"phone": "138 0000 0000", "work_unit": "某厂"}, "staff1")
    assert (updated.phone, updated.work_unit) == ("138 0000 0000", "某厂")
    entry = audit.entries(hall.db, subject=f"person:{person}")[0]
    assert entry.actor == "staff1" and entry.detail == {"fields": ["phone", "work_unit"]}
    assert "138" not in str(entry.detail)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"phone": "call me"}, "联系电话"),
        ({"phone": "12"}, "联系电话"),
        ({"name": "  "}, "姓名"),
        ({"work_unit": "厂" * 201}, "过长"),
        ({"birth_date": "1980-13-01"}, "出生日期"),
        ({"birth_date": "2026-11-26"}, "出生日期不能晚于今天"),  # the clock says 2026-11-25
        ({"doc_number": "X"}, "只能修改"),
    ],
)
def test_bad_person_fields_refused(hall, regs, changes, message):
    person = lead_id(hall, walk_in(hall, 1).ticket.visit_id)
    with pytest.raises(InvalidInput, match=message):
        regs.update_person(person, changes, "s")


def hand_visit(hall, name="手工登记人", **fields):
    request = CheckInRequest(lead=PersonInput(name=name, doc_number=None, **fields), service="A")
    return hall.check_in(request, actor="staff1").ticket.visit_id


def test_hand_registered_visitor_gets_their_document_later(hall, regs):
    person = lead_id(hall, hand_visit(hall))
    matched = regs.match_document(person, "居民身份证", GOOD_ID.lower(), "staff1")
    assert matched.id == person and matched.doc_number == GOOD_ID
    assert [v.summary for v in visits_by_document(hall.db, "居民身份证", GOOD_ID, "s")] == [""]


def test_a_number_typed_in_full_width_is_the_same_number(hall, regs):
    """An input method left in full-width mode: refused before as "前17位应为数字"."""
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in GOOD_ID.lower())  # １１０…ｘ
    person = lead_id(hall, hand_visit(hall))
    assert regs.match_document(person, "居民身份证", full_width, "staff1").doc_number == GOOD_ID
    assert len(visits_by_document(hall.db, "居民身份证", "　" + full_width, "s")) == 1


def test_matching_an_existing_document_joins_the_histories(hall, regs, clock):
    from tests.helpers import visitor

    earlier = hall.check_in(CheckInRequest(lead=visitor(1, doc_number=GOOD_ID), service="A"))
    hall.call_next(1, "s")
    hall.start(earlier.ticket.id, "s")
    hall.finish(earlier.ticket.id, "s")
    clock.advance(days=1)
    hand = hand_visit(hall, name="来访人1", phone="13900000000")
    merged = regs.match_document(lead_id(hall, hand), "居民身份证", GOOD_ID, "staff1")
    assert merged.id == lead_id(hall, earlier.ticket.visit_id)
    assert merged.phone == "13900000000"  # filled from the hand-made record
    days = [v.hall_day for v in visits_by_document(hall.db, "居民身份证", GOOD_ID, "s")]
    assert days == ["2026-11-26", "2026-11-25"]
    assert find_by_document(hall.db, "居民身份证", GOOD_ID).id == merged.id
    entry = audit.entries(hall.db, action="person.match")[0]
    assert entry.detail == {"merged_into": merged.id}


def test_wrong_check_digit_is_refused(hall, regs):
    person = lead_id(hall, hand_visit(hall))
    with pytest.raises(InvalidInput, match="校验"):
        regs.match_document(person, "居民身份证", "110105194912310021", "s")
    with pytest.raises(InvalidInput, match="不能为空"):
        regs.match_document(person, "居民身份证", "  ", "s")


def test_a_person_with_a_document_cannot_be_matched_again(hall, regs):
    person = lead_id(hall, walk_in(hall, 1).ticket.visit_id)
    with pytest.raises(InvalidInput, match="已有证件"):
        regs.match_document(person, "居民身份证", GOOD_ID, "s")


def test_an_old_15_digit_number_is_matched_in_its_18_digit_form(hall, regs):
    person = lead_id(hall, hand_visit(hall))
    matched = regs.match_document(person, "居民身份证", "110105491231002", "s")
    assert matched.doc_number == "11010519491231002X"


def test_a_document_stored_under_another_name_is_not_joined(hall, regs):
    from tests.helpers import visitor

    hall.check_in(CheckInRequest(lead=visitor(1, doc_number=GOOD_ID), service="A"))
    person = lead_id(hall, hand_visit(hall, name="王五"))
    with pytest.raises(InvalidInput, match="已登记在“来访人1”名下，与来访人“王五”不符"):
        regs.match_document(person, "居民身份证", GOOD_ID, "s")
    assert hall.db.execute("SELECT doc_number FROM persons WHERE id = ?", (person,)).fetchone() == (None,)


def test_save_is_all_or_nothing(hall, regs):
    from reception.queue.registration import RegistrationForm

    visit = hand_visit(hall)
    person = lead_id(hall, visit)
    bad = RegistrationForm(purpose="申诉求决", category="环境污染", summary="", outcome="不予受理")
    with pytest.raises(InvalidInput, match="摘要"):
        regs.save(visit, bad, "s", person_changes={"phone": "13800000000"},
                  document=("居民身份证", GOOD_ID))
    stored = hall.db.execute("SELECT phone, doc_number FROM persons WHERE id = ?", (person,)).fetchone()
    assert stored == ("", None)
    assert audit.entries(hall.db, actor="s") == []
    good = RegistrationForm(purpose="申诉求决", category="环境污染", summary="x", outcome="不予受理")
    done = regs.save(visit, good, "s", person_changes={"phone": "13800000000"},
                     document=("居民身份证", GOOD_ID))
    assert done.lead.doc_number == GOOD_ID and done.lead.phone == "13800000000"
    assert [e.action for e in audit.entries(hall.db, actor="s")] == [
        "visit.register", "person.match", "person.update",
    ]
