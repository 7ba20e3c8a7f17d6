"""Why a repeat visit (重复访) or a skip-level visit (越级访) came: recorded at
the counter's registration, required for those visits only (DOMAIN.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput
from reception.queue.registration import RegistrationForm, Registrations
from tests.helpers import walk_in

FORM = RegistrationForm(
    purpose="申诉求决",
    category="工资福利待遇",
    summary="某公司拖欠工资三个月",
    outcome="不予受理",
)


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


# Visitor 1's matter of yesterday, which today's visit is about (重复访 is about a matter).
SAME = "XF20261125000001"


@pytest.fixture
def repeat_visit(hall, clock, regs):
    """Visitor 1 came yesterday; today's visit is their second, about the same matter."""
    first = walk_in(hall, 1).ticket.visit_id
    assert regs.register(first, FORM, "s").form.case_number == SAME
    clock.advance(days=1)
    return walk_in(hall, 1).ticket.visit_id


def test_a_first_visit_needs_no_reason(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    done = regs.register(visit, FORM, "s")
    assert done.registered and done.form.reason == ""


def test_a_reason_given_for_a_first_visit_is_kept(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    done = regs.register(visit, replace(FORM, reason="陪同家属来访"), "s")
    assert regs.get(visit).form.reason == "陪同家属来访" == done.form.reason


def test_a_repeat_visit_is_refused_without_the_reason(hall, regs, repeat_visit):
    stored = regs.get(repeat_visit)
    assert stored.is_repeat and stored.last_visit_day == "2026-11-25"
    with pytest.raises(InvalidInput, match="请填写重复访原因"):
        regs.register(repeat_visit, replace(FORM, matter=SAME), "s")
    assert not regs.get(repeat_visit).registered
    done = regs.register(repeat_visit, replace(FORM, matter=SAME, reason="上次答复后仍未发放工资"), "s")
    assert done.registered and done.form.reason == "上次答复后仍未发放工资"


def test_skip_level_is_refused_without_the_reason(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="请填写越级访原因"):
        regs.register(visit, replace(FORM, skip_level=True), "s")
    done = regs.register(visit, replace(FORM, skip_level=True, reason="区信访局未受理"), "s")
    assert done.form.skip_level and done.form.reason == "区信访局未受理"


def test_a_repeat_skip_level_visit_names_both(hall, regs, repeat_visit):
    with pytest.raises(InvalidInput, match="请填写重复访/越级访原因"):
        regs.register(repeat_visit, replace(FORM, matter=SAME, skip_level=True), "s")


@pytest.mark.parametrize("blank", ["   ", "\n\n", "\t \u3000", "\x00\x07"])
def test_whitespace_only_counts_as_no_reason(hall, regs, repeat_visit, blank):
    with pytest.raises(InvalidInput, match="请填写重复访原因"):
        regs.register(repeat_visit, replace(FORM, matter=SAME, reason=blank), "s")


def test_a_reason_longer_than_500_characters_is_refused(hall, regs, repeat_visit):
    with pytest.raises(InvalidInput, match="重复访/越级访原因过长（最多 500 字，现 501 字）"):
        regs.register(repeat_visit, replace(FORM, matter=SAME, reason="因" * 501), "s")
    done = regs.register(repeat_visit, replace(FORM, matter=SAME, reason="因" * 500), "s")
    assert len(done.form.reason) == 500


def test_a_too_long_reason_is_refused_on_a_first_visit_too(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="过长"):
        regs.register(visit, replace(FORM, reason="x" * 501), "s")


def test_markup_in_the_reason_is_stored_as_typed(hall, regs, repeat_visit):
    text = "[bold]上次[/] [@click=app.quit]x[/]"
    done = regs.register(repeat_visit, replace(FORM, matter=SAME, reason=f"  {text}  "), "s")
    assert done.form.reason == text
    row = hall.db.execute("SELECT mark_reason FROM visits WHERE id = ?", (repeat_visit,)).fetchone()
    assert row == (text,)


def test_the_audit_log_says_a_reason_was_given_without_its_text(hall, regs, repeat_visit):
    regs.register(repeat_visit, replace(FORM, matter=SAME, reason="上次答复后仍未发放欠薪"), "staff1")
    regs.register(repeat_visit, replace(FORM, matter=SAME, reason="补充：公司已停业"), "staff2")
    log = audit.entries(hall.db, subject=f"visit:{repeat_visit}")
    update, register = log[0], log[1]
    assert (register.action, update.action) == ("visit.register", "visit.update")
    assert "reason" in register.detail["fields"] and "reason" in update.detail["fields"]
    assert "欠薪" not in str(register.detail) and "停业" not in str(update.detail)
    assert "reason" not in register.detail and "reason" not in update.detail
