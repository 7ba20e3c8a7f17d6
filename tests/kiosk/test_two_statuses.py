"""The kiosk's progress lookup shows the ticket's state and the matter's, and
takes two ratings (DOMAIN.md "The case after the counter", Satisfaction; seed 002):
the reception once the ticket ends, the handling once the matter is concluded."""

from __future__ import annotations

from reception.queue.registration import RegistrationForm, Registrations
from tests.helpers import approver_account
from tests.kiosk.conftest import card

ACCEPTED = RegistrationForm(
    purpose="申诉求决", category="工资福利待遇", summary="某公司拖欠工资三个月",
    outcome="受理为信访事项", handling="交办", department="市人社局",
)


async def look_up(kiosk, code: str) -> str:
    kiosk.app.screen.query_one("#code").focus()  # as a scanner types into the code field
    await kiosk.pilot.press(*code, "enter")
    await kiosk.settle()
    return kiosk.text()


async def test_rule_two_vocabularies_at_the_kiosk_lookup(kiosk, hall, service):
    await kiosk.visit_alone(card(1))
    ticket = hall.tickets()[0]
    regs = Registrations(hall.db, hall.config, hall.clock)
    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    regs.register(ticket.visit_id, ACCEPTED, "staff")
    hall.finish(ticket.id, "staff")
    await kiosk.click("#home")
    await kiosk.click("#query")
    shown = await look_up(kiosk, ticket.query_code)
    assert "接待状态：接待结束" in shown and "事项状态：已受理" in shown
    assert "已办结" not in shown
    screen = kiosk.app.screen
    assert screen.query_one("#rating-area").display
    assert not screen.query_one("#handling-area").display  # the matter is not concluded
    await kiosk.click("#rate-0")
    assert "感谢您的评价：满意" in kiosk.text()

    regs.conclude(ticket.visit_id, "staff", reply="经核查，已书面答复。", approver=approver_account(hall))
    shown = await look_up(kiosk, ticket.query_code)
    assert "事项状态：已办结" in shown
    assert screen.query_one("#handling-area").display
    assert "您的信访事项已办结，请您对办理情况作出评价" in kiosk.text()
    await kiosk.click("#hrate-2")
    assert "感谢您对办理情况的评价：不满意" in kiosk.text()
    progress = hall.progress(ticket.query_code)
    assert (progress.rating, progress.handling_rating) == ("满意", "不满意")
