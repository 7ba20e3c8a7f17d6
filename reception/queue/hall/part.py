"""What every job of the hall shares, in one place.

`HallContext` holds the connection, the configuration and the clock of a
`Hall`; every job (`Part`) is built on the same context, so a
configuration change reaches them all. `Part` gives the jobs the helpers they
all need: a write transaction, the event-log row, a service, leader or queue
check, a ticket by id and its place in the queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlite_utils

from reception.config import HallConfig, Service
from reception.queue import audit
from reception.queue.clock import Clock
from reception.queue.errors import InvalidInput, NotFound
from reception.queue.models import LEADER_QUEUE_PREFIX, Ticket, TicketState
from reception.queue.store import tickets
from reception.queue.store.connection import write_transaction

T = TypeVar("T")


class HallContext:
    def __init__(self, db: sqlite_utils.Database, config: HallConfig, clock: Clock):
        self.db = db
        self.config = config
        self.clock = clock
        # No lock here: every thread works on its own connection (the store's
        # rule), so two threads never share a transaction, and one waiting for
        # the database's write lock holds up no other thread's reads.


class Part:
    """One job of the hall, on the hall's shared context."""

    def __init__(self, context: HallContext):
        self._context = context

    @property
    def db(self) -> sqlite_utils.Database:
        return self._context.db

    @property
    def config(self) -> HallConfig:
        return self._context.config

    @property
    def clock(self) -> Clock:
        return self._context.clock

    @contextmanager
    def _write(self) -> Iterator[sqlite_utils.Database]:
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
        return tickets.get(self.db, ticket_id)

    def _ahead(self, ticket: Ticket) -> int:
        return tickets.ahead(self.db, ticket, self.config.priority)

    def _event(
        self,
        ticket_id: int | None,
        actor: str,
        action: str,
        from_state: TicketState | None,
        to_state: TicketState | None,
        detail: dict[str, Any],
        window: int | None = None,
        shown: tuple[str, str] | None = None,
    ) -> None:
        """The event-log row and its audit entry, in the caller's write transaction
        (`shown`: the ticket's number and queue, when the caller has them)."""
        tickets.insert_event(
            self.db, ticket_id, self.clock.stamp(), actor, action, from_state, to_state, window, detail
        )
        audit.record_event(self.db, ticket_id, actor, action, window, detail, self.clock.stamp(), shown)
