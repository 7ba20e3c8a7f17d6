"""Rule: earlier visits of the same person are found at check-in (检索、判重)."""

from tests.helpers import walk_in


def finish(hall, ticket):
    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    hall.finish(ticket.id, "staff")


def test_first_visit_is_not_a_repeat(hall):
    assert not walk_in(hall, 1).repeat.is_repeat


def test_repeat_visit_carries_count_and_last_date(hall, clock):
    finish(hall, walk_in(hall, 1).ticket)
    clock.advance(days=6)
    finish(hall, walk_in(hall, 1).ticket)
    clock.advance(days=30)
    third = walk_in(hall, 1)
    assert third.repeat.is_repeat
    assert third.repeat.earlier_visits == 2
    assert third.repeat.last_visit_day == "2026-12-01"
    row = hall.db.execute(
        "SELECT is_repeat, earlier_visits, last_visit_day FROM visits WHERE id = ?",
        (third.ticket.visit_id,),
    ).fetchone()
    assert row == (1, 2, "2026-12-01")


def test_other_people_do_not_count(hall, clock):
    finish(hall, walk_in(hall, 1).ticket)
    clock.advance(days=1)
    assert not walk_in(hall, 2).repeat.is_repeat


def test_reprinting_shows_the_stored_repeat_info(hall, clock):
    finish(hall, walk_in(hall, 1).ticket)
    clock.advance(days=1)
    walk_in(hall, 1)
    again = walk_in(hall, 1)
    assert again.existing and again.repeat.earlier_visits == 1
