"""Calling and every later change of a ticket's state.

Calling the head of a queue, recall, start, finish, no-show, requeue,
transfer, cancel, priority and the print record. Each change reads the
ticket, asks `reception.queue.states` whether the action is allowed from its
state, and applies it with its event row in one write transaction: two
counters calling at the same instant are serialised by the write lock, so
neither can read the head of a queue while the other is claiming it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from reception.queue import ordering, quota
from reception.queue.errors import InvalidInput, NotFound, RuleViolation
from reception.queue.hall.part import Part
from reception.queue.models import LEADER_QUEUE_PREFIX, Ticket, TicketState, leader_queue
from reception.queue.states import next_state
from reception.queue.store import tickets
from reception.queue.text import clean_text, normalise

UNDO_NO_SHOW_S = 60  # how long a no-show marked by mistake can be taken back


class Calling(Part):
    def call_next(self, window: int, actor: str) -> Ticket | None:
        """Call the head of the queues this window serves; None when all are empty."""
        try:
            served = self.config.window(window).services
        except KeyError:
            raise NotFound(f"没有 {window} 号窗口") from None
        with self._write():
            # One visitor at a window at a time: the counter and the CLI meet the
            # same rule, checked in the same transaction as the call itself.
            self._refuse_if_window_busy(window)
            return self._call_head(served, actor, window)

    def _refuse_if_window_busy(self, window: int) -> None:
        held = tickets.held_at_window(self.db, self.clock.hall_day(), window)
        if held is not None:
            raise RuleViolation(
                f"请先处理当前的 {held} 号（开始接待后办结，或过号、转办）："
                f"{window} 号窗口一次只叫一位"
            )

    def call_next_for_leader(self, leader_id: int, actor: str) -> Ticket | None:
        """The leader's next visitor; refused while a talk is still going on: the
        leader view and any other caller meet the same rule, in the call's transaction."""
        self._leader_exists(leader_id)
        queue = leader_queue(leader_id)
        with self._write():
            talking = tickets.serving_in(self.db, self.clock.hall_day(), queue)
            if talking is not None:
                raise RuleViolation(f"{talking} 号正在接谈，请先结束接谈再叫下一位")
            return self._call_head([queue], actor, None)

    def call_next_in(
        self, queues: Sequence[str], actor: str, window: int | None = None
    ) -> Ticket | None:
        with self._write():
            return self._call_head(queues, actor, window)

    def _call_head(self, queues: Sequence[str], actor: str, window: int | None) -> Ticket | None:
        """Call the head of `queues`, inside the caller's write transaction."""
        if not queues:
            return None
        day, stamp = self.clock.hall_day(), self.clock.stamp()
        rules = self.config.priority
        ticket = tickets.head_of(self.db, day, queues, rules)
        if ticket is None:
            return None
        if rules.mode == ordering.INTERLEAVE:  # whose turn it is next
            tickets.record_turn(self.db, day, ticket.queue,
                                ordering.is_priority_side(ticket.appointment, ticket.priority))
        return self.apply(ticket, "call", actor, stamp, window=window, sets={
            "called_at": stamp,
            "window": window,
        })

    # ------------------------------------------------------------------ transitions

    def recall(self, ticket_id: int, actor: str, window: int | None = None) -> Ticket:
        def change(ticket: Ticket, stamp: str) -> dict[str, Any]:
            return {
                "recalls": ticket.recalls + 1,
                "called_at": stamp,
                "window": window if window is not None else ticket.window,
            }

        return self._transition(ticket_id, "recall", actor, change, window=window)

    def start(self, ticket_id: int, actor: str) -> Ticket:
        return self._transition(ticket_id, "start", actor)

    def finish(self, ticket_id: int, actor: str) -> Ticket:
        return self._transition(ticket_id, "finish", actor)

    def no_show(self, ticket_id: int, actor: str) -> Ticket:
        return self._transition(ticket_id, "no_show", actor)

    def undo_no_show(self, ticket_id: int, actor: str) -> Ticket:
        """Take back a no-show marked by mistake: the visitor is called again to the
        same place. Only within `UNDO_NO_SHOW_S` of the marking, and only while that
        window has not called anyone since; later, the visitor queues again (requeue)."""
        with self._write():
            ticket = self._ticket(ticket_id)
            next_state("undo_no_show", ticket.state, ticket.number)
            marked = tickets.last_event_at(self.db, ticket_id, "no_show")
            now = self.clock.now()
            if marked is None or (now - datetime.fromisoformat(marked)).total_seconds() > UNDO_NO_SHOW_S:
                raise RuleViolation(
                    f"{ticket.number} 号过号已超过一分钟，不能撤销；来访人回来后请按“重排”重新排队"
                )
            if ticket.window is not None:
                held = tickets.held_at_window(self.db, ticket.hall_day, ticket.window)
                if held is not None:
                    raise RuleViolation(f"{ticket.window} 号窗口已叫 {held} 号，不能撤销 {ticket.number} 号的过号")
            self.apply(ticket, "undo_no_show", actor, self.clock.stamp(), sets={"called_at": self.clock.stamp()})
            return self._ticket(ticket_id)

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

    def cancel(self, ticket_id: int, actor: str, reason: str = "") -> Ticket:
        return self._transition(ticket_id, "cancel", actor, detail={"reason": normalise(reason)[:200]})

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
            return self.apply(ticket, action, actor, stamp, window=window, sets=sets, detail=detail)

    def apply(
        self,
        ticket: Ticket,
        action: str,
        actor: str,
        stamp: str,
        window: int | None = None,
        sets: dict[str, Any] | None = None,
        detail: dict[str, Any] | None = None,
    ) -> Ticket:
        """Apply `action` to a ticket read inside the caller's write transaction
        (day close uses it too): the state it allows, `sets`, and the event row.
        Returns the ticket as now stored (built from what was written, not read back)."""
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
        changed = replace(ticket, state=new, **{key: value for key, value in sets.items() if key in _FIELDS})
        self._event(ticket.id, actor, action, ticket.state, new, detail or {}, window,
                    shown=(changed.number, changed.queue))
        return changed


# The columns a transition may set that a `Ticket` carries (state is set as the enum).
_FIELDS = frozenset(field.name for field in fields(Ticket)) - {"state"}
