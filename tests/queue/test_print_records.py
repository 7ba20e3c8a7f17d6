"""Whether the paper ticket came out is recorded, so staff know whom to reprint for."""

from reception.queue.models import CheckInRequest
from tests.helpers import visitor


def issue(hall, n, actor):
    return hall.check_in(CheckInRequest(lead=visitor(n), service="A"), actor=actor).ticket


def test_tickets_without_a_print_record_are_found_per_kiosk(hall):
    first = issue(hall, 1, "kiosk-1")
    printed = issue(hall, 2, "kiosk-1")
    failed = issue(hall, 3, "kiosk-1")
    other_kiosk = issue(hall, 4, "kiosk-2")
    hall.record_print(printed.id, ok=True, actor="kiosk-1")
    hall.record_print(failed.id, ok=False, actor="kiosk-1", error="打印机缺纸")
    assert [t.id for t in hall.unrecorded_prints("kiosk-1")] == [first.id]
    assert [t.id for t in hall.unrecorded_prints("kiosk-2")] == [other_kiosk.id]


def test_yesterdays_tickets_are_not_reported_today(hall, clock):
    issue(hall, 1, "kiosk")
    clock.advance(days=1)
    assert hall.unrecorded_prints("kiosk") == []


def test_a_failed_print_then_a_reprint_clears_the_error(hall):
    ticket = issue(hall, 1, "kiosk")
    hall.record_print(ticket.id, ok=False, actor="kiosk", error="打印机离线")
    assert hall.get_ticket(ticket.id).print_error == "打印机离线"
    again = hall.record_print(ticket.id, ok=True, actor="staff", reprint=True)
    assert again.printed_at is not None and again.print_error is None
    assert [e.action for e in hall.events_for(ticket.id)] == ["issue", "print_failed", "reprint"]
