"""Leader reception days (领导接访日): who is on duty on a day, and the quota.

Leaders take turns on published days (seed 000 篇四 6; seed 002 二 二). The
schedule lives in `leaders` and `reception_days`; this module only reads it.
A day's `quota` is how many visitors the leader receives that day; 0 means no
limit was published. What takes a place is defined once, in `quota.py`:
bookings not cancelled and visits routed to the leader that day.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from reception.queue.quota import places_taken
from reception.queue.schedule import MODE_FIXED, hours_over


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
    def takes_walk_ins(self) -> bool:
        return self.mode == MODE_FIXED

    @property
    def open_to_walk_ins(self) -> bool:
        """A 定点 reception with a place left."""
        return self.takes_walk_ins and not self.full

    def over_at(self, clock_time: str) -> bool:
        return hours_over(self.end_time, clock_time)

    @property
    def hours(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time}–{self.end_time}"
        return self.start_time or self.end_time




def duty_leaders(db: sqlite_utils.Database, day: str) -> list[DutyLeader]:
    """The leaders receiving visitors on `day`, in order of their hours."""
    rows = db.execute(
        "SELECT l.id, l.name, l.post, l.fields, rd.day, rd.start_time, rd.end_time,"
        " rd.place, rd.mode, rd.quota, rd.id"
        " FROM reception_days rd JOIN leaders l ON l.id = rd.leader_id"
        " WHERE rd.day = ? ORDER BY rd.start_time, l.id",
        (day,),
    ).fetchall()
    return [
        DutyLeader(
            leader_id=row[0], name=row[1], post=row[2], fields=row[3], day=row[4], start_time=row[5],
            end_time=row[6], place=row[7], mode=row[8], quota=row[9],
            taken=places_taken(db, row[10], row[0], row[4]),
        )
        for row in rows
    ]


def duty_leader(db: sqlite_utils.Database, leader_id: int, day: str) -> DutyLeader | None:
    for leader in duty_leaders(db, day):
        if leader.leader_id == leader_id:
            return leader
    return None
