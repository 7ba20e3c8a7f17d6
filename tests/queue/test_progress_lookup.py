"""A visitor looks up their visit with the query code from the ticket (条例 Art. 21)."""

import pytest

from reception.queue.errors import NotFound
from reception.queue.models import TicketState
from tests.helpers import walk_in


def test_waiting_visit_shows_number_state_and_people_ahead(hall):
    walk_in(hall, 1)
    mine = walk_in(hall, 2).ticket
    progress = hall.progress(mine.query_code.lower())
    assert progress.number == "A002" and progress.service_name == "个人来访"
    assert progress.state is TicketState.WAITING and progress.ahead == 1
    assert not progress.registered and progress.case_number is None


def test_registered_visit_shows_case_number_outcome_and_deadline(hall):
    ticket = walk_in(hall, 1).ticket
    hall.db.execute(
        "UPDATE visits SET registered_at = '2026-11-25T09:30', case_number = 'XF2026-0001',"
        " outcome = '信访途径受理', handle_deadline = '2027-01-24' WHERE id = ?",
        (ticket.visit_id,),
    )
    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    hall.finish(ticket.id, "staff")
    progress = hall.progress(ticket.query_code)
    assert progress.state is TicketState.DONE and progress.ahead == 0
    assert progress.registered and progress.case_number == "XF2026-0001"
    assert progress.outcome == "信访途径受理" and progress.handle_deadline == "2027-01-24"


@pytest.mark.parametrize("typed", ["", "12345", "ZZZZZZZZZZZZ"])
def test_unknown_or_malformed_code_is_refused_in_chinese(hall, typed):
    walk_in(hall, 1)
    with pytest.raises(NotFound, match="查询码"):
        hall.progress(typed)
