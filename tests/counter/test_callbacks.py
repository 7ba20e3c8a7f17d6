"""The counter's 回访 list: tickets close-day ended unseen, phoned back by staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from reception.counter.screens.callbacks import CallBackDetail, CallBackScreen
from reception.counter.screens.console import ConsoleScreen
from reception.queue import audit
from reception.queue.errors import InvalidInput, NotFound
from reception.queue.followup import mark_called_back, mask_phone, note_of, pending
from reception.queue.models import CheckInRequest
from reception.staff_ui.keys_help import screen_keys
from tests.counter.conftest import log_in, press, text_of
from tests.helpers import visitor


def come(hall, n: int, **fields):
    return hall.check_in(CheckInRequest(lead=visitor(n, **fields), service="A")).ticket


@pytest.fixture
def closed(hall, clock):
    """Yesterday: one visitor left waiting, one called and gone, one served to the end.
    Today: one waiting. Then close-day."""
    served = come(hall, 1, phone="13900000001")
    called = come(hall, 2, name="[bold]李四[/bold]", phone="0571-8765 4321")
    waiting = come(hall, 3, phone="13812345678")
    hall.call_next(1, "s")
    hall.start(served.id, "s")
    hall.finish(served.id, "s")
    assert hall.call_next(1, "s").id == called.id
    clock.advance(days=1)
    today = come(hall, 4, phone="13900000004")
    result = hall.close_earlier_days("ops")
    assert {t.number for t in result.closed} == {waiting.number, called.number}
    return {"waiting": waiting, "called": called, "served": served, "today": today}


def rows(screen: CallBackScreen) -> list[list[str]]:
    table = screen.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_footer_names_the_key_and_the_list_shows_yesterdays_closed_tickets(
    make_app, hall, closed
):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await pilot.pause(0.1)
        # The footer keeps to the main keys at 80 columns (issue 17); ? lists v with the rest.
        shown = {(k.key, k.description) for k in pilot.app.screen.query_one(Footer).query(FooterKey)}
        assert ("?", "帮助") in shown or ("question_mark", "帮助") in shown
        assert ("v", "回访") in screen_keys(pilot.app.screen)
        await press(pilot, "v")
        screen = pilot.app.screen
        assert isinstance(screen, CallBackScreen)
        assert "2 个" in text_of(screen.query_one("#callbacks-title"))
        assert rows(screen) == [
            ["2026-11-25", "A002", "个人来访", "已叫号", "[bold]李四[/bold]", "057*******4321"],
            ["2026-11-25", "A003", "个人来访", "等候中", "来访人3", "138****5678"],
        ]  # neither the finished A001 nor today's waiting A001, and no full phone
        assert "13812345678" not in str(rows(screen))


async def test_opening_one_shows_the_full_phone_and_is_audited(make_app, hall, closed):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "v")
        assert not audit.entries(hall.db, action="callback.open")  # the list alone reads no record
        await press(pilot, "down", "enter")
        detail = pilot.app.screen
        assert isinstance(detail, CallBackDetail)
        shown = text_of(detail.query_one("#callback-person"))
        assert "13812345678" in shown and "来访人3" in shown
        entry = audit.entries(hall.db, action="callback.open")[0]
        assert entry.actor == "liuyang"
        assert entry.subject == f"person:{_lead(hall, closed['waiting'])}"
        assert entry.detail == {"ticket": closed["waiting"].id, "visit": closed["waiting"].visit_id}
        await press(pilot, "escape")  # back without marking: still listed
        assert isinstance(pilot.app.screen, CallBackScreen) and pilot.app.screen.table.row_count == 2


def _lead(hall, ticket) -> int:
    return hall.db.execute(
        "SELECT person_id FROM visit_people WHERE visit_id = ? AND role = 'lead'", (ticket.visit_id,)
    ).fetchone()[0]


async def test_marking_stores_the_note_audits_and_leaves_the_list(make_app, hall, closed):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "v")
        screen = pilot.app.screen
        await press(pilot, "enter")  # the first row: the name with markup
        detail = pilot.app.screen
        assert "[bold]李四[/bold]" in text_of(detail.query_one("#callback-person"))
        assert "0571-8765 4321" in text_of(detail.query_one("#callback-person"))
        await pilot.click("#callback-note")
        await press(pilot, *"已联系[b]", "enter")
        assert pilot.app.screen is screen
        assert rows(screen) == [["2026-11-25", "A003", "个人来访", "等候中", "来访人3", "138****5678"]]
        assert "A002 号已回访" in text_of(screen.status_line)
        assert note_of(hall.db, closed["called"].id) == "已联系[b]"
        entry = audit.entries(hall.db, action="callback.mark")[0]
        assert (entry.actor, entry.subject) == ("liuyang", f"ticket:{closed['called'].id}")
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, ConsoleScreen)


@pytest.mark.parametrize("note, refusal", [
    ("", "请填写回访情况"),
    ("   ", "请填写回访情况"),
    ("话" * 1000, "回访情况过长（最多 200 字，现 1000 字）"),
])
async def test_an_empty_or_huge_note_is_refused_in_chinese(make_app, hall, closed, note, refusal):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "v", "enter")
        detail = pilot.app.screen
        detail.query_one("#callback-note", Input).value = note
        await press(pilot, "enter")
        assert pilot.app.screen is detail
        assert refusal in text_of(detail.query_one("#callback-error"))
        assert note_of(hall.db, closed["called"].id) is None
        assert not audit.entries(hall.db, action="callback.mark")


# ------------------------------------------------------------------ the core's rules


def test_nothing_is_overwritten_a_second_marking_is_refused(hall, clock, closed):
    ticket = closed["waiting"].id
    mark_called_back(hall.db, ticket, "第一次", "a", clock.stamp())
    with pytest.raises(InvalidInput, match="该号已由 a 于 .* 回访"):
        mark_called_back(hall.db, ticket, "第二次", "b", clock.stamp())
    assert note_of(hall.db, ticket) == "第一次"


def test_only_close_day_endings_can_be_marked(hall, clock, closed):
    with pytest.raises(NotFound, match="不在待回访名单"):
        mark_called_back(hall.db, closed["served"].id, "已联系", "a", clock.stamp())
    with pytest.raises(NotFound):
        mark_called_back(hall.db, closed["today"].id, "已联系", "a", clock.stamp())


def test_a_note_loses_its_control_characters(hall, clock, closed):
    """The one text policy (reception.queue.text) removes them; this note used to be refused."""
    ticket = closed["waiting"].id
    mark_called_back(hall.db, ticket, "已联系\x1b[31m\u202e\x9b\x00 [bold]明天[/]", "a", clock.stamp())
    assert note_of(hall.db, ticket) == "已联系[31m [bold]明天[/]"


def test_a_note_of_only_invisible_characters_is_refused_as_empty(hall, clock, closed):
    with pytest.raises(InvalidInput, match="请填写回访情况"):
        mark_called_back(hall.db, closed["waiting"].id, "\x1b\u202e\u200b ", "a", clock.stamp())


def test_the_list_looks_back_the_given_number_of_days(hall, clock, closed):
    today = clock.today()
    assert len(pending(hall.db, today)) == 2
    assert len(pending(hall.db, today + timedelta(days=6))) == 2  # closed 11-26; on 12-02 still
    later = today + timedelta(days=7)
    assert len(pending(hall.db, later)) == 0
    assert len(pending(hall.db, later, days=8)) == 2
    with pytest.raises(ValueError):
        pending(hall.db, today, days=0)


@pytest.mark.parametrize("phone, masked", [
    ("13812345678", "138****5678"), ("88123456", "****3456"), ("1234", "****"), ("", ""),
])
def test_phone_masking(phone, masked):
    assert mask_phone(phone) == masked
