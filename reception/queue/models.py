"""Plain dataclasses for the hall's domain. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    TicketState.WAITING: "等候中",
    TicketState.CALLED: "已叫号",
    TicketState.SERVING: "接待中",
    TicketState.DONE: "接待结束",
    TicketState.NO_SHOW: "过号",
    TicketState.CANCELLED: "已取消",
}

# A person holding a ticket in one of these states "has a ticket" today.
ACTIVE_STATES = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING)

RESIDENT_ID_CARD = "居民身份证"


class Role(StrEnum):
    LEAD = "lead"  # 主访人
    REPRESENTATIVE = "representative"  # 代表


@dataclass(frozen=True)
class PersonInput:
    """What the kiosk or a counter knows about a visitor before storage."""

    name: str
    doc_type: str = RESIDENT_ID_CARD
    doc_number: str | None = None  # None: no document shown (staff-assisted)
    gender: str = ""
    ethnicity: str = ""
    birth_date: str = ""  # YYYY-MM-DD
    address: str = ""
    phone: str = ""
    work_unit: str = ""


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    doc_type: str
    doc_number: str | None
    gender: str
    ethnicity: str
    birth_date: str
    address: str
    phone: str
    work_unit: str


@dataclass(frozen=True)
class Ticket:
    id: int
    visit_id: int
    hall_day: str
    service: str
    number: str
    queue: str  # a service code, or "leader:<id>"
    state: TicketState
    priority: bool
    priority_reason: str
    appointment: bool
    issued_at: str
    queued_at: str
    called_at: str | None
    window: int | None
    recalls: int
    requeues: int
    query_code: str
    printed_at: str | None = None
    print_error: str | None = None

    @property
    def leader_id(self) -> int | None:
        if self.queue.startswith(LEADER_QUEUE_PREFIX):
            return int(self.queue[len(LEADER_QUEUE_PREFIX) :])
        return None


LEADER_QUEUE_PREFIX = "leader:"


def leader_queue(leader_id: int) -> str:
    return f"{LEADER_QUEUE_PREFIX}{leader_id}"


@dataclass(frozen=True)
class RepeatInfo:
    """Earlier visits of the lead visitor, found at check-in (检索、判重)."""

    earlier_visits: int
    last_visit_day: str | None

    @property
    def is_repeat(self) -> bool:
        return self.earlier_visits > 0


@dataclass(frozen=True)
class CheckInRequest:
    lead: PersonInput
    service: str
    representatives: tuple[PersonInput, ...] = ()  # besides the lead
    group_size: int = 1  # 涉及人数; > 1 makes it a group visit
    purpose: str = ""
    category: str = ""
    requested_leader_id: int | None = None
    appointment: bool = False
    priority_reason: str = ""  # a staff-set priority at issue time
    # How the matter came (信访形式): the kiosk's is 来访; staff entering a letter, an
    # online or a telephoned matter by hand say which (DOMAIN.md "The case after the counter").
    visit_form: str = "来访"

    @property
    def is_group(self) -> bool:
        return self.group_size > 1 or bool(self.representatives)

    @property
    def speakers(self) -> tuple[PersonInput, ...]:
        return (self.lead, *self.representatives)


@dataclass(frozen=True)
class CheckInResult:
    ticket: Ticket
    ahead: int
    existing: bool  # True: the person already had a ticket today; nothing new issued
    repeat: RepeatInfo
    representative_rule: str = ""


@dataclass(frozen=True)
class Event:
    id: int
    ticket_id: int
    at: str
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    """A call shown on the hall display: number and where to go, nothing else."""

    number: str
    window: int | None
    place: str
    at: str


@dataclass(frozen=True)
class TicketSlip:
    """Everything printed on a ticket and shown on the kiosk's ticket screen.

    No name, no ID number: the QR carries only the opaque query code.
    """

    hall_name: str
    number: str
    service_name: str
    ahead: int
    issued_at: str  # "YYYY-MM-DD HH:MM", the hall's local time
    query_code: str
    notice: str
    is_group: bool = False
    group_size: int = 1
    representative_count: int = 1
    representative_rule: str = ""
    reprint: bool = False


@dataclass(frozen=True)
class VisitProgress:
    """What a visitor sees when they look up their query code (条例 Art. 21).

    Only the ticket and the matter's handling: no name, no ID number, no
    petition content (whoever holds the slip holds the code).
    """

    number: str
    hall_day: str
    service_name: str
    state: TicketState
    ahead: int
    registered: bool
    case_number: str | None
    outcome: str
    handle_deadline: str | None
    rating: str = ""  # the visitor's latest rating of the reception, "" when none
    window: int | None = None  # the window that called or serves the ticket, if one did
    matter_state: str = ""  # the matter's state (reception.queue.matter_state), not the ticket's
    matter_closed: bool = False  # the matter is concluded: its handling may be rated
    handling_rating: str = ""  # the visitor's rating of the handling, "" when none

    @property
    def can_rate(self) -> bool:
        """The reception is rated once the ticket has ended (接待结束)."""
        return self.state is TicketState.DONE

    @property
    def can_rate_handling(self) -> bool:
        """The handling is rated once the matter is concluded (seed 002; DOMAIN.md Satisfaction)."""
        return self.matter_closed


@dataclass(frozen=True)
class DayClose:
    """What closing earlier hall days did: tickets ended, and those left with a counter."""

    closed: list[Ticket]  # as they were before closing (waiting or called)
    still_serving: list[Ticket]
