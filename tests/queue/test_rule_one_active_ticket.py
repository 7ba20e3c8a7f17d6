"""Rule: one active ticket per person per hall day; a second check-in reprints."""

from reception.queue.models import CheckInRequest
from tests.helpers import visitor, walk_in


def test_second_check_in_returns_the_existing_ticket(hall):
    first = walk_in(hall, 1)
    again = walk_in(hall, 1)
    assert again.existing
    assert again.ticket.id == first.ticket.id
    assert len(hall.tickets()) == 1


def test_representative_checking_in_alone_gets_the_group_ticket(hall):
    grouped = hall.check_in(
        CheckInRequest(lead=visitor(1), representatives=(visitor(2),), group_size=4, service="B")
    )
    alone = walk_in(hall, 2)
    assert alone.existing and alone.ticket.number == grouped.ticket.number


def test_after_the_visit_is_done_a_new_ticket_is_issued(hall):
    first = walk_in(hall, 1)
    hall.call_next(1, "staff")
    hall.start(first.ticket.id, "staff")
    hall.finish(first.ticket.id, "staff")
    again = walk_in(hall, 1)
    assert not again.existing and again.ticket.number == "A002"


def test_next_hall_day_numbering_restarts_and_a_new_ticket_is_issued(hall, clock):
    walk_in(hall, 1)
    walk_in(hall, 2)
    clock.advance(days=1)
    again = walk_in(hall, 1)
    assert not again.existing
    assert again.ticket.number == "A001"
    assert again.ticket.hall_day == "2026-11-26"


def test_visitors_without_a_document_are_never_merged(hall):
    from reception.queue.models import PersonInput

    a = hall.check_in(CheckInRequest(lead=PersonInput(name="王五"), service="A"))
    b = hall.check_in(CheckInRequest(lead=PersonInput(name="王五"), service="A"))
    assert not b.existing and a.ticket.id != b.ticket.id
