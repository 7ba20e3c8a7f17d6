"""One text policy (reception.queue.text) for every field the core stores.

Invisible characters (control, C1, NUL, bidi overrides and marks, zero-width)
are removed; markup-looking text is kept; single-line fields collapse
whitespace; multi-line fields keep their lines; the limits are the fields' own.
Talks, call-back notes and the schedule import have their tests beside their
features (tests/leader/test_talks.py, tests/counter/test_callbacks.py,
tests/schedule/test_import.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from reception.devices.idcard.text_block import parse_text_block
from reception.queue.accounts import Accounts
from reception.queue.documents import normalise_document
from reception.queue.errors import InvalidInput
from reception.queue.history import hand_registered
from reception.queue.models import CheckInRequest, PersonInput
from reception.queue.registration import RegistrationForm, Registrations
from reception.queue.text import clean_text, normalise

OSC = "\x1b]2;pwned\x1b\\"  # retitles a terminal
HOSTILE = f"张{OSC}三\x9b\x00\u202e\u2066\u200f\u200b\ufeff"
SHOWN = "张]2;pwned\\三"  # what is left of HOSTILE: visible characters only
MARKUP = "[bold]李四[/] [@click=app.quit]x[/]"
INVISIBLE = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))] + [
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\ufeff"
]


def no_invisible(text: str) -> bool:
    return not any(ch in INVISIBLE for ch in text if ch not in "\n\t")


# ------------------------------------------------------------------ the rule itself


def test_a_single_line_field_loses_every_invisible_character():
    assert normalise(HOSTILE) == SHOWN
    assert normalise("".join(INVISIBLE)) == ""
    assert normalise(f"  王\t五\n \u3000{OSC} 六  ") == "王 五 ]2;pwned\\ 六"


def test_markup_is_text_and_kept():
    assert normalise(f" {MARKUP} ") == MARKUP
    assert normalise(f"{MARKUP}\n[/]", multiline=True) == f"{MARKUP}\n[/]"


def test_a_multi_line_field_keeps_lines_and_tabs_and_loses_the_rest():
    typed = "\r\n第一段\x1b[2J\r\n\u3000\u3000第二段\t结束  \u2028末行\x9b\x00\u202e\n\n"
    assert normalise(typed, multiline=True) == "第一段[2J\n\u3000\u3000第二段\t结束\n末行"


def test_composed_and_decomposed_letters_are_stored_alike():
    assert normalise("Lu\u0308 Ming") == normalise("L\u00fc Ming") == "L\u00fc Ming"


def test_the_limit_counts_what_is_stored_and_names_the_field():
    assert clean_text("张" * 10 + "\u200b" * 50, "姓名", 10) == "张" * 10
    with pytest.raises(InvalidInput, match="姓名过长（最多 10 字，现 11 字）"):
        clean_text("张" * 11, "姓名", 10)


# ------------------------------------------------------------------ persons (kiosk, card, counter)


def stored_people(hall) -> list[tuple]:
    return hall.db.execute("SELECT name, address, work_unit, doc_number FROM persons ORDER BY id").fetchall()


def test_a_visitor_name_with_escape_sequences_is_stored_without_them(hall):
    lead = PersonInput(name=HOSTILE, doc_number="DOC1", address=f"路{OSC}1号", work_unit=MARKUP)
    hall.check_in(CheckInRequest(lead=lead, service="A"))
    [(name, address, work_unit, _)] = stored_people(hall)
    assert name == SHOWN and address == "路]2;pwned\\1号" and work_unit == MARKUP
    assert all(no_invisible(value) for value in (name, address, work_unit))


def test_the_same_person_typed_with_and_without_invisible_characters_is_one_person(hall):
    hall.check_in(CheckInRequest(lead=PersonInput(name="张三", doc_number="DOC1"), service="A"))
    hall.cancel(1, "staff")
    typed = PersonInput(name="\u200b张\u202e三\u00a0", doc_number="DOC1", address="建国路\u200f1号")
    hall.check_in(CheckInRequest(lead=typed, service="A"))
    assert stored_people(hall) == [("张三", "建国路1号", "", "DOC1")]


def test_a_card_read_and_the_same_name_typed_are_stored_alike(hall):
    raw = bytearray(b" \x00" * 128)
    for offset, value in ((0, "张\x1b三\u202e"), (30, "1"), (32, "01"), (36, "19491231"),
                          (52, "北京市朝阳区\u200b建国路1号"), (122, "11010519491231002X"),
                          (158, "北京市公安局"), (188, "20150101"), (204, "长期")):
        data = value.encode("utf-16-le")
        raw[offset : offset + len(data)] = data
    card = parse_text_block(bytes(raw), photo=b"")
    assert (card.name, card.address) == ("张三", "北京市朝阳区建国路1号")
    typed = normalise_document("居民身份证", "110105\u200b19491231\u202e002x")
    assert typed == ("居民身份证", card.number)


def test_huge_and_empty_person_fields_keep_their_messages(hall):
    for name in ("", "\x1b\u202e\u200b", " \t\n"):
        with pytest.raises(InvalidInput, match="姓名不能为空"):
            hall.check_in(CheckInRequest(lead=PersonInput(name=name), service="A"))
    with pytest.raises(InvalidInput, match="住址过长（最多 200 字"):
        hall.check_in(CheckInRequest(lead=PersonInput(name="张三", address="路" * 201), service="A"))
    assert stored_people(hall) == []


def test_a_hand_registered_name_is_found_however_it_is_typed(hall):
    hall.check_in(CheckInRequest(lead=PersonInput(name="张三", doc_number=None), service="A"))
    [found] = hand_registered(hall.db, "张\u200b三\x1b", "staff")
    assert found.name == "张三"


# ------------------------------------------------------------------ registration at the counter


@pytest.fixture
def regs(hall) -> Registrations:
    return Registrations(hall.db, hall.config, hall.clock)


def test_registration_text_keeps_its_lines_and_loses_invisible_characters(hall, regs):
    visit = hall.check_in(CheckInRequest(lead=PersonInput(name="张三", doc_number="D1"), service="A"))
    form = RegistrationForm(
        purpose="申诉求决", category="环境污染", outcome="不予受理",
        summary=f"工厂排污{OSC}\n\t夜间尤甚\u202e\x9b\x00\n{MARKUP}",
        request="\u200b请求处理\r\n",
        locality=f"城关镇\n{OSC}",
    )
    done = regs.register(visit.ticket.visit_id, form, "staff")
    assert done.form.summary == f"工厂排污]2;pwned\\\n\t夜间尤甚\n{MARKUP}"
    assert done.form.request == "请求处理" and done.form.locality == "城关镇 ]2;pwned\\"
    person = done.people[0].person
    changed = regs.update_person(person.id, {"name": HOSTILE, "work_unit": f"{MARKUP}\x00"}, "staff")
    assert (changed.name, changed.work_unit) == (SHOWN, MARKUP)


def test_registration_limits_and_empty_summary_keep_their_messages(hall, regs):
    visit = hall.check_in(CheckInRequest(lead=PersonInput(name="张三", doc_number="D1"), service="A"))
    base = RegistrationForm(purpose="申诉求决", category="环境污染", outcome="不予受理")
    with pytest.raises(InvalidInput, match="请填写反映问题摘要"):
        regs.register(visit.ticket.visit_id, replace(base, summary="\x1b\u202e"), "s")
    with pytest.raises(InvalidInput, match="反映问题摘要过长（最多 2000 字，现 2001 字）"):
        regs.register(visit.ticket.visit_id, replace(base, summary="x" * 2001), "s")


# ------------------------------------------------------------------ accounts, schedule, appointments


def test_a_staff_display_name_cannot_retitle_a_terminal(hall):
    accounts = Accounts(hall.db, hall.clock)
    user = accounts.add("liuyang", "correct horse 1", "staff", f"刘{OSC}洋\u202e")
    assert user.display_name == "刘]2;pwned\\洋"
    stored = hall.db.execute("SELECT display_name FROM users").fetchone()[0]
    assert no_invisible(stored)
    with pytest.raises(InvalidInput, match="姓名不能为空"):
        accounts.add("wangfang", "correct horse 1", "staff", "\x1b\u200b")


def test_schedule_and_appointment_text_follow_the_rule(hall):
    added = hall.add_reception_day(
        {"day": "2026-12-02", "leader": f"钱\u200b进{OSC}", "post": "副县长\u202e", "fields": MARKUP,
         "time": "9:00-11:00", "place": "第一\x00接待室", "mode": "预约", "quota": "5"},
        "staff",
    )
    assert (added.leader_name, added.post, added.fields, added.place) == (
        "钱进]2;pwned\\", "副县长", MARKUP, "第一接待室"
    )
    booked = hall.book_appointment(added.leader_id, "2026-12-02",
                                   PersonInput(name=HOSTILE, doc_number="DOC9", phone="138 0000 0000"), "staff")
    name = hall.db.execute("SELECT name FROM persons WHERE id = ?", (booked.person_id,)).fetchone()[0]
    assert name == SHOWN
