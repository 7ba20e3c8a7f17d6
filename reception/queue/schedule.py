"""Leaders' reception days (领导接访日): the published schedule, stored.

Leaders take turns on published days, at a published time and place, for
their own fields (seed 000 篇四 6; seed 002 二 二). A leader's name, post and
fields are public by design; the hall display shows them.

A reception day's mode says who the leader sees:
  定点: the leader sits at the published place; walk-ins may ask for them,
        appointments are seen first;
  预约: by appointment only; the kiosk does not offer the leader to walk-ins.
Both are limited by the day's quota (see `quota.py`).

This module reads and writes the tables; checking what a person typed into a
form or a spreadsheet is `schedule_input.py`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlite_utils

from reception.queue.errors import InvalidInput, NotFound
from reception.queue.store.connection import inserted_id
from reception.queue.text import normalise

MODE_FIXED = "定点"
MODE_APPOINTMENT = "预约"
MODES = (MODE_FIXED, MODE_APPOINTMENT)


@dataclass(frozen=True)
class Leader:
    id: int
    name: str
    post: str
    fields: str


def hours_over(end_time: str, clock_time: str) -> bool:
    """Whether a reception ending at `end_time` has ended by `clock_time` (both HH:MM,
    hall time). A reception with no published end time is never over by the clock."""
    return bool(end_time) and clock_time >= end_time


@dataclass(frozen=True)
class ReceptionDay:
    """One leader's reception on one day, as published."""

    id: int
    leader_id: int
    leader_name: str
    post: str
    fields: str  # 分管领域
    day: str  # YYYY-MM-DD
    start_time: str  # HH:MM
    end_time: str  # HH:MM
    place: str
    mode: str  # 定点 / 预约
    quota: int  # people the leader sees that day, appointments and walk-ins together

    @property
    def time_text(self) -> str:
        return f"{self.start_time}-{self.end_time}"

    def over_at(self, clock_time: str) -> bool:
        return hours_over(self.end_time, clock_time)

    @property
    def takes_walk_ins(self) -> bool:
        return self.mode == MODE_FIXED


@dataclass(frozen=True)
class ScheduleEntry:
    """A checked reception day to be stored; `row` is where it came from (for errors)."""

    day: str
    leader_name: str
    post: str
    fields: str
    start_time: str
    end_time: str
    place: str
    mode: str
    quota: int
    row: int | None = None
    leader_id: int | None = None  # 领导编号: this stored leader (renamed when the name differs)
    new_leader: bool = False  # 领导编号 “新”: a new leader even if one of that name is stored

    @property
    def identity(self) -> tuple:
        """Which leader the entry means, within one sheet."""
        if self.leader_id is not None:
            return ("id", self.leader_id)
        if self.new_leader:
            return ("new", self.leader_name, self.post)
        return ("name", self.leader_name)


@dataclass(frozen=True)
class SaveResult:
    added: int
    updated: int
    leaders_added: int
    leader_ids: tuple[int, ...] = ()  # the stored leader of each entry, in order


_DAY_COLUMNS = (
    "d.id, d.leader_id, l.name, l.post, l.fields, d.day, d.start_time, d.end_time,"
    " d.place, d.mode, d.quota"
)
_DAY_FROM = "reception_days d JOIN leaders l ON l.id = d.leader_id"
_DAY_ORDER = "d.day, d.start_time, l.name, d.id"


def days_between(db: sqlite_utils.Database, first: str, last: str) -> list[ReceptionDay]:
    """Reception days from `first` to `last` inclusive (ISO dates), in order."""
    rows = db.execute(
        f"SELECT {_DAY_COLUMNS} FROM {_DAY_FROM} WHERE d.day BETWEEN ? AND ? ORDER BY {_DAY_ORDER}",
        (first, last),
    ).fetchall()
    return [ReceptionDay(*row) for row in rows]


def day_of_leader(db: sqlite_utils.Database, leader_id: int, day: str) -> ReceptionDay | None:
    row = db.execute(
        f"SELECT {_DAY_COLUMNS} FROM {_DAY_FROM} WHERE d.leader_id = ? AND d.day = ?",
        (leader_id, day),
    ).fetchone()
    return ReceptionDay(*row) if row else None


def next_day_of_leader(db: sqlite_utils.Database, leader_id: int, after: str) -> ReceptionDay | None:
    """The leader's first published reception day after `after` (the leader view's
    "no reception today; your next one is ..."), or None when none is published."""
    row = db.execute(
        f"SELECT {_DAY_COLUMNS} FROM {_DAY_FROM} WHERE d.leader_id = ? AND d.day > ?"
        f" ORDER BY {_DAY_ORDER} LIMIT 1",
        (leader_id, after),
    ).fetchone()
    return ReceptionDay(*row) if row else None


def get_day(db: sqlite_utils.Database, reception_day_id: int) -> ReceptionDay:
    row = db.execute(
        f"SELECT {_DAY_COLUMNS} FROM {_DAY_FROM} WHERE d.id = ?", (reception_day_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {reception_day_id} 的接访日")
    return ReceptionDay(*row)


def get_leader(db: sqlite_utils.Database, leader_id: int) -> Leader:
    row = db.execute(
        "SELECT id, name, post, fields FROM leaders WHERE id = ?", (leader_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {leader_id} 的接访领导")
    return Leader(*row)


def leaders_named(db: sqlite_utils.Database, name: str) -> list[Leader]:
    rows = db.execute(
        "SELECT id, name, post, fields FROM leaders WHERE name = ? ORDER BY id", (name,)
    ).fetchall()
    return [Leader(*row) for row in rows]


def save_entries(
    db: sqlite_utils.Database,
    entries: Sequence[ScheduleEntry],
    progress: Callable[[int, int], None] | None = None,
) -> SaveResult:
    """Store checked entries inside the caller's transaction.

    A leader is the stored one with the entry's 领导编号; without one, the one
    leader of that name (the caller has refused a name that is ambiguous or
    whose stored post differs: see `stored_conflicts`); "新" adds a leader.
    A non-empty name, post or fields in the entry replaces the stored one
    (the latest published schedule is right: a renamed leader keeps their
    number, account and appointments). A reception day already stored for the
    same leader and date is updated in place, so its appointments stay
    attached to it.
    """
    added = updated = leaders_added = 0
    leader_ids: dict[tuple, int] = {}
    stored_ids: list[int] = []
    for done, entry in enumerate(entries, start=1):
        leader_id = leader_ids.get(entry.identity)
        if leader_id is None:
            leader_id, new = _upsert_leader(db, entry)
            leader_ids[entry.identity] = leader_id
            leaders_added += new
        stored_ids.append(leader_id)
        cursor = db.execute(
            "UPDATE reception_days SET start_time = ?, end_time = ?, place = ?, mode = ?, quota = ?"
            " WHERE leader_id = ? AND day = ?",
            (entry.start_time, entry.end_time, entry.place, entry.mode, entry.quota,
             leader_id, entry.day),
        )
        if cursor.rowcount:
            updated += 1
        else:
            db.execute(
                "INSERT INTO reception_days (leader_id, day, start_time, end_time, place, mode, quota)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (leader_id, entry.day, entry.start_time, entry.end_time, entry.place,
                 entry.mode, entry.quota),
            )
            added += 1
        if progress is not None:
            progress(done, len(entries))
    return SaveResult(added, updated, leaders_added, tuple(stored_ids))


def _upsert_leader(db: sqlite_utils.Database, entry: ScheduleEntry) -> tuple[int, int]:
    if entry.leader_id is not None:
        leader = get_leader(db, entry.leader_id)
    elif entry.new_leader:
        leader = None
    else:
        found = leaders_named(db, entry.leader_name)
        if len(found) > 1:
            raise InvalidInput(f"有 {len(found)} 位名为 {entry.leader_name} 的领导，请填写领导编号")
        leader = found[0] if found else None
    if leader is None:
        cursor = db.execute(
            "INSERT INTO leaders (name, post, fields) VALUES (?, ?, ?)",
            (entry.leader_name, entry.post, entry.fields),
        )
        return inserted_id(cursor), 1
    name = entry.leader_name or leader.name
    post = entry.post or leader.post
    fields = entry.fields or leader.fields
    if (name, post, fields) != (leader.name, leader.post, leader.fields):
        db.execute(
            "UPDATE leaders SET name = ?, post = ?, fields = ? WHERE id = ?",
            (name, post, fields, leader.id),
        )
    return leader.id, 0


def describe(leaders: Sequence[Leader]) -> str:
    """"编号 3（副县长）、编号 7（县政协副主席）": how staff tell leaders of one name apart."""
    return "、".join(f"编号 {leader.id}（{leader.post or '无职务'}）" for leader in leaders)


def find_leader(db: sqlite_utils.Database, text: str) -> Leader:
    """A leader as staff type one: the 编号 (digits) or the name, which must be unique."""
    text = normalise(text)  # as names are stored (reception.queue.text)
    if text.isdecimal() and text.isascii():
        return get_leader(db, int(text))
    found = leaders_named(db, text)
    if not found:
        raise NotFound(f"没有名为 {text[:20]} 的接访领导")
    if len(found) > 1:
        raise InvalidInput(
            f"有 {len(found)} 位名为 {text[:20]} 的领导：{describe(found)}；请改用编号指定，如 --leader {found[0].id}"
        )
    return found[0]


def delete_day(db: sqlite_utils.Database, reception_day_id: int) -> None:
    """Remove a reception day; the caller has checked nothing live hangs on it."""
    # Cancelled bookings are history of a day that no longer exists; the
    # event log keeps their booking and cancelling.
    db.execute(
        "DELETE FROM appointments WHERE reception_day_id = ? AND state = 'cancelled'",
        (reception_day_id,),
    )
    db.execute("DELETE FROM reception_days WHERE id = ?", (reception_day_id,))
