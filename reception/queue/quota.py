"""A leader's daily quota (限额): the one rule the kiosk, the counter and bookings share.

A reception day's places are used by
  - every appointment for it that is not cancelled (booked or arrived), and
  - every ticket of that day, not cancelled, routed to the leader without an
    appointment: a walk-in who asked for the leader at the kiosk
    (`visits.requested_leader_id`) or a ticket staff moved into the leader's
    queue (`leader:<id>`).
remaining = quota - used, never below zero; a quota of 0 means no limit was
published (remaining is None). A no-show keeps its place: the visitor may come
back and be requeued.

Callers check inside their write transaction (BEGIN IMMEDIATE), so two kiosks
cannot both take the last place.
"""

from __future__ import annotations

import sqlite_utils

from reception.queue.errors import RuleViolation
from reception.queue.models import leader_queue
from reception.queue.schedule import ReceptionDay, day_of_leader, get_leader


def places_used(db: sqlite_utils.Database, reception: ReceptionDay) -> int:
    return places_taken(db, reception.id, reception.leader_id, reception.day)


def places_taken(db: sqlite_utils.Database, reception_day_id: int, leader_id: int, day: str) -> int:
    (booked,) = db.execute(
        "SELECT count(*) FROM appointments WHERE reception_day_id = ? AND state != 'cancelled'",
        (reception_day_id,),
    ).fetchone()
    (walk_ins,) = db.execute(
        "SELECT count(*) FROM tickets t JOIN visits v ON v.id = t.visit_id"
        " WHERE t.hall_day = ? AND t.state != 'cancelled'"
        " AND (v.requested_leader_id = ? OR t.queue = ?)"
        " AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.ticket_id = t.id)",
        (day, leader_id, leader_queue(leader_id)),
    ).fetchone()
    return booked + walk_ins


def remaining(db: sqlite_utils.Database, reception: ReceptionDay) -> int | None:
    """Places left; None when the day has no published limit (quota 0)."""
    if reception.quota <= 0:
        return None
    return max(0, reception.quota - places_used(db, reception))


def uses_place(db: sqlite_utils.Database, ticket_id: int, leader_id: int) -> bool:
    """Whether this ticket already counts against the leader's quota."""
    row = db.execute(
        "SELECT 1 FROM tickets t JOIN visits v ON v.id = t.visit_id"
        " WHERE t.id = ? AND (v.requested_leader_id = ? OR t.queue = ?"
        "  OR EXISTS (SELECT 1 FROM appointments a JOIN reception_days d"
        "   ON d.id = a.reception_day_id WHERE a.ticket_id = t.id AND d.leader_id = ?))",
        (ticket_id, leader_id, leader_queue(leader_id), leader_id),
    ).fetchone()
    return row is not None


def leader_title(reception: ReceptionDay) -> str:
    return f"{reception.post}{reception.leader_name}" if reception.post else reception.leader_name


def claim_walk_in(
    db: sqlite_utils.Database, leader_id: int, day: str, by_appointment: bool = False
) -> ReceptionDay:
    """Refuse a walk-in for the leader unless they receive walk-ins that day with a place left.

    A leader's queue exists only on their reception day: a visitor routed to a
    leader who is not receiving would wait for no one.
    """
    reception = day_of_leader(db, leader_id, day)
    if reception is None:
        leader = get_leader(db, leader_id)
        title = f"{leader.post}{leader.name}" if leader.post else leader.name
        raise RuleViolation(f"{day} 不是{title}的接访日，不能安排到该领导")
    if not reception.takes_walk_ins and not by_appointment:
        raise RuleViolation(f"{leader_title(reception)}{day} 为预约接访，只接待已预约的来访人")
    check_not_full(db, reception, today=day)
    return reception


def check_not_full(db: sqlite_utils.Database, reception: ReceptionDay, today: str | None = None) -> None:
    if remaining(db, reception) == 0:
        when = "今日" if reception.day == today else f" {reception.day} "
        raise RuleViolation(
            f"{reception.leader_name}{when}接访名额（{reception.quota} 人）已满，"
            "请选择窗口接待或改日预约"
        )
