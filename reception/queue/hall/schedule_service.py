"""The schedule of leaders' reception days: reading it, importing it, changing a day.

An import checks every row (`reception.queue.schedule_input`) and what the
database refuses (a leader it cannot tell apart, a quota below the places
already taken) before storing all rows or none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reception.queue import hours, leaders, office_days, quota, schedule
from reception.queue.errors import NotFound, RuleViolation
from reception.queue.hall.part import Part
from reception.queue.leaders import DutyLeader
from reception.queue.schedule import ReceptionDay, SaveResult
from reception.queue.schedule_input import (
    CellError,
    ScheduleInvalid,
    check_sheet,
    entry_from_fields,
    sort_errors,
)


class ScheduleService(Part):
    def duty_leaders(self, day: str | None = None) -> list[DutyLeader]:
        """Leaders receiving visitors on `day` (default today), with their quota."""
        return leaders.duty_leaders(self.db, day or self.clock.hall_day())

    def leaders_for_walk_ins(self) -> list[DutyLeader]:
        """What the kiosk offers now: today's 定点 receptions with a place left whose
        hours have not ended (a visitor sent to a leader who has gone home waits for
        no one; staff can still route a visitor at the counter)."""
        now = self.clock.clock_time()
        return [duty for duty in self.duty_leaders() if duty.open_to_walk_ins and not duty.over_at(now)]

    def reception_days(self, first: str | None = None, days: int = 7) -> list[ReceptionDay]:
        """Reception days from `first` (default today) for `days` days, in order."""
        start = date.fromisoformat(first) if first else self.clock.today()
        last = start + timedelta(days=max(days, 1) - 1)
        return schedule.days_between(self.db, start.isoformat(), last.isoformat())

    def leader_named(self, name: str) -> schedule.Leader:
        """The leader staff mean: a 编号 (digits), or a name only one leader has."""
        return schedule.find_leader(self.db, name)

    def remaining_places(self, leader_id: int, day: str | None = None) -> int | None:
        """Places left on the leader's reception day; 0 when it is not one; None: no limit."""
        reception = schedule.day_of_leader(self.db, leader_id, day or self.clock.hall_day())
        return quota.remaining(self.db, reception) if reception else 0

    def import_schedule(
        self,
        path: str | Path,
        actor: str,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> SaveResult:
        """Import a CSV/XLSX schedule: every row checked, then all stored or none.

        Raises ScheduleInvalid (every error, naming row and column) or
        InvalidInput (an unreadable file). A leader and day already stored is
        updated in place, keeping its appointments.
        """
        from reception.queue.schedule_import import read_rows

        def step(phase: str) -> Callable[[int, int], None] | None:
            if progress is None:
                return None
            return lambda done, total: progress(phase, done, total)

        rows = read_rows(path, progress)
        sheet = check_sheet(rows, step("检查"))
        with self._write() as db:
            conflicts = [sheet.locate(error) for error in self._stored_conflicts(sheet.entries)]
            if sheet.errors or conflicts:
                raise ScheduleInvalid(sort_errors([*sheet.errors, *conflicts]))
            result = schedule.save_entries(db, sheet.entries, step("写入"))
            self._event(None, actor, "schedule_import", None, None, {
                "file": Path(path).name[:100],
                "added": result.added,
                "updated": result.updated,
            })
            return result

    def add_reception_day(self, fields: dict[str, Any], actor: str) -> ReceptionDay:
        """Add or change one reception day; `fields` keyed as in schedule_input.HEADERS."""
        entry, errors = entry_from_fields(fields)
        if entry is None:
            raise ScheduleInvalid(errors, what="接访日", undone="未保存")
        with self._write() as db:
            conflicts = self._stored_conflicts([entry])
            if conflicts:
                raise ScheduleInvalid(conflicts, what="接访日", undone="未保存")
            saved = schedule.save_entries(db, [entry])
            leader_id = saved.leader_ids[0]
            reception = schedule.day_of_leader(db, leader_id, entry.day)
            assert reception is not None, "the day was saved in this transaction"
            self._event(None, actor, "schedule_add", None, None, {
                "reception_day": reception.id, "leader": leader_id, "day": entry.day,
            })
            return reception

    def remove_reception_day(self, leader_id: int, day: str, actor: str) -> ReceptionDay:
        """Take a reception day off the schedule; refused once anyone holds a place."""
        with self._write() as db:
            reception = schedule.day_of_leader(db, leader_id, day)
            if reception is None:
                leader = schedule.get_leader(db, leader_id)
                raise NotFound(f"{leader.name} 在 {day} 没有接访安排")
            used = quota.places_used(db, reception)
            if used:
                raise RuleViolation(
                    f"{quota.leader_title(reception)} {day} 已有 {used} 人预约或取号，"
                    "请先取消预约或改派后再删除"
                )
            schedule.delete_day(db, reception.id)
            self._event(None, actor, "schedule_remove", None, None, {
                "reception_day": reception.id, "leader": leader_id, "day": day,
            })
            return reception

    def _closed_days(self, entries: Sequence[schedule.ScheduleEntry]) -> list[CellError]:
        """A reception day on a day the hall does not receive (a holiday, a weekend,
        the office's closure: `reception.queue.hours`) is refused, naming its row."""
        days = {date.fromisoformat(entry.day) for entry in entries}
        if not days:
            return []
        office = office_days.between(self.db, min(days), max(days))
        closed = hours.closed_days(self.config.hours, days, self.config.tz, office)
        return [
            CellError(entry.row, "日期", f"{entry.day} 大厅不接待（{closed[day].reason or '休息日'}），不能安排领导接访")
            for entry in entries
            if (day := date.fromisoformat(entry.day)) in closed
        ]

    def _stored_conflicts(self, entries: Sequence[schedule.ScheduleEntry]) -> list[CellError]:
        """What the database refuses: a leader it cannot tell apart, a quota below places taken.

        Leaders are told apart by number, not by name: a name two stored
        leaders share, or a name whose stored leader has another post (the
        same person promoted, or another person of the same name?), must be
        settled in the 领导编号 column; a number must exist.
        """
        errors = self._closed_days(entries)
        meant: dict[int, tuple[tuple, int | None]] = {}  # stored leader -> first row naming them
        told: dict[str, int] = {}  # a name whose leader could not be told: its error's index
        more: Counter[str] = Counter()
        sheet_names = {entry.leader_name for entry in entries}
        for entry in entries:
            leader: schedule.Leader | None = None
            if entry.leader_id is not None:
                try:
                    leader = schedule.get_leader(self.db, entry.leader_id)
                except NotFound:
                    errors.append(CellError(
                        entry.row, "领导编号", f"没有编号为 {entry.leader_id} 的领导（reception schedule list 可查编号）"
                    ))
                    continue
            elif not entry.new_leader:
                if entry.leader_name in told:  # said once per name, with how many rows
                    more[entry.leader_name] += 1
                    continue
                found = schedule.leaders_named(self.db, entry.leader_name)
                if len(found) > 1:
                    told[entry.leader_name] = len(errors)
                    errors.append(CellError(entry.row, "领导", (
                        f"数据库中有 {len(found)} 位名为 {entry.leader_name} 的领导："
                        f"{schedule.describe(found)}，请在「领导编号」列（命令行 --leader-id）填写是哪一位"
                    )))
                    continue
                if found and entry.post and found[0].post and entry.post != found[0].post:
                    told[entry.leader_name] = len(errors)
                    errors.append(CellError(entry.row, "职务", (
                        f"数据库中的{entry.leader_name}（编号 {found[0].id}）职务为“{found[0].post}”，"
                        f"本行为“{entry.post}”：同一位领导改任请在「领导编号」列（命令行 --leader-id）填 {found[0].id}，"
                        "另一位同名领导请填“新”"
                    )))
                    continue
                leader = found[0] if found else None
                if leader is None:
                    renamed = self._renamed_leader(entry, sheet_names)
                    if renamed is not None:
                        errors.append(CellError(entry.row, "领导", (
                            f"{entry.day} {entry.start_time} {entry.place} 已安排 {renamed.name}（编号 {renamed.id}），"
                            f"本表中没有 {renamed.name}：若是同一位领导改了名字，"
                            f"请在「领导编号」列（命令行 --leader-id）填 {renamed.id}；"
                            f"若是另一位领导，请在「领导编号」列（命令行 --leader-id）填“新”"
                        )))
                        continue
            if leader is None:
                continue
            first = meant.setdefault(leader.id, (entry.identity, entry.row))
            if first[0] != entry.identity:
                errors.append(CellError(entry.row, "领导", (
                    f"与第 {first[1]} 行是同一位领导（编号 {leader.id}），写法不同：请统一填写领导编号 {leader.id}"
                )))
                continue
            stored = schedule.day_of_leader(self.db, leader.id, entry.day)
            if stored is None:
                continue
            used = quota.places_used(self.db, stored)
            if entry.quota < used:
                errors.append(CellError(
                    entry.row, "限额", f"{entry.leader_name} {entry.day} 已有 {used} 人预约或取号，限额不能少于 {used}"
                ))
        for name, index in told.items():
            if more[name]:
                error = errors[index]
                errors[index] = replace(error, message=f"{error.message}（{name}另有 {more[name]} 行，同样填写）")
        return errors

    def _renamed_leader(
        self, entry: schedule.ScheduleEntry, sheet_names: set[str]
    ) -> schedule.Leader | None:
        """A stored leader a new name may be a renaming of: received at the same
        day, time and place, and not named anywhere in the sheet. Stored as a new
        leader, the renamed one would stand twice on that day's schedule."""
        rows = self.db.execute(
            "SELECT l.id, l.name, l.post, l.fields FROM reception_days d JOIN leaders l ON l.id = d.leader_id"
            " WHERE d.day = ? AND d.start_time = ? AND d.place = ? ORDER BY l.id",
            (entry.day, entry.start_time, entry.place),
        ).fetchall()
        for row in rows:
            if row[1] not in sheet_names:
                return schedule.Leader(*row)
        return None

