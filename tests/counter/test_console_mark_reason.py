"""The counter's form asks why a repeat visitor came again (重复访原因), refuses
without it, and shows it once saved."""

from __future__ import annotations

from reception.counter.screens.console import ConsoleScreen
from reception.queue import audit
from reception.queue.registration import Registrations
from reception.staff_ui.registration import RegistrationScreen
from tests.counter.conftest import open_registration, press, text_of
from reception.queue.registration import RegistrationForm
from tests.helpers import walk_in

FIRST_MATTER = RegistrationForm(purpose="申诉求决", category="工资福利待遇", summary="拖欠工资",
                                outcome="不予受理")



async def test_a_repeat_visitor_is_registered_only_with_the_reason(make_app, hall, clock):
    """A repeat visit is one about the same matter (DOMAIN.md): the reason is asked
    once staff link the visit to the person's earlier matter."""
    first = walk_in(hall, 1).ticket.visit_id  # 2026-11-25
    Registrations(hall.db, hall.config, hall.clock).register(first, FIRST_MATTER, "s")
    clock.advance(days=1)
    ticket = walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇").ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        assert isinstance(form, RegistrationScreen)
        assert app.focused is form._select("matter")  # the choice to make first
        assert text_of(form.query_one("#reg-reason-hint")) == "非重复访、未越级的来访可不填原因"
        await press(pilot, "2")  # the earlier matter
        hint = text_of(form.query_one("#reg-reason-hint"))
        assert hint == "同一事项（XF20261125000001）第 2 次来访，上次 2026-11-25：请填写重复访原因"
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "工资福利待遇"
        form._area("summary").text = "拖欠工资"
        form._select("outcome").value = "不予受理"
        form._area("reason").text = "   "  # blank is no reason
        form._select("purpose").focus()
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RegistrationScreen)
        assert text_of(form.error_line) == "请填写重复访原因"
        assert app.focused is form._area("reason")  # the cursor goes to the field refused
        assert not Registrations(hall.db, hall.config, hall.clock).get(ticket.visit_id).registered

        await press(pilot, "ctrl+a")
        await press(pilot, *"[b]")  # markup is kept as typed, shown as typed
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConsoleScreen)
        stored = Registrations(hall.db, hall.config, hall.clock).get(ticket.visit_id)
        assert stored.registered and stored.form.reason == "[b]"
        assert "重复访/越级访原因：[b]" in text_of(app.screen.serving_panel)
        entry = audit.entries(hall.db, action="visit.register")[0]
        assert "reason" in entry.detail["fields"] and "[b]" not in str(entry.detail)


async def test_a_first_visit_is_registered_without_a_reason(make_app, hall):
    walk_in(hall, 1)
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        assert text_of(form.query_one("#reg-reason-hint")) == "非重复访、未越级的来访可不填原因"
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "工资福利待遇"
        form._area("summary").text = "拖欠工资"
        form._select("outcome").value = "不予受理"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConsoleScreen)
        assert "重复访/越级访原因" not in text_of(app.screen.serving_panel)
