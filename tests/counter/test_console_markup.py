"""Visitor and staff text is data on every counter screen: markup never runs."""

from __future__ import annotations

import pytest

from reception.counter.screens.console import ConsoleScreen
from reception.queue.models import CheckInRequest, PersonInput
from reception.queue.registration import RegistrationForm, Registrations
from reception.staff_ui.registration import RegistrationScreen
from tests.counter.conftest import log_in, open_registration, press, text_of
from tests.staff_ui.helpers import settle

MARKUP = ["[bold]张三[/]", "[/]", "[@click=app.quit]x[/]", "[u]李[/u", "[link=http://x]y"]


def visit(hall, name: str, **fields):
    lead = PersonInput(name=name, doc_number=None, address=name, work_unit=name, **fields)
    return hall.check_in(CheckInRequest(lead=lead, service="A"), actor="staff")


def register(hall, visit_id, text: str):
    Registrations(hall.db, hall.config, hall.clock).register(visit_id, RegistrationForm(
        purpose="申诉求决", category="环境污染", locality=text, summary=text, request=text,
        outcome="受理为信访事项", handling="交办", department=text, case_number=text[:40],
    ), "staff")


@pytest.mark.parametrize("text", MARKUP)
async def test_markup_everywhere_is_shown_as_typed(make_app, hall, clock, text):
    earlier = visit(hall, text).ticket
    register(hall, earlier.visit_id, text)
    person = hall.db.execute(
        "SELECT person_id FROM visit_people WHERE visit_id = ?", (earlier.visit_id,)
    ).fetchone()[0]
    hall.call_next(1, "staff")
    hall.no_show(earlier.id, "staff")
    clock.advance(days=14)  # the same person again, and the first matter due to be told
    request = CheckInRequest(lead=PersonInput(name=text, doc_number=None), service="A")
    today = hall.check_in(request, actor="staff").ticket
    hall.db.execute("UPDATE visit_people SET person_id = ? WHERE visit_id = ?", (person, today.visit_id))
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "n")
        await settle(pilot)
        assert text in text_of(app.screen.serving_panel)
        history = [str(cell) for cell in app.screen.history_table.get_row_at(0)]
        # 结果 comes before 反映问题 (issue 17: the outcome was cut off at 120 columns).
        assert history[3] == text and history[2] == "受理为信访事项 / 交办"
        await press(pilot, "g")
        await settle(pilot)
        assert isinstance(app.screen, RegistrationScreen)
        assert text in text_of(app.screen.query_one("#reg-person"))
        assert app.screen._input("work-unit").value == text
        app.screen._area("summary").text = text
        app.screen._input("locality").value = text
        await press(pilot, "escape", "escape")
        await settle(pilot)
        await press(pilot, "d")
        await settle(pilot)
        row = [str(cell) for cell in app.screen.table.get_row_at(0)]
        assert row[4] == text and row[6] == text
        await press(pilot, "a")  # the confirmation names the visitor
        await settle(pilot)
        assert text in text_of(app.screen.query_one(".dialog-title"))
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "m", *"王", "enter")  # the hand-registered search lists the name
        await settle(pilot)
        assert text_of(app.screen.status_line) == "没有姓名相符的手工登记来访人"
        app.screen.name_input.value = text
        await press(pilot, "enter")
        await settle(pilot)
        assert str(app.screen.results.get_row_at(0)[0]) == text
        await press(pilot, "escape")
        await settle(pilot)
        await pilot.click("#serving")  # a click on the panel must not run an action
        assert app.is_running and isinstance(app.screen, ConsoleScreen)


async def test_a_leader_named_in_markup_is_listed_as_typed(make_app, hall):
    from tests.counter.test_console_together import duty_leader
    from tests.helpers import walk_in

    duty_leader(hall, name="[@click=app.quit]王[/]")
    walk_in(hall, 1)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "t")
        await settle(pilot)
        options = pilot.app.screen.options
        last = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert "[@click=app.quit]王[/]" in last
        assert pilot.app.is_running


async def test_huge_and_empty_fields(make_app, hall):
    from tests.helpers import visitor

    hall.check_in(CheckInRequest(lead=visitor(1, address="址" * 200, work_unit="单" * 200), service="A"))
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "环境污染"
        form._area("summary").text = "长" * 5000
        form._select("outcome").value = "不予受理"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "反映问题摘要过长（最多 2000 字，现 5000 字）" in text_of(form.error_line)
        form._area("summary").text = ""
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "请填写反映问题摘要" in text_of(form.error_line)
        form._input("phone").value = "1" * 40
        form._area("summary").text = "摘要" * 1000
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "联系电话" in text_of(form.error_line)
        form._input("phone").value = ""
        form._input("speakers").value = ""
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "信访人数须为整数" in text_of(form.error_line)
        form._input("speakers").value = "1"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConsoleScreen)
        assert "已登记" in text_of(app.screen.serving_panel)


async def test_a_name_with_a_terminal_escape_is_shown_without_emitting_it(make_app, hall):
    """reception.queue.text: ESC ] 2 ; … ESC \\ in a name once retitled the counter's
    terminal. The name is shown as what is left of it, and the bytes the screen
    would send to the terminal hold no OSC sequence."""
    name = "张\x1b]2;pwned\x1b\\三\u202e"
    visit(hall, name)
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "n")
        await settle(pilot)
        shown = text_of(app.screen.serving_panel)
        assert "张]2;pwned\\三" in shown and "\x1b" not in shown and "\u202e" not in shown
        update = app.screen._compositor.render_update(full=True)
        output = update.render_segments(app.console)
        assert "pwned" in output and "\x1b]" not in output and "\u202e" not in output
