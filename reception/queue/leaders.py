"""Leader reception days (领导接访日): who is on duty on a day, and the quota.

Leaders take turns on published days (seed 000 篇四 6; seed 002 二 二). The
schedule lives in `leaders` and `reception_days`; this module only reads it.
A day's `quota` is how many visitors the leader receives that day; 0 means no
limit was published. Every visit that asked for the leader that day counts
against it, appointments included, unless its ticket was cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from reception.queue.errors import RuleViolation


@dataclass(frozen=True)
class DutyLeader:
    """A leader receiving visitors on a day; everything here is public."""

    leader_id: int
    name: str
    post: str
    fields: str  # 分管领域, as published
    day: str
    start_time: str
    end_time: str
    place: str
    mode: str
    quota: int  # 0: no published limit
    taken: int  # visits that asked for this leader on the day

    @property
    def left(self) -> int | None:
        """Places still free, or None when the day has no limit."""
        if self.quota <= 0:
            return None
        return max(0, self.quota - self.taken)

    @property
    def full(self) -> bool:
        return self.left == 0

    @property
    def hours(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time}–{self.end_time}"
        return self.start_time or self.end_time


_TAKEN = (
    "(SELECT count(*) FROM visits v JOIN tickets t ON t.visit_id = v.id"
    " WHERE v.requested_leader_id = rd.leader_id AND v.hall_day = rd.day"
    " AND t.state != 'cancelled')"
)


def duty_leaders(db: sqlite_utils.Database, day: str) -> list[DutyLeader]:
    """The leaders receiving visitors on `day`, in order of their hours."""
    rows = db.execute(
        "SELECT l.id, l.name, l.post, l.fields, rd.day, rd.start_time, rd.end_time,"
        f" rd.place, rd.mode, rd.quota, {_TAKEN}"
        " FROM reception_days rd JOIN leaders l ON l.id = rd.leader_id"
        " WHERE rd.day = ? ORDER BY rd.start_time, l.id",
        (day,),
    ).fetchall()
    return [DutyLeader(*row) for row in rows]


def duty_leader(db: sqlite_utils.Database, leader_id: int, day: str) -> DutyLeader | None:
    for leader in duty_leaders(db, day):
        if leader.leader_id == leader_id:
            return leader
    return None


def check_leader_quota(db: sqlite_utils.Database, leader_id: int, day: str) -> None:
    """One more visitor may ask for this leader on `day`, or RuleViolation.

    A leader with no reception-day row that day has no published quota (staff
    may still route a visitor to them): nothing to check.
    """
    leader = duty_leader(db, leader_id, day)
    if leader is not None and leader.full:
        raise RuleViolation(
            f"{leader.name}今日接访名额（{leader.quota} 人）已满，请选择窗口接待或改日预约"
        )
