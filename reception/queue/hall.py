"""The hall: check-in, the queues, and everything that happens to a ticket.

Every change runs in one write transaction (BEGIN IMMEDIATE) together with
its event-log row, so a change is either wholly there or not at all, and two
processes (two counters calling at the same instant) are serialised by
SQLite's write lock: neither can read the head of the queue while the other
is between reading and claiming it.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from reception.config import HallConfig, Service
from reception.queue import appointments, audit, groups, leaders, ordering, quota, satisfaction, schedule
from reception.queue.appointments import Appointment
from reception.queue.clock import Clock
from reception.queue.codes import new_query_code, normalise_query_code
from reception.queue.store.connection import write_transaction
from reception.queue.errors import InvalidInput, NotFound, RuleViolation
from reception.queue.models import (
    ACTIVE_STATES,
    LEADER_QUEUE_PREFIX,
    Call,
    CheckInRequest,
    CheckInResult,
    DayClose,
    Event,
    Person,
    PersonInput,
    RepeatInfo,
    Role,
    Ticket,
    TicketSlip,
    TicketState,
    VisitProgress,
    leader_queue,
)
from reception.queue.persons import age_on, clean_person, repeat_info, save_person
from reception.queue.leaders import DutyLeader
from reception.queue.schedule import ReceptionDay, SaveResult
from reception.queue.schedule_input import (
    CellError,
    ScheduleInvalid,
    check_sheet,
    entry_from_fields,
    sort_errors,
)
from reception.queue.states import next_state
from reception.queue.text import clean_text, normalise

T = TypeVar("T")

_TICKET_COLUMNS = (
    "t.id, t.visit_id, t.hall_day, t.service, t.number, t.queue, t.state, t.priority,"
    " t.priority_reason, t.appointment, t.issued_at, t.queued_at, t.called_at, t.window,"
    " t.recalls, t.requeues, v.query_code, t.printed_at, t.print_error"
)
_TICKET_FROM = "tickets t JOIN visits v ON v.id = t.visit_id"

_ACTIVE = tuple(state.value for state in ACTIVE_STATES)


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    """One connection may be shared by a front end's threads: one at a time."""

    @functools.wraps(method)
    def wrapper(self: Hall, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class Hall:
    def __init__(
        self,
        db: sqlite_utils.Database,
        config: HallConfig,
        clock: Clock | None = None,
    ):
        self.db = db
        self.config = config
        self.clock = clock or Clock(config.tz)
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ check-in

    @_locked
    def check_in(self, request: CheckInRequest, actor: str = "kiosk") -> CheckInResult:
        """Issue a ticket, or return the one the lead visitor already holds today."""
        service = self._service(request.service)
        speakers = [clean_person(p) for p in request.speakers]
        self._check_distinct(speakers)
        groups.check_representative_count(len(speakers), self.config)
        if request.is_group:
            groups.check_group_size(request.group_size, len(speakers))
        request = replace(request, purpose=clean_text(request.purpose, "来访目的", 100),
                          category=clean_text(request.category, "问题类别", 100))
        if request.requested_leader_id is not None:
            self._leader_exists(request.requested_leader_id)

        with self._write() as db:
            day, stamp = self.clock.hall_day(), self.clock.stamp()
            lead = speakers[0]
            held = self._active_ticket(lead.doc_type, lead.doc_number, day)
            if held is not None:
                return CheckInResult(
                    ticket=held,
                    ahead=self._ahead(held),
                    existing=True,
                    repeat=self._visit_repeat(held.visit_id),
                    representative_rule=self._visit_rule(held.visit_id),
                )
            for index, rep in enumerate(speakers[1:], start=2):
                other = self._active_ticket(rep.doc_type, rep.doc_number, day)
                if other is not None:
                    raise RuleViolation(
                        f"第 {index} 名代表今天已在 {other.number} 号登记，"
                        "同一人不能同时代表两组来访"
                    )
            booking = appointments.booked_on(db, lead.doc_type, lead.doc_number, day)
            request = self._leader_route(request, booking, day)
            people = [save_person(db, person, stamp) for person in speakers]
            repeat = repeat_info(db, people[0].id)
            is_group = request.is_group
            rule = self.config.representative_rule_text if is_group else ""
            visit_id = self._insert_visit(db, request, day, stamp, is_group, len(people), rule, repeat)
            for index, person in enumerate(people):
                role = Role.LEAD if index == 0 else Role.REPRESENTATIVE
                db.execute(
                    "INSERT INTO visit_people (visit_id, person_id, role) VALUES (?, ?, ?)",
                    (visit_id, person.id, role.value),
                )
            ticket_id = self._insert_ticket(db, request, service, visit_id, people[0], day, stamp)
            detail = {
                "service": service.code,
                "group_size": request.group_size if is_group else 1,
                "representatives": len(people),
            }
            if booking is not None:
                appointments.mark_arrived(db, booking.id, ticket_id, stamp)
                detail["appointment"] = booking.id
            self._event(ticket_id, actor, "issue", None, TicketState.WAITING, detail)
            ticket = self._ticket(ticket_id)
            return CheckInResult(
                ticket=ticket,
                ahead=self._ahead(ticket),
                existing=False,
                repeat=repeat,
                representative_rule=rule,
            )

    def _leader_route(
        self, request: CheckInRequest, booking: Appointment | None, day: str
    ) -> CheckInRequest:
        """Send a booked visitor to their leader; hold a walk-in for a leader to the quota.

        The booking is found by the lead visitor's document, whatever the kiosk
        was asked: an elderly visitor who pressed the wrong button still goes
        to the leader they booked, and is called before the walk-ins.
        """
        if booking is not None:
            return replace(
                request, appointment=True, requested_leader_id=booking.reception.leader_id
            )
        if request.requested_leader_id is None:
            return request
        # appointment=True without a stored booking: staff vouch for one made
        # outside the system; it still takes a place, even on a 预约 day.
        quota.claim_walk_in(
            self.db, request.requested_leader_id, day, by_appointment=request.appointment
        )
        return request

    def _check_distinct(self, speakers: Sequence[PersonInput]) -> None:
        seen: set[tuple[str, str]] = set()
        for person in speakers:
            if person.doc_number is None:
                continue
            key = (person.doc_type, person.doc_number)
            if key in seen:
                raise RuleViolation("同一人不能重复登记为代表")
            seen.add(key)

    def _insert_visit(
        self,
        db: sqlite_utils.Database,
        request: CheckInRequest,
        day: str,
        stamp: str,
        is_group: bool,
        speakers: int,
        rule: str,
        repeat: RepeatInfo,
    ) -> int:
        for _ in range(5):
            try:
                cursor = db.execute(
                    "INSERT INTO visits (hall_day, created_at, purpose, category, is_group,"
                    " group_size, representative_count, representative_rule, is_repeat,"
                    " earlier_visits, last_visit_day, requested_leader_id, query_code, speakers)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        day,
                        stamp,
                        request.purpose,
                        request.category,
                        int(is_group),
                        request.group_size if is_group else 1,
                        speakers,
                        rule,
                        int(repeat.is_repeat),
                        repeat.earlier_visits,
                        repeat.last_visit_day,
                        request.requested_leader_id,
                        new_query_code(),
                        speakers,
                    ),
                )
                return cursor.lastrowid
            except sqlite3.IntegrityError as exc:  # a query-code collision: draw again
                if "query_code" not in str(exc):
                    raise
        raise RuntimeError("could not draw a unique query code")

    def _insert_ticket(
        self,
        db: sqlite_utils.Database,
        request: CheckInRequest,
        service: Service,
        visit_id: int,
        lead: Person,
        day: str,
        stamp: str,
    ) -> int:
        (last,) = db.execute(
            "SELECT coalesce(max(seq), 0) FROM tickets WHERE hall_day = ? AND service = ?",
            (day, service.code),
        ).fetchone()
        seq = last + 1
        reason = normalise(request.priority_reason)
        age = age_on(lead.birth_date, self.clock.today())
        if not reason and age is not None and age >= self.config.priority_age:
            reason = f"年满{self.config.priority_age}周岁"
        queue = (
            leader_queue(request.requested_leader_id)
            if request.appointment and request.requested_leader_id is not None
            else service.code
        )
        cursor = db.execute(
            "INSERT INTO tickets (visit_id, hall_day, service, seq, number, queue, state,"
            " priority, priority_reason, appointment, issued_at, queued_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                visit_id,
                day,
                service.code,
                seq,
                f"{service.prefix}{seq:03d}",
                queue,
                TicketState.WAITING.value,
                int(bool(reason)),
                reason,
                int(request.appointment),
                stamp,
                stamp,
                stamp,
            ),
        )
        return cursor.lastrowid

    # ------------------------------------------------------------------ calling

    @_locked
    def call_next(self, window: int, actor: str) -> Ticket | None:
        """Call the head of the queues this window serves; None when all are empty."""
        try:
            served = self.config.window(window).services
        except KeyError:
            raise NotFound(f"没有 {window} 号窗口") from None
        return self.call_next_in(served, actor, window=window)

    @_locked
    def call_next_for_leader(self, leader_id: int, actor: str) -> Ticket | None:
        self._leader_exists(leader_id)
        return self.call_next_in([leader_queue(leader_id)], actor)

    @_locked
    def call_next_in(
        self, queues: Sequence[str], actor: str, window: int | None = None
    ) -> Ticket | None:
        if not queues:
            return None
        marks = ", ".join("?" for _ in queues)
        with self._write() as db:
            day, stamp = self.clock.hall_day(), self.clock.stamp()
            row = db.execute(
                f"SELECT id FROM tickets WHERE hall_day = ? AND state = ? AND queue IN ({marks})"
                f" ORDER BY {ordering.order_by()} LIMIT 1",
                (day, TicketState.WAITING.value, *queues),
            ).fetchone()
            if row is None:
                return None
            ticket = self._ticket(row[0])
            self._apply(ticket, "call", actor, stamp, window=window, sets={
                "called_at": stamp,
                "window": window,
            })
            return self._ticket(ticket.id)

    # ------------------------------------------------------------------ transitions

    @_locked
    def recall(self, ticket_id: int, actor: str, window: int | None = None) -> Ticket:
        def change(ticket: Ticket, stamp: str) -> dict[str, Any]:
            return {
                "recalls": ticket.recalls + 1,
                "called_at": stamp,
                "window": window if window is not None else ticket.window,
            }

        return self._transition(ticket_id, "recall", actor, change, window=window)

    @_locked
    def start(self, ticket_id: int, actor: str) -> Ticket:
        return self._transition(ticket_id, "start", actor)

    @_locked
    def finish(self, ticket_id: int, actor: str) -> Ticket:
        return self._transition(ticket_id, "finish", actor)

    @_locked
    def no_show(self, ticket_id: int, actor: str) -> Ticket:
        return self._transition(ticket_id, "no_show", actor)

    @_locked
    def requeue(self, ticket_id: int, actor: str) -> Ticket:
        """A no-show who came back joins the queue again, at most N times."""
        limit = self.config.no_show_requeues

        def change(ticket: Ticket, stamp: str) -> dict[str, Any]:
            if ticket.requeues >= limit:
                raise RuleViolation(
                    f"{ticket.number} 号已过号重排 {ticket.requeues} 次，"
                    f"按规定最多重排 {limit} 次，请重新取号"
                )
            return {"requeues": ticket.requeues + 1, "queued_at": stamp, "window": None}

        return self._transition(ticket_id, "requeue", actor, change)

    @_locked
    def transfer(self, ticket_id: int, to_queue: str, actor: str) -> Ticket:
        """Move to another service's queue or a leader's (`leader:<id>`)."""
        self._check_queue(to_queue)

        def change(ticket: Ticket, stamp: str) -> dict[str, Any]:
            if ticket.queue == to_queue:
                raise InvalidInput(f"{ticket.number} 号已在该队列中")
            if to_queue.startswith(LEADER_QUEUE_PREFIX):
                leader_id = int(to_queue[len(LEADER_QUEUE_PREFIX):])
                if not quota.uses_place(self.db, ticket.id, leader_id):
                    quota.claim_walk_in(self.db, leader_id, ticket.hall_day)
            return {"queue": to_queue, "window": None}

        return self._transition(ticket_id, "transfer", actor, change, detail={"to": to_queue})

    @_locked
    def cancel(self, ticket_id: int, actor: str, reason: str = "") -> Ticket:
        return self._transition(ticket_id, "cancel", actor, detail={"reason": normalise(reason)[:200]})

    @_locked
    def prioritise(self, ticket_id: int, reason: str, actor: str) -> Ticket:
        """Staff set a waiting ticket's priority flag (with a reason)."""
        reason = clean_text(reason, "优先理由", 100)
        if not reason:
            raise InvalidInput("请填写优先的理由")
        with self._write():
            ticket = self._ticket(ticket_id)
            if ticket.state is not TicketState.WAITING:
                raise InvalidInput(f"{ticket.number} 号不在等候中，无需设为优先")
            self.db.execute(
                "UPDATE tickets SET priority = 1, priority_reason = ?, updated_at = ? WHERE id = ?",
                (reason, self.clock.stamp(), ticket_id),
            )
            self._event(ticket_id, actor, "prioritise", ticket.state, ticket.state, {"reason": reason})
            return self._ticket(ticket_id)

    @_locked
    def record_print(self, ticket_id: int, ok: bool, actor: str, error: str = "", reprint: bool = False) -> Ticket:
        """Remember whether the paper ticket came out, so staff know to reprint."""
        with self._write():
            ticket = self._ticket(ticket_id)
            stamp = self.clock.stamp()
            if ok:
                self.db.execute(
                    "UPDATE tickets SET printed_at = ?, print_error = NULL WHERE id = ?",
                    (stamp, ticket_id),
                )
            else:
                self.db.execute(
                    "UPDATE tickets SET print_error = ? WHERE id = ?", (error[:200], ticket_id)
                )
            action = ("reprint" if reprint else "printed") if ok else "print_failed"
            self._event(ticket_id, actor, action, ticket.state, ticket.state,
                        {"error": error[:200]} if error else {})
            return self._ticket(ticket_id)

    def _transition(
        self,
        ticket_id: int,
        action: str,
        actor: str,
        change: Callable[[Ticket, str], dict[str, Any]] | None = None,
        window: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> Ticket:
        with self._write():
            ticket = self._ticket(ticket_id)
            stamp = self.clock.stamp()
            next_state(action, ticket.state, ticket.number)  # refuse before computing changes
            sets = change(ticket, stamp) if change else {}
            self._apply(ticket, action, actor, stamp, window=window, sets=sets, detail=detail)
            return self._ticket(ticket_id)

    def _apply(
        self,
        ticket: Ticket,
        action: str,
        actor: str,
        stamp: str,
        window: int | None = None,
        sets: dict[str, Any] | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        new = next_state(action, ticket.state, ticket.number)
        sets = {**(sets or {}), "state": new.value, "updated_at": stamp}
        assignments = ", ".join(f"{column} = ?" for column in sets)  # our own column names
        cursor = self.db.execute(
            f"UPDATE tickets SET {assignments} WHERE id = ? AND state = ?",
            (*sets.values(), ticket.id, ticket.state.value),
        )
        if cursor.rowcount != 1:  # cannot happen under the write lock; never half-apply
            raise RuntimeError(f"ticket {ticket.id} changed under the write lock")
        if window is None:
            window = sets.get("window", ticket.window)
        self._event(ticket.id, actor, action, ticket.state, new, detail or {}, window)

    # ------------------------------------------------------------------ lookups

    @_locked
    def get_ticket(self, ticket_id: int) -> Ticket:
        return self._ticket(ticket_id)

    @_locked
    def find_ticket(self, number: str, day: str | None = None) -> Ticket:
        """A ticket by its number (e.g. A001) on a hall day (default today)."""
        day = day or self.clock.hall_day()
        row = self.db.execute(
            f"SELECT {_TICKET_COLUMNS} FROM {_TICKET_FROM} WHERE t.hall_day = ? AND t.number = ?",
            (day, number.strip().upper()),
        ).fetchone()
        if row is None:
            raise NotFound(f"{day} 没有 {number.strip()[:20]} 号")
        return _ticket_from_row(row)

    @_locked
    def find_by_query_code(self, typed: str) -> Ticket:
        code = normalise_query_code(typed)
        if code is None:
            raise NotFound("查询码格式不正确，请核对后重新输入")
        row = self.db.execute(
            f"SELECT {_TICKET_COLUMNS} FROM {_TICKET_FROM} WHERE v.query_code = ?", (code,)
        ).fetchone()
        if row is None:
            raise NotFound("没有找到这个查询码，请核对后重新输入")
        return _ticket_from_row(row)

    @_locked
    def progress(self, typed_code: str) -> VisitProgress:
        """The progress of the visit a query code belongs to (NotFound in Chinese)."""
        ticket = self.find_by_query_code(typed_code)
        registered_at, case_number, outcome, deadline = self.db.execute(
            "SELECT registered_at, case_number, outcome, handle_deadline FROM visits WHERE id = ?",
            (ticket.visit_id,),
        ).fetchone()
        return VisitProgress(
            number=ticket.number,
            hall_day=ticket.hall_day,
            service_name=self.service_name(ticket.service),
            state=ticket.state,
            ahead=self._ahead(ticket),
            registered=registered_at is not None,
            case_number=case_number,
            outcome=outcome,
            handle_deadline=deadline,
            rating=satisfaction.latest_rating(self.db, ticket.visit_id),
        )

    @_locked
    def unfinished_earlier(self) -> list[Ticket]:
        """Tickets of earlier hall days still waiting, called or being served."""
        rows = self.db.execute(
            f"SELECT {_TICKET_COLUMNS} FROM {_TICKET_FROM}"
            " WHERE t.hall_day < ? AND t.state IN (?, ?, ?) ORDER BY t.hall_day, t.id",
            (self.clock.hall_day(), *_ACTIVE),
        ).fetchall()
        return [_ticket_from_row(row) for row in rows]

    @_locked
    def close_earlier_days(self, actor: str) -> DayClose:
        """End the tickets earlier hall days left waiting or called (every visit ends
        in a recorded state; the list is for staff to follow up by phone).

        Tickets still being served are left for their counter and only listed.
        """
        result = DayClose(closed=[], still_serving=[])
        with self._write():
            stamp = self.clock.stamp()
            for ticket in self.unfinished_earlier():
                if ticket.state is TicketState.SERVING:
                    result.still_serving.append(ticket)
                    continue
                self._apply(ticket, "close_day", actor, stamp,
                            detail={"reason": f"{ticket.hall_day} 闭厅时仍未接待"})
                result.closed.append(ticket)
        return result

    @_locked
    def rate(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        """The visitor's 满意度评价 of a finished visit, by the slip's query code."""
        with self._write():
            ticket = self.find_by_query_code(typed_code)
            if ticket.state is not TicketState.DONE:
                raise InvalidInput(f"接待办理结束后才能评价（{ticket.number} 号目前：{ticket.state.label}）")
            satisfaction.set_rating(self.db, ticket.visit_id, rating)
            self._event(ticket.id, actor, "rate", ticket.state, ticket.state, {"rating": rating})
        return self.progress(typed_code)

    @_locked
    def unrecorded_prints(self, actor: str, day: str | None = None) -> list[Ticket]:
        """Tickets `actor` issued on `day` whose printing left no record.

        A kiosk that stopped between issuing a ticket and hearing back from the
        printer leaves such tickets behind; nobody knows whether paper came out.
        """
        rows = self.db.execute(
            f"SELECT {_TICKET_COLUMNS} FROM {_TICKET_FROM}"
            " WHERE t.hall_day = ? AND t.printed_at IS NULL AND t.print_error IS NULL"
            " AND EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id"
            "   AND e.action = 'issue' AND e.actor = ?)"
            " ORDER BY t.id",
            (day or self.clock.hall_day(), actor),
        ).fetchall()
        return [_ticket_from_row(row) for row in rows]

    @_locked
    def active_ticket_for(self, doc_type: str, doc_number: str) -> Ticket | None:
        """The ticket this person holds today (as lead or representative), if any."""
        return self._active_ticket(doc_type, doc_number, self.clock.hall_day())

    @_locked
    def ahead_of(self, ticket: Ticket) -> int:
        return self._ahead(self._ticket(ticket.id))

    @_locked
    def tickets(
        self,
        queues: Iterable[str] | None = None,
        states: Iterable[TicketState] | None = None,
        day: str | None = None,
    ) -> list[Ticket]:
        """Today's tickets, in calling order within the waiting ones."""
        clauses, params = ["t.hall_day = ?"], [day or self.clock.hall_day()]
        if queues is not None:
            queues = list(queues)
            clauses.append(f"t.queue IN ({', '.join('?' for _ in queues)})")
            params.extend(queues)
        if states is not None:
            states = [TicketState(s).value for s in states]
            clauses.append(f"t.state IN ({', '.join('?' for _ in states)})")
            params.extend(states)
        rows = self.db.execute(
            f"SELECT {_TICKET_COLUMNS} FROM {_TICKET_FROM} WHERE {' AND '.join(clauses)}"
            f" ORDER BY {ordering.order_by('t')}",
            params,
        ).fetchall()
        return [_ticket_from_row(row) for row in rows]

    @_locked
    def waiting_counts(self, day: str | None = None) -> dict[str, int]:
        """Waiting tickets per queue (service code or leader queue)."""
        rows = self.db.execute(
            "SELECT queue, count(*) FROM tickets WHERE hall_day = ? AND state = ? GROUP BY queue",
            (day or self.clock.hall_day(), TicketState.WAITING.value),
        ).fetchall()
        return {queue: count for queue, count in rows}

    @_locked
    def recent_calls(self, limit: int = 5, day: str | None = None) -> list[Call]:
        """The latest calls and recalls, newest first: number and place only."""
        rows = self.db.execute(
            "SELECT t.number, e.window, t.queue, e.at FROM events e"
            " JOIN tickets t ON t.id = e.ticket_id"
            " WHERE e.action IN ('call', 'recall') AND t.hall_day = ?"
            " ORDER BY e.id DESC LIMIT ?",
            (day or self.clock.hall_day(), limit),
        ).fetchall()
        return [Call(number, window, self.place_name(window, queue), at) for number, window, queue, at in rows]

    @_locked
    def duty_leaders(self, day: str | None = None) -> list[DutyLeader]:
        """Leaders receiving visitors on `day` (default today), with their quota."""
        return leaders.duty_leaders(self.db, day or self.clock.hall_day())

    def place_name(self, window: int | None, queue: str) -> str:
        """Where a called visitor goes: the window's name, or the leader's room."""
        if window is not None:
            try:
                return self.config.window(window).name
            except KeyError:
                return f"{window}号窗口"
        if queue.startswith(LEADER_QUEUE_PREFIX):
            row = self.db.execute(
                "SELECT place FROM reception_days WHERE leader_id = ? AND day = ?",
                (int(queue[len(LEADER_QUEUE_PREFIX):]), self.clock.hall_day()),
            ).fetchone()
            return row[0] if row and row[0] else "领导接待室"
        return ""

    @_locked
    def events_for(self, ticket_id: int) -> list[Event]:
        rows = self.db.execute(
            "SELECT id, ticket_id, at, actor, action, from_state, to_state, detail"
            " FROM events WHERE ticket_id = ? ORDER BY id",
            (ticket_id,),
        ).fetchall()
        return [Event(*row[:7], detail=json.loads(row[7])) for row in rows]

    @_locked
    def slip_for(self, ticket: Ticket, reprint: bool = False) -> TicketSlip:
        """What the paper ticket and the kiosk's ticket screen show."""
        ticket = self._ticket(ticket.id)
        visit = self.db.execute(
            "SELECT is_group, group_size, representative_count, representative_rule"
            " FROM visits WHERE id = ?",
            (ticket.visit_id,),
        ).fetchone()
        issued = ticket.issued_at[:16].replace("T", " ")
        return TicketSlip(
            hall_name=self.config.hall_name,
            number=ticket.number,
            service_name=self.service_name(ticket.service),
            ahead=self._ahead(ticket),
            issued_at=issued,
            query_code=ticket.query_code,
            notice=self.config.ticket_notice,
            is_group=bool(visit[0]),
            group_size=visit[1],
            representative_count=visit[2],
            representative_rule=visit[3],
            reprint=reprint,
        )

    def service_name(self, code: str) -> str:
        try:
            return self.config.service(code).name
        except KeyError:
            return code

    # ------------------------------------------------------------------ reception days

    @_locked
    def leaders_for_walk_ins(self) -> list[DutyLeader]:
        """What the kiosk offers now: today's 定点 receptions with a place left whose
        hours have not ended (a visitor sent to a leader who has gone home waits for
        no one; staff can still route a visitor at the counter)."""
        now = self.clock.clock_time()
        return [duty for duty in self.duty_leaders() if duty.open_to_walk_ins and not duty.over_at(now)]

    @_locked
    def reception_days(self, first: str | None = None, days: int = 7) -> list[ReceptionDay]:
        """Reception days from `first` (default today) for `days` days, in order."""
        start = date.fromisoformat(first) if first else self.clock.today()
        last = start + timedelta(days=max(days, 1) - 1)
        return schedule.days_between(self.db, start.isoformat(), last.isoformat())

    @_locked
    def leader_named(self, name: str) -> schedule.Leader:
        """The leader staff mean: a 编号 (digits), or a name only one leader has."""
        return schedule.find_leader(self.db, name)

    @_locked
    def remaining_places(self, leader_id: int, day: str | None = None) -> int | None:
        """Places left on the leader's reception day; 0 when it is not one; None: no limit."""
        reception = schedule.day_of_leader(self.db, leader_id, day or self.clock.hall_day())
        return quota.remaining(self.db, reception) if reception else 0

    @_locked
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

    @_locked
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
            self._event(None, actor, "schedule_add", None, None, {
                "reception_day": reception.id, "leader": leader_id, "day": entry.day,
            })
            return reception

    @_locked
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

    def _stored_conflicts(self, entries: Sequence[schedule.ScheduleEntry]) -> list[CellError]:
        """What the database refuses: a leader it cannot tell apart, a quota below places taken.

        Leaders are told apart by number, not by name: a name two stored
        leaders share, or a name whose stored leader has another post (the
        same person promoted, or another person of the same name?), must be
        settled in the 领导编号 column; a number must exist.
        """
        errors: list[CellError] = []
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
                    errors.append(CellError(entry.row, "领导编号", f"没有编号为 {entry.leader_id} 的领导（reception schedule list 可查编号）"))
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
                            f"本表中没有 {renamed.name}：若是同一位领导改了名字，请在「领导编号」列（命令行 --leader-id）填 {renamed.id}；"
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
                errors.append(CellError(entry.row, "限额", f"{entry.leader_name} {entry.day} 已有 {used} 人预约或取号，限额不能少于 {used}"))
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

    # ------------------------------------------------------------------ appointments

    @_locked
    def book_appointment(
        self, leader_id: int, day: str, person: PersonInput, actor: str
    ) -> Appointment:
        """Book a visitor for a leader's reception day, within the day's quota."""
        with self._write() as db:
            reception = schedule.day_of_leader(db, leader_id, day)
            if reception is None:
                leader = schedule.get_leader(db, leader_id)
                raise RuleViolation(f"{leader.name} 在 {day} 没有接访安排，不能预约")
            booked = appointments.book(
                db, reception, person, actor, self.clock.stamp(), self.clock.hall_day()
            )
            self._event(None, actor, "appointment_book", None, None, {
                "appointment": booked.id, "reception_day": reception.id,
            })
            return booked

    @_locked
    def cancel_appointment(self, appointment_id: int, actor: str, reason: str = "") -> Appointment:
        with self._write() as db:
            cancelled = appointments.cancel(db, appointment_id, self.clock.stamp())
            self._event(None, actor, "appointment_cancel", None, None, {
                "appointment": appointment_id, "reason": normalise(reason)[:200],
            })
            return cancelled

    @_locked
    def appointments_for(self, leader_id: int, day: str | None = None, include_cancelled: bool = False) -> list[Appointment]:
        """A leader's bookings for a day (default today), in booking order; staff only."""
        reception = schedule.day_of_leader(self.db, leader_id, day or self.clock.hall_day())
        if reception is None:
            return []
        return appointments.for_day(self.db, reception.id, include_cancelled)

    @_locked
    def get_appointment(self, appointment_id: int) -> Appointment:
        return appointments.get(self.db, appointment_id)

    @_locked
    def appointment_today(self, doc_type: str, doc_number: str) -> Appointment | None:
        """The booking this person holds for today, not yet checked in (kiosk: after a card read)."""
        return appointments.booked_on(self.db, doc_type, doc_number, self.clock.hall_day())

    # ------------------------------------------------------------------ internals

    @contextmanager
    def _write(self):
        with write_transaction(self.db) as db:
            yield db

    def _service(self, code: str) -> Service:
        try:
            return self.config.service(code)
        except KeyError:
            raise InvalidInput(f"没有业务代码为 {code[:10]} 的业务") from None

    def _leader_exists(self, leader_id: int) -> None:
        if self.db.execute("SELECT 1 FROM leaders WHERE id = ?", (leader_id,)).fetchone() is None:
            raise NotFound(f"没有编号为 {leader_id} 的接访领导")

    def _check_queue(self, queue: str) -> None:
        if queue.startswith(LEADER_QUEUE_PREFIX):
            suffix = queue[len(LEADER_QUEUE_PREFIX):]
            if not suffix.isdigit():
                raise InvalidInput("领导队列格式不正确")
            self._leader_exists(int(suffix))
        else:
            self._service(queue)

    def _ticket(self, ticket_id: int) -> Ticket:
        row = self.db.execute(
            f"SELECT {_TICKET_COLUMNS} FROM {_TICKET_FROM} WHERE t.id = ?", (ticket_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {ticket_id} 的票")
        return _ticket_from_row(row)

    def _active_ticket(self, doc_type: str, doc_number: str | None, day: str) -> Ticket | None:
        if not doc_number:
            return None
        row = self.db.execute(
            f"SELECT {_TICKET_COLUMNS} FROM {_TICKET_FROM}"
            " JOIN visit_people vp ON vp.visit_id = t.visit_id"
            " JOIN persons p ON p.id = vp.person_id"
            " WHERE p.doc_type = ? AND p.doc_number = ? AND t.hall_day = ?"
            f" AND t.state IN ({', '.join('?' for _ in _ACTIVE)})"
            " ORDER BY t.id DESC LIMIT 1",
            (doc_type, doc_number, day, *_ACTIVE),
        ).fetchone()
        return _ticket_from_row(row) if row else None

    def _ahead(self, ticket: Ticket) -> int:
        if ticket.state is not TicketState.WAITING:
            return 0
        (count,) = self.db.execute(
            "SELECT count(*) FROM tickets WHERE hall_day = ? AND queue = ? AND state = ?"
            f" AND {ordering.AHEAD_OF}",
            (
                ticket.hall_day,
                ticket.queue,
                TicketState.WAITING.value,
                int(ticket.appointment),
                int(ticket.priority),
                ticket.queued_at,
                ticket.id,
            ),
        ).fetchone()
        return count

    def _visit_repeat(self, visit_id: int) -> RepeatInfo:
        earlier, last = self.db.execute(
            "SELECT earlier_visits, last_visit_day FROM visits WHERE id = ?", (visit_id,)
        ).fetchone()
        return RepeatInfo(earlier, last)

    def _visit_rule(self, visit_id: int) -> str:
        (rule,) = self.db.execute(
            "SELECT representative_rule FROM visits WHERE id = ?", (visit_id,)
        ).fetchone()
        return rule

    def _event(
        self,
        ticket_id: int | None,
        actor: str,
        action: str,
        from_state: TicketState | None,
        to_state: TicketState | None,
        detail: dict[str, Any],
        window: int | None = None,
    ) -> None:
        self.db.execute(
            "INSERT INTO events (ticket_id, at, actor, action, from_state, to_state, window, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ticket_id,
                self.clock.stamp(),
                actor,
                action,
                from_state.value if from_state else None,
                to_state.value if to_state else None,
                window,
                json.dumps(detail, ensure_ascii=False),
            ),
        )
        audit.record_event(self.db, ticket_id, actor, action, window, detail, self.clock.stamp())


def _ticket_from_row(row: Sequence[Any]) -> Ticket:
    (
        id_, visit_id, day, service, number, queue, state, priority, reason, appointment,
        issued_at, queued_at, called_at, window, recalls, requeues, query_code, printed_at,
        print_error,
    ) = row
    return Ticket(
        id=id_,
        visit_id=visit_id,
        hall_day=day,
        service=service,
        number=number,
        queue=queue,
        state=TicketState(state),
        priority=bool(priority),
        priority_reason=reason,
        appointment=bool(appointment),
        issued_at=issued_at,
        queued_at=queued_at,
        called_at=called_at,
        window=window,
        recalls=recalls,
        requeues=requeues,
        query_code=query_code,
        printed_at=printed_at,
        print_error=print_error,
    )
