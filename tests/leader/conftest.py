"""A duty leader with a reception day today, a leader account, and visitors routed to them."""

from __future__ import annotations

import pytest

from reception.queue.accounts import Accounts, User
from reception.queue.hall import Hall
from reception.queue.models import CheckInRequest, leader_queue
from tests.helpers import visitor

LEADER_PASSWORD = "leader pass 1"
TODAY = "2026-11-25"  # the shared clock fixture's day


def add_leader(hall: Hall, name: str = "李局长", days: tuple[str, ...] = (TODAY,)) -> int:
    leader_id = hall.db.execute(
        "INSERT INTO leaders (name, post, fields) VALUES (?, '副局长', '城乡建设、住房保障')",
        (name,),
    ).lastrowid
    for day in days:
        hall.db.execute(
            "INSERT INTO reception_days (leader_id, day, start_time, end_time, place, quota)"
            " VALUES (?, ?, '09:00', '11:30', '一楼领导接待室', 0)",
            (leader_id, day),
        )
    return leader_id


def route_to_leader(hall: Hall, n: int, leader_id: int, **person):
    """Visitor `n` checks in at the kiosk and a counter transfers them to the leader."""
    ticket = hall.check_in(CheckInRequest(lead=visitor(n, **person), service="A")).ticket
    return hall.transfer(ticket.id, leader_queue(leader_id), "counter1")


@pytest.fixture
def leader_id(hall: Hall) -> int:
    return add_leader(hall)


@pytest.fixture
def accounts(hall: Hall) -> Accounts:
    return Accounts(hall.db, hall.clock)


@pytest.fixture
def leader_user(accounts: Accounts, leader_id: int) -> User:
    return accounts.add("lijuzhang", LEADER_PASSWORD, "leader", "李局长", leader_id=leader_id)
