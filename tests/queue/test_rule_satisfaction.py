"""The visitor rates the handling of a finished visit with the slip's query code (seed 002)."""

import pytest

from reception.queue.errors import InvalidInput, NotFound
from reception.queue.models import TicketState
from tests.helpers import walk_in


def finished(hall, n: int = 1):
    ticket = walk_in(hall, n).ticket
    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    hall.finish(ticket.id, "staff")
    return ticket


def test_a_finished_visit_can_be_rated_and_the_rating_is_shown_back(hall):
    ticket = finished(hall)
    before = hall.progress(ticket.query_code)
    assert before.can_rate and before.rating == ""
    after = hall.rate(ticket.query_code.lower(), "满意")
    assert after.rating == "满意"
    assert hall.progress(ticket.query_code).rating == "满意"
    assert [e.action for e in hall.events_for(ticket.id)][-1] == "rate"


def test_changing_ones_mind_adds_a_rating_and_the_latest_counts(hall):
    ticket = finished(hall)
    hall.rate(ticket.query_code, "不满意")
    hall.rate(ticket.query_code, "基本满意")
    assert hall.progress(ticket.query_code).rating == "基本满意"
    stored = [(e.detail["rating"], e.actor) for e in hall.events_for(ticket.id) if e.action == "rate"]
    assert stored == [("不满意", "kiosk"), ("基本满意", "kiosk")]  # nothing overwritten


@pytest.mark.parametrize("state_steps", [0, 1, 2])
def test_a_visit_not_yet_finished_cannot_be_rated(hall, state_steps):
    ticket = walk_in(hall, 1).ticket
    if state_steps >= 1:
        hall.call_next(1, "staff")
    if state_steps >= 2:
        hall.start(ticket.id, "staff")
    progress = hall.progress(ticket.query_code)
    assert not progress.can_rate
    with pytest.raises(InvalidInput, match="接待办理结束后才能评价"):
        hall.rate(ticket.query_code, "满意")
    assert hall.progress(ticket.query_code).rating == ""
    assert "rate" not in [e.action for e in hall.events_for(ticket.id)]
    assert hall.get_ticket(ticket.id).state is not TicketState.DONE


@pytest.mark.parametrize("rating", ["", "很好", "[bold]满意[/]", "满意; DROP TABLE visits"])
def test_only_the_three_ratings_are_taken(hall, rating):
    ticket = finished(hall)
    with pytest.raises(InvalidInput, match="评价只能是：满意、基本满意、不满意"):
        hall.rate(ticket.query_code, rating)
    assert hall.progress(ticket.query_code).rating == ""
    assert "rate" not in [e.action for e in hall.events_for(ticket.id)]


def test_an_unknown_code_cannot_rate(hall):
    finished(hall)
    with pytest.raises(NotFound, match="查询码"):
        hall.rate("ZZZZZZZZZZZZ", "满意")
