"""What a clerk sees at a half-width pane and on the registration form (issue 17)."""

from __future__ import annotations

from reception.queue.models import CheckInRequest, PersonInput
from reception.queue.registration import RegistrationForm, Registrations
from tests.counter.conftest import log_in, open_registration, press, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import screen_lines, settle


async def test_the_skip_level_box_is_empty_until_ticked(make_app, hall):
    walk_in(hall, 1)
    async with make_app().run_test(size=(120, 40)) as pilot:
        form = await open_registration(pilot)
        skip = form.query_one("#reg-skip-level")
        drawn = str(skip.render())
        assert drawn.startswith("▐ ▌") and "越级：否" in drawn and "X" not in drawn
        skip.focus()
        await press(pilot, "space")
        drawn = str(skip.render())
        assert drawn.startswith("▐X▌") and "越级：是" in drawn


async def test_the_history_outcome_is_visible_at_120_columns(make_app, hall, clock):
    earlier = walk_in(hall, 1).ticket
    Registrations(hall.db, hall.config, hall.clock).register(earlier.visit_id, RegistrationForm(
        purpose="申诉求决", category="环境污染", summary="长" * 60, outcome="受理为信访事项",
        handling="交办", department="环保局"), "s")
    hall.call_next(1, "s")
    hall.no_show(earlier.id, "s")
    clock.advance(days=1)
    walk_in(hall, 1)
    async with make_app().run_test(size=(120, 32)) as pilot:
        await log_in(pilot)
        await press(pilot, "n")
        await settle(pilot)
        assert pilot.app.screen.history_table.row_count == 1
        shown = "\n".join(screen_lines(pilot.app))
        assert "结果" in shown and "受理为信访事项 / 交办" in shown
