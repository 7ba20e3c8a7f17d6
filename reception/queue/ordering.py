"""The calling order within a queue, in one place (`[priority]`, README 优先规则).

Three modes:
- first (the default): appointments (预约优先), then priority (age at or above
  `[priority] age`, or a reason staff gave such as 残疾), then order of arrival;
- interleave: the priority visitors (appointments and priority, in that order)
  and the others (walk-ins, by arrival) take turns: `priority_turns` of the
  first, then `walk_in_turns` of the second, and so on; a side with nobody
  waiting gives its turn to the other. Each queue remembers whose turn it is
  (`queue_turns`: the side of its last call and how many in a row);
- off: order of arrival only.

Order of arrival is `queued_at`: a requeued no-show arrives again at the moment
it was requeued. Every order reads the index `tickets_queue_order` (migrations
1501 and 2302): call-next takes each queue's head with a few short reads,
however long the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

FIRST, INTERLEAVE, OFF = "first", "interleave", "off"

T = TypeVar("T")


def order_by(mode: str = FIRST, alias: str = "") -> str:
    """SQL ORDER BY terms for the tickets table (optionally aliased).

    In interleave mode this is the order within each side (priority ones first,
    as in `first`); `arrange` then takes turns between the sides."""
    p = f"{alias}." if alias else ""
    if mode == OFF:
        return f"{p}queued_at ASC, {p}id ASC"
    return f"{p}appointment DESC, {p}priority DESC, {p}queued_at ASC, {p}id ASC"


# Rows strictly ahead of a given (appointment, priority, queued_at, id) in the
# `first` order, and in arrival order: the orders above as row-value comparisons.
AHEAD_OF = "(-appointment, -priority, queued_at, id) < (-?, -?, ?, ?)"
ARRIVED_BEFORE = "(queued_at, id) < (?, ?)"
# The two sides of interleave mode, written with literals so that SQLite can
# read the index `tickets_queue_order` for them.
PRIORITY_SIDE = "(appointment = 1 OR priority = 1)"
WALK_IN_SIDE = "appointment = 0 AND priority = 0"
# Order of arrival has no index of its own (each one costs every check-in a page
# written): appointment and priority are each 0 or 1, so `tickets_queue_order`
# holds four runs, each in order of arrival, and arrival order is their merge.
# A run is read with RUN bound to one of RUNS; ANY_RUN counts across all four.
RUNS = ((1, 1), (1, 0), (0, 1), (0, 0))
RUN = "appointment = ? AND priority = ?"
ANY_RUN = "appointment IN (0, 1) AND priority IN (0, 1)"


def key(appointment: int, priority: int, queued_at: str, id_: int, mode: str = FIRST) -> tuple:
    """The order of order_by() as a Python sort key (smallest is called first)."""
    if mode == OFF:
        return (queued_at, id_)
    return (-appointment, -priority, queued_at, id_)


def is_priority_side(appointment: bool | int, priority: bool | int) -> bool:
    return bool(appointment) or bool(priority)


@dataclass(frozen=True)
class Turn:
    """Where a queue is in its turns: the side of its last call, how many in a row."""

    priority: bool | None = None  # None: nobody called from this queue today
    streak: int = 0

    def after(self, priority: bool) -> Turn:
        return Turn(priority, self.streak + 1 if self.priority == priority else 1)


def next_side(turn: Turn, priority_turns: int, walk_in_turns: int, has_priority: bool, has_walk_in: bool) -> bool:
    """Whether the next call takes a priority visitor (True) or a walk-in (False).

    A day starts with the priority side. A side with nobody waiting gives its turn
    away, and the count runs on: after three walk-ins in a row with N:M = 1:2, a
    priority visitor who arrives is called next."""
    if not has_priority:
        return False
    if not has_walk_in:
        return True
    if turn.priority is None:
        return True
    if turn.priority:
        return turn.streak < priority_turns
    return turn.streak >= walk_in_turns


def arrange(
    priority_side: Sequence[T],
    walk_ins: Sequence[T],
    turn: Turn,
    priority_turns: int,
    walk_in_turns: int,
) -> list[T]:
    """One queue's waiting tickets in interleaved calling order, each side given
    in its own order (as order_by() reads them)."""
    order: list[T] = []
    p = w = 0
    while p < len(priority_side) or w < len(walk_ins):
        side = next_side(turn, priority_turns, walk_in_turns, p < len(priority_side), w < len(walk_ins))
        if side:
            order.append(priority_side[p])
            p += 1
        else:
            order.append(walk_ins[w])
            w += 1
        turn = turn.after(side)
    return order


def calls_before(
    priority: bool,
    rank: int,
    priority_waiting: int,
    walk_ins_waiting: int,
    turn: Turn,
    priority_turns: int,
    walk_in_turns: int,
) -> int:
    """How many are called before a ticket `rank` places down its side (0: its
    side's head), from the two sides' lengths only: no ticket is read.

    The calls are walked as `arrange` makes them, but whole rounds (N priority,
    then M walk-ins, both sides waiting) are counted at once and a side left
    alone is counted by its length: a few steps however long the queue, where
    a walk call by call took 47 ms with 60,000 waiting (issue 15)."""
    p = w = 0
    while True:
        if p >= priority_waiting or w >= walk_ins_waiting:
            # One side left (the ticket's own): the rest are called from it in order.
            return p + w + rank - (p if priority else w)
        if turn.priority is None or (not turn.priority and turn.streak >= walk_in_turns):
            # A round starts here: skip the whole rounds that end before the ticket.
            own, per_round = (p, priority_turns) if priority else (w, walk_in_turns)
            rounds = min((priority_waiting - p) // priority_turns, (walk_ins_waiting - w) // walk_in_turns,
                         (rank - own) // per_round)
            if rounds:
                p, w = p + rounds * priority_turns, w + rounds * walk_in_turns
                turn = Turn(False, walk_in_turns)
                continue
        side = next_side(turn, priority_turns, walk_in_turns, p < priority_waiting, w < walk_ins_waiting)
        if side == priority and (p if side else w) == rank:
            return p + w
        if side:
            p += 1
        else:
            w += 1
        turn = turn.after(side)


def merge_queues(lists: Sequence[Sequence[T]], sort_key: Callable[[T], tuple]) -> list[T]:
    """Several queues' waiting tickets, each list in its own calling order, in the
    order call-next takes them from a window serving them all: each time the
    smallest `sort_key` of the queues' next tickets (see `head_key`)."""
    pending = [list(items) for items in lists if items]
    order: list[T] = []
    while pending:
        index = min(range(len(pending)), key=lambda i: sort_key(pending[i][0]))
        order.append(pending[index].pop(0))
        if not pending[index]:
            del pending[index]
    return order


def head_key(appointment: int, priority: int, queued_at: str, id_: int, mode: str = FIRST) -> tuple:
    """Of the heads of several queues, call-next takes the smallest of this key: in
    interleave mode a queue whose turn gives a priority visitor comes first."""
    if mode == INTERLEAVE:
        return (not is_priority_side(appointment, priority), *key(appointment, priority, queued_at, id_))
    return key(appointment, priority, queued_at, id_, mode)


def why_ahead(appointment: bool, priority: bool, reason: str, mode: str) -> str:
    """Why a ticket is called before those who came earlier, for the counter's queue
    list ("" when it is not: in `off` mode nobody is)."""
    if mode == OFF:
        return ""
    marks = []
    if appointment:
        marks.append("预约")
    if priority:
        marks.append(f"优先：{reason}" if reason else "优先")
    return " ".join(marks)
