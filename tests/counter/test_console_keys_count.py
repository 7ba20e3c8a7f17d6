"""Registration in ≤ 10 key presses besides typing (issue 17 item 2), counted on
the real counter app: sensible defaults (the kiosk's purpose and category, the
cursor where work starts), Enter and Tab move on, number keys choose outcomes,
handlings, categories and the matter. Typing text is not counted; every other
press is, number keys included."""

from __future__ import annotations

from reception.counter.screens.console import ConsoleScreen
from reception.queue.models import TicketState
from reception.queue.registration import RegistrationForm, Registrations
from reception.staff_ui.registration import RegistrationScreen
from tests.counter.conftest import log_in, open_registration, press
from tests.helpers import walk_in

LIMIT = 10


class Keys:
    """Presses keys on the app and counts those that are not typing."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.counted: list[str] = []

    async def key(self, *keys: str) -> None:
        for key in keys:
            self.counted.append(key)
            await press(self.pilot, key)

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)


def regs(hall) -> Registrations:
    return Registrations(hall.db, hall.config, hall.clock)


async def test_rule_registration_in_ten_keys_a_first_visit_accepted_and_assigned(make_app, hall):
    ticket = walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇").ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        keys = Keys(pilot)
        await keys.key("n", "s", "g")
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        assert app.focused is form._area("summary")  # the kiosk gave purpose and category
        await keys.type("公司拖欠工资三个月")
        await keys.key("tab")
        await keys.type("要求结清工资")
        await keys.key("tab")
        assert app.focused is form._select("outcome")
        await keys.key("3")  # 受理为信访事项: the handling opens and has the cursor
        assert app.focused is form._select("handling")
        await keys.key("2")  # 交办
        assert app.focused is form._input("department")
        await keys.type("市人社局")
        await keys.key("ctrl+s")
        assert isinstance(app.screen, ConsoleScreen)
        stored = regs(hall).get(ticket.visit_id)
        assert stored.registered
        assert (stored.form.summary, stored.form.request) == ("公司拖欠工资三个月", "要求结清工资")
        assert (stored.form.outcome, stored.form.handling, stored.form.department) == (
            "受理为信访事项", "交办", "市人社局")
        await keys.key("f", "enter")  # end the visit
        assert hall.get_ticket(ticket.id).state is TicketState.DONE
    assert len(keys.counted) <= LIMIT, keys.counted


async def test_rule_registration_in_ten_keys_a_returning_visitor_with_a_new_matter(make_app, hall, clock):
    first = walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇").ticket.visit_id
    regs(hall).register(first, RegistrationForm(purpose="申诉求决", category="工资福利待遇",
                                                summary="拖欠工资", outcome="不予受理"), "s")
    clock.advance(days=2)
    ticket = walk_in(hall, 1, purpose="建议意见", category="环境污染").ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        keys = Keys(pilot)
        await keys.key("n", "s", "g")
        form = app.screen
        assert app.focused is form._select("matter")
        await keys.key("1")  # 新事项
        assert app.focused is form._area("summary")
        await keys.type("工厂夜间排污")
        await keys.key("tab", "tab", "2")  # past the request; 依法定途径处理
        assert app.focused is form._select("channel")
        await keys.key("1", "ctrl+s")  # 诉讼
        assert isinstance(app.screen, ConsoleScreen)
        stored = regs(hall).get(ticket.visit_id)
        assert stored.registered and not stored.is_repeat
        assert (stored.form.outcome, stored.form.statutory_channel) == ("依法定途径处理", "诉讼")
    assert len(keys.counted) <= LIMIT, keys.counted


async def test_rule_registration_in_ten_keys_a_category_of_ten_or_more_by_two_digits(make_app, hall):
    """The seeds' list has more than nine categories: 1 then 2 is the twelfth."""
    walk_in(hall, 1, purpose="申诉求决")
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        categories = app.service.config.categories
        assert len(categories) >= 12
        assert app.focused is form._select("category")
        await press(pilot, "1")
        assert form._select("category").value == categories[0] and app.focused is form._select("category")
        await press(pilot, "2")
        assert form._select("category").value == categories[11]
        assert app.focused is form._area("summary")
