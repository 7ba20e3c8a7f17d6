"""Every kiosk screen fits the deployed terminal: each button can be seen and touched.

The kiosk runs in foot at size 22 on a 1080p touch screen: about 120x30 cells
(deploy/systemd/reception-kiosk.service). A button drawn off the bottom, or
under another widget, is a button an elderly visitor never finds.
"""

import pytest
from textual.widgets import Button

from tests.kiosk.conftest import card, running_kiosk
from tests.kiosk.test_leader_and_query import add_duty

SIZES = [(120, 30), (100, 30)]


def unreachable_buttons(kiosk) -> list[str]:
    """Buttons whose centre is not that button on screen (cut off, scrolled away or covered)."""
    screen = kiosk.app.screen
    missing = []
    for button in screen.query(Button):
        if not button.display or not button.visible:
            continue
        if any(not ancestor.display for ancestor in button.ancestors if hasattr(ancestor, "display")):
            continue
        region = button.region
        label = f"{kiosk.screen_name}: {button.id or button.label}"
        if region.area == 0:
            missing.append(label)
            continue
        x, y = region.x + region.width // 2, region.y + region.height // 2
        try:
            found, _ = screen.get_widget_at(x, y)
        except Exception:
            missing.append(label)
            continue
        if found is not button and button not in found.ancestors:
            missing.append(label)
    return missing


@pytest.mark.parametrize("size", SIZES)
async def test_every_screen_of_a_group_visit_on_a_leader_day_fits(hall, printer, settings, size, service):
    add_duty(hall, quota=5)
    async with running_kiosk(service, printer, settings, size=size) as kiosk:
        seen = []

        async def check(expected: str) -> None:
            assert kiosk.screen_name == expected
            seen.append(expected)
            assert unreachable_buttons(kiosk) == []

        await check("WelcomeScreen")
        await kiosk.place(card(1))
        await check("PersonScreen")
        await kiosk.click("#no-phone")
        await check("VisitScreen")
        await kiosk.choose_purpose()
        await check("LeaderScreen")
        await kiosk.click("#no-leader")
        await check("ModeScreen")
        await kiosk.click("#group")
        await check("GroupSizeScreen")
        await kiosk.type("25")
        await kiosk.click("#next")
        for n in (2, 3):
            await kiosk.place(card(n, name=f"代表{n}"))
        await check("RepresentativesScreen")
        await kiosk.place(card(4, name="代表4"))  # refused: the rule's two lines are shown too
        await check("RepresentativesScreen")
        await kiosk.click("#next")
        await check("ConfirmScreen")
        await kiosk.click("#next")
        await check("TicketScreen")
        await kiosk.click("#home")
        await kiosk.click("#query")
        await check("QueryScreen")
        await kiosk.click("#home")
        await kiosk.click("#no-card")
        await check("NoCardScreen")
        assert len(seen) == 12
