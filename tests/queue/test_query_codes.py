"""Query codes: unguessable, typeable, and resolve to the ticket."""

import pytest

from reception.queue.codes import CODE_LENGTH, new_query_code, normalise_query_code
from reception.queue.errors import NotFound
from tests.helpers import walk_in


def test_codes_are_distinct_and_of_the_documented_form():
    codes = {new_query_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == CODE_LENGTH and normalise_query_code(c) == c for c in codes)


def test_a_visitor_typing_lower_case_and_look_alikes_finds_the_ticket(hall):
    ticket = walk_in(hall, 1).ticket
    typed = ticket.query_code.lower().replace("0", "o").replace("1", "l")
    typed = typed[:4] + " - " + typed[4:]
    assert hall.find_by_query_code(typed).id == ticket.id


@pytest.mark.parametrize("typed", ["", "ABC", "!" * 12, "U" * 12])
def test_malformed_codes_are_refused_in_chinese(hall, typed):
    with pytest.raises(NotFound, match="查询码"):
        hall.find_by_query_code(typed)


def test_query_code_carries_no_personal_data(hall):
    ticket = walk_in(hall, 1).ticket
    assert "DOC" not in ticket.query_code and "来访人" not in ticket.query_code


def test_a_drawn_code_already_taken_is_drawn_again(hall, monkeypatch):
    """On either engine: a collision costs a second draw, never the visitor's ticket
    (on PostgreSQL a caught unique-key error would have aborted the check-in)."""
    first = walk_in(hall, 1).ticket
    draws = iter([first.query_code, first.query_code, "ABCDEFGHJKMN"])
    monkeypatch.setattr("reception.queue.hall.checkin.new_query_code", lambda: next(draws))
    second = walk_in(hall, 2).ticket
    assert second.query_code == "ABCDEFGHJKMN" and second.number == "A002"
    assert hall.find_by_query_code("ABCDEFGHJKMN").id == second.id
    assert hall.find_by_query_code(first.query_code).id == first.id
