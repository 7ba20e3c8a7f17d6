"""`HallService`: the one way into the core for the CLI, every front end and the benchmarks.

    service = open_service(db_path, config)        # one per process
    ticket = service.call_next(window=1, actor="counter1")
    service.close()

What it promises:
- **Threads.** Any thread may call any method: each thread works on its own
  connection (`store.threads.PerThreadDatabase`), so a transaction is only ever
  its own thread's (see the rule in `reception.queue.store`).
- **One action, one transaction.** Each action (check in, call, recall,
  transfer, no-show, finish, register, conclude, talk, print result, ...) runs
  in one write transaction holding the change, its event and its audit entry,
  all written by the core; a refused action leaves none of them.
- **Errors.** Every method raises only `QueueError` subclasses for what a
  person can act on: refusals (`reception.queue.errors`) and a busy, locked,
  full, read-only or unusable database (`DatabaseBusy`, `DiskFull`,
  `DatabaseReadOnly`, `DatabaseUnavailable`), translated in one place
  (`store.failures`).

Front ends import this module, `reception.queue.models` and
`reception.queue.errors` (and the plain value types the methods return);
everything else in `reception.queue` is reached through here. The methods
delegate to the modules that hold the rules (`Hall`, `Registrations`, `Talks`,
`Accounts`, `followup`, `supervision`, `history`, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from reception.config import HallConfig
from reception.queue import (
    audit,
    backup as backups,
    counter_view,
    disclosure,
    followup,
    history,
    leader_view,
    persons,
    supervision,
)
from reception.queue.accounts import Accounts, User
from reception.queue.appointments import Appointment
from reception.queue.backup import BackupError
from reception.queue.clock import Clock
from reception.queue.display_feed import BoardData, DisplayFeed, board_data
from reception.queue.hall import Hall
from reception.queue.leaders import DutyLeader
from reception.queue.ledger_desk import LedgerDesk
from reception.queue.models import (
    Call,
    CheckInRequest,
    CheckInResult,
    DayClose,
    Event,
    Person,
    PersonInput,
    RepeatInfo,
    Ticket,
    TicketSlip,
    TicketState,
    VisitProgress,
)
from reception.queue.registration import Registration, RegistrationForm, Registrations
from reception.queue.schedule import Leader, ReceptionDay, SaveResult
from reception.queue.store.connection import write_transaction
from reception.queue.store.failures import translate_errors
from reception.queue.store.threads import PerThreadDatabase
from reception.queue.talks import Talk, TalkForm, Talks

# What front ends need besides the methods: the value types the methods take
# and return, and the pure rules a form applies while someone types (no
# database, no clock of their own). Front ends import these from here (an
# import-linter contract allows them only this module, `models` and `errors`),
# so the modules behind the facade can move without touching a screen.
from reception.queue import deadlines, groups
from reception.queue.accounts import ROLES, AuthError
from reception.queue.codes import CODE_LENGTH, CROCKFORD
from reception.queue.counter_view import Serving
from reception.queue.documents import clean_document, half_width
from reception.queue.followup import (
    DEFAULT_DAYS as DEFAULT_FOLLOWUP_DAYS,
    NOTE_MAX,
    CallBackRecord,
    PendingCallBack,
)
from reception.queue.history import HandRegistered, PastVisit
from reception.queue.leader_view import LeaderDay, QueueRow
from reception.queue.persons import age_on, mask_doc_number
from reception.queue.registration import (
    ACCEPTED,
    CHANNELS,
    HANDLINGS,
    OUTCOMES,
    PHONE_RULE,
    STATUTORY,
    phone_ok,
    reason_needed,
)
from reception.queue.satisfaction import RATINGS
from reception.queue.supervision import DEFAULT_WITHIN_DAYS, NOTIFY, SupervisedMatter

__all__ = [
    "ACCEPTED",
    "CHANNELS",
    "CODE_LENGTH",
    "CROCKFORD",
    "DEFAULT_FOLLOWUP_DAYS",
    "DEFAULT_WITHIN_DAYS",
    "HANDLINGS",
    "NOTE_MAX",
    "NOTIFY",
    "OUTCOMES",
    "PHONE_RULE",
    "RATINGS",
    "ROLES",
    "STATUTORY",
    "Appointment",
    "AuthError",
    "BackupError",
    "BoardData",
    "CallBackRecord",
    "Clock",
    "DutyLeader",
    "HallService",
    "HandRegistered",
    "LeaderDay",
    "PastVisit",
    "PendingCallBack",
    "QueueRow",
    "ReceptionDay",
    "Registration",
    "RegistrationForm",
    "Serving",
    "SupervisedMatter",
    "Talk",
    "TalkForm",
    "User",
    "age_on",
    "clean_document",
    "deadlines",
    "groups",
    "half_width",
    "mask_doc_number",
    "open_service",
    "phone_ok",
    "reason_needed",
]


@translate_errors
class HallService:
    def __init__(self, db_path: str | Path, config: HallConfig, clock: Clock | None = None):
        self.db_path = Path(db_path)
        self.config = config
        self.clock = clock or Clock(config.tz)
        self._bind()

    def _bind(self) -> None:
        self._db = PerThreadDatabase(self.db_path)
        config = self.config
        self._hall = Hall(self._db, config, self.clock)
        self._registrations = Registrations(self._db, config, self.clock)
        self._talks = Talks(self._db, self.clock)
        self._accounts = Accounts(self._db, self.clock)

    @classmethod
    def open(cls, db_path: str | Path, config: HallConfig, clock: Clock | None = None) -> HallService:
        """Open (creating and migrating if needed) the database now, so a bad path
        is refused at start-up rather than at the first visitor."""
        service = cls(db_path, config, clock)
        service.ensure_database()
        return service

    def ensure_database(self) -> None:
        """Open (creating and migrating) the database from this thread now."""
        self._db.thread_db()

    @staticmethod
    def open_display_feed(db_path: str | Path, config: HallConfig, clock: Clock | None = None) -> DisplayFeed:
        """The hall display's read-only way in: never creates, migrates or writes."""
        return DisplayFeed(db_path, config, clock)

    def close(self) -> None:
        """Close every connection this service opened (other threads': see store.threads)."""
        self._db.close()

    def legacy_hall(self) -> Hall:
        """The `Hall` behind this service, for the Textual front ends until they call
        the service themselves (next stage). Its `db` is per thread too."""
        return self._hall

    # ------------------------------------------------------------------ tickets: actions

    def check_in(self, request: CheckInRequest, actor: str = "kiosk") -> CheckInResult:
        return self._hall.check_in(request, actor)

    def call_next(self, window: int, actor: str) -> Ticket | None:
        return self._hall.call_next(window, actor)

    def call_next_for_leader(self, leader_id: int, actor: str) -> Ticket | None:
        return self._hall.call_next_for_leader(leader_id, actor)

    def recall(self, ticket_id: int, actor: str, window: int | None = None) -> Ticket:
        return self._hall.recall(ticket_id, actor, window=window)

    def start(self, ticket_id: int, actor: str) -> Ticket:
        return self._hall.start(ticket_id, actor)

    def finish(self, ticket_id: int, actor: str) -> Ticket:
        """End the visit at the counter; refused until the visit is registered."""
        with write_transaction(self._db):
            self._registrations.check_can_finish(self._hall.get_ticket(ticket_id))
            return self._hall.finish(ticket_id, actor)

    def finish_talk(self, ticket_id: int, leader_id: int, actor: str) -> Ticket:
        """End a leader's talk; refused until the talk and the registration are recorded."""
        with write_transaction(self._db):
            ticket = self._hall.get_ticket(ticket_id)
            return leader_view.finish_talk(self._hall, self._talks, ticket, leader_id, actor)

    def no_show(self, ticket_id: int, actor: str) -> Ticket:
        return self._hall.no_show(ticket_id, actor)

    def requeue(self, ticket_id: int, actor: str) -> Ticket:
        return self._hall.requeue(ticket_id, actor)

    def transfer(self, ticket_id: int, to_queue: str, actor: str) -> Ticket:
        return self._hall.transfer(ticket_id, to_queue, actor)

    def cancel(self, ticket_id: int, actor: str, reason: str = "") -> Ticket:
        return self._hall.cancel(ticket_id, actor, reason)

    def prioritise(self, ticket_id: int, reason: str, actor: str) -> Ticket:
        return self._hall.prioritise(ticket_id, reason, actor)

    def record_print(
        self, ticket_id: int, ok: bool, actor: str, error: str = "", reprint: bool = False
    ) -> Ticket:
        return self._hall.record_print(ticket_id, ok, actor, error=error, reprint=reprint)

    def rate(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        return self._hall.rate(typed_code, rating, actor)

    def close_earlier_days(self, actor: str) -> DayClose:
        return self._hall.close_earlier_days(actor)

    # ------------------------------------------------------------------ tickets: lookups

    def get_ticket(self, ticket_id: int) -> Ticket:
        return self._hall.get_ticket(ticket_id)

    def find_ticket(self, number: str, day: str | None = None) -> Ticket:
        return self._hall.find_ticket(number, day)

    def find_by_query_code(self, typed: str) -> Ticket:
        return self._hall.find_by_query_code(typed)

    def progress(self, typed_code: str) -> VisitProgress:
        return self._hall.progress(typed_code)

    def tickets(
        self,
        queues: Iterable[str] | None = None,
        states: Iterable[TicketState] | None = None,
        day: str | None = None,
    ) -> list[Ticket]:
        return self._hall.tickets(queues, states, day)

    def active_ticket_for(self, doc_type: str, doc_number: str) -> Ticket | None:
        return self._hall.active_ticket_for(doc_type, doc_number)

    def ahead_of(self, ticket: Ticket) -> int:
        return self._hall.ahead_of(ticket)

    def unfinished_earlier(self) -> list[Ticket]:
        return self._hall.unfinished_earlier()

    def unrecorded_prints(self, actor: str, day: str | None = None) -> list[Ticket]:
        return self._hall.unrecorded_prints(actor, day)

    def events_for(self, ticket_id: int) -> list[Event]:
        return self._hall.events_for(ticket_id)

    def slip_for(self, ticket: Ticket, reprint: bool = False) -> TicketSlip:
        return self._hall.slip_for(ticket, reprint=reprint)

    def waiting_counts(self, day: str | None = None) -> dict[str, int]:
        return self._hall.waiting_counts(day)

    def recent_calls(self, limit: int = 5, day: str | None = None) -> list[Call]:
        return self._hall.recent_calls(limit, day)

    def service_name(self, code: str) -> str:
        return self._hall.service_name(code)

    def place_name(self, window: int | None, queue: str) -> str:
        return self._hall.place_name(window, queue)

    # ------------------------------------------------------------------ counter and leader views

    def counter_queue_rows(
        self, queues: Sequence[str], now: datetime | None = None
    ) -> list[counter_view.QueueRow]:
        return counter_view.queue_rows(self._hall, queues, now)

    def serving_at(self, window: int) -> counter_view.Serving | None:
        return counter_view.serving_at(self._hall, window)

    def serving(self, ticket: Ticket) -> counter_view.Serving:
        return counter_view.serving(self._hall, ticket)

    def leader_day(self, leader_id: int) -> leader_view.LeaderDay:
        return leader_view.leader_day(self._hall, leader_id)

    def leader_queue_rows(self, leader_id: int) -> list[leader_view.QueueRow]:
        return leader_view.queue_rows(self._hall, leader_id)

    def asked_for_at_counter(self, leader_id: int) -> int:
        return leader_view.asked_for_at_counter(self._hall, leader_id)

    def board(self, recent: int, schedule_days: int) -> BoardData:
        """What the hall display shows (public information only)."""
        return board_data(self._hall, recent, schedule_days)

    # ------------------------------------------------------------------ registration and talks

    def registration(self, visit_id: int) -> Registration:
        return self._registrations.get(visit_id)

    def open_registration(self, visit_id: int, actor: str) -> Registration:
        """The full record, for staff; the reading is audited."""
        return self._registrations.open_record(visit_id, actor)

    def check_can_finish(self, ticket: Ticket) -> Registration:
        return self._registrations.check_can_finish(ticket)

    def register(self, visit_id: int, form: RegistrationForm, actor: str) -> Registration:
        return self._registrations.register(visit_id, form, actor)

    def save_registration(
        self,
        visit_id: int,
        form: RegistrationForm,
        actor: str,
        person_changes: dict[str, str] | None = None,
        document: tuple[str, str] | None = None,
    ) -> Registration:
        return self._registrations.save(visit_id, form, actor, person_changes, document)

    def extend_deadline(self, visit_id: int, reason: str, actor: str) -> Registration:
        return self._registrations.extend(visit_id, reason, actor)

    def mark_notified(self, visit_id: int, actor: str) -> Registration:
        return self._registrations.mark_notified(visit_id, actor)

    def conclude(self, visit_id: int, actor: str) -> Registration:
        return self._registrations.conclude(visit_id, actor)

    def update_person(self, person_id: int, changes: dict[str, str], actor: str) -> Person:
        return self._registrations.update_person(person_id, changes, actor)

    def match_document(self, person_id: int, doc_type: str, doc_number: str, actor: str) -> Person:
        return self._registrations.match_document(person_id, doc_type, doc_number, actor)

    def talk(self, visit_id: int, leader_id: int) -> Talk | None:
        return self._talks.get(visit_id, leader_id)

    def save_talk(self, visit_id: int, leader_id: int, form: TalkForm, actor: str) -> Talk:
        return self._talks.save(visit_id, leader_id, form, actor)

    def open_doc_number(self, person_id: int, actor: str, visit_id: int | None = None) -> str:
        """A person's full ID number, for staff who need it; the opening is audited."""
        return disclosure.open_doc_number(self._db, person_id, actor, self.clock, visit_id)

    # ------------------------------------------------------------------ history

    def visits_of_person(
        self, person_id: int, before_visit: int | None = None
    ) -> list[history.PastVisit]:
        return history.visits_of_person(self._db, person_id, before_visit=before_visit)

    def visits_by_document(self, doc_type: str, doc_number: str, actor: str) -> list[history.PastVisit]:
        return history.visits_by_document(self._db, doc_type, doc_number, actor, at=self.clock.stamp())

    def earlier_visits_of_lead(self, visit_id: int, actor: str) -> list[history.PastVisit]:
        return history.earlier_visits_of_lead(self._db, visit_id, actor, at=self.clock.stamp())

    def repeat_of(self, doc_type: str, doc_number: str) -> RepeatInfo | None:
        """Earlier visits of the person holding this document; None: never seen."""
        found = persons.find_by_document(self._db, doc_type, doc_number)
        return None if found is None else persons.repeat_info(self._db, found.id)

    def hand_registered(self, name: str, actor: str) -> list[history.HandRegistered]:
        """Visits registered by hand under `name`, to match with a card (search audited)."""
        return history.hand_registered(self._db, name, actor, at=self.clock.stamp())

    # ------------------------------------------------------------------ follow-up and supervision

    def pending_callbacks(self, days: int = followup.DEFAULT_DAYS) -> list[followup.PendingCallBack]:
        return followup.pending(self._db, self.clock.today(), days)

    def open_callback(self, ticket_id: int, actor: str) -> followup.CallBackRecord:
        return followup.open_callback(self._db, ticket_id, actor, self.clock.stamp())

    def mark_called_back(self, ticket_id: int, note: str, actor: str) -> None:
        followup.mark_called_back(self._db, ticket_id, note, actor, self.clock.stamp())

    def callback_note(self, ticket_id: int) -> str | None:
        return followup.note_of(self._db, ticket_id)

    def supervision_list(
        self, within_days: int = supervision.DEFAULT_WITHIN_DAYS
    ) -> list[supervision.SupervisedMatter]:
        return supervision.due(self._db, self.clock.today(), within_days=within_days)

    # ------------------------------------------------------------------ accounts

    def login(self, username: str, password: str, roles: tuple[str, ...] | None = None) -> User:
        """Check a password (the attempt is audited either way)."""
        if roles is None:
            return self._accounts.authenticate(username, password)
        return self._accounts.authenticate(username, password, roles=roles)

    def logout(self, username: str) -> None:
        with write_transaction(self._db):
            audit.record(self._db, username, "logout", f"user:{username}", at=self.clock.stamp())

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        display_name: str,
        leader_id: int | None = None,
        actor: str = "admin",
    ) -> User:
        return self._accounts.add(username, password, role, display_name, leader_id, actor)

    def user(self, username: str) -> User:
        return self._accounts.get(username)

    def users(self) -> list[User]:
        return self._accounts.list()

    def disable_user(self, username: str, actor: str) -> User:
        return self._accounts.disable(username, actor)

    def enable_user(self, username: str, actor: str) -> User:
        return self._accounts.enable(username, actor)

    def set_password(self, username: str, password: str, actor: str) -> User:
        return self._accounts.set_password(username, password, actor)

    def record_audit(self, actor: str, action: str, subject: str = "", detail: dict[str, Any] | None = None) -> None:
        """An audit entry for something outside the core (a card read on a device)."""
        with write_transaction(self._db):
            audit.record(self._db, actor, action, subject, detail, at=self.clock.stamp())

    def audit_entries(
        self, *, subject: str | None = None, actor: str | None = None,
        action: str | None = None, limit: int = 200,
    ) -> list[audit.AuditEntry]:
        return audit.entries(self._db, subject=subject, actor=actor, action=action, limit=limit)

    # ------------------------------------------------------------------ schedule and appointments

    def duty_leaders(self, day: str | None = None) -> list[DutyLeader]:
        return self._hall.duty_leaders(day)

    def leaders_for_walk_ins(self) -> list[DutyLeader]:
        return self._hall.leaders_for_walk_ins()

    def reception_days(self, first: str | None = None, days: int = 7) -> list[ReceptionDay]:
        return self._hall.reception_days(first, days)

    def leader_named(self, name: str) -> Leader:
        return self._hall.leader_named(name)

    def remaining_places(self, leader_id: int, day: str | None = None) -> int | None:
        return self._hall.remaining_places(leader_id, day)

    def import_schedule(
        self, path: str | Path, actor: str,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> SaveResult:
        return self._hall.import_schedule(path, actor, progress)

    def add_reception_day(self, fields: dict[str, Any], actor: str) -> ReceptionDay:
        return self._hall.add_reception_day(fields, actor)

    def remove_reception_day(self, leader_id: int, day: str, actor: str) -> ReceptionDay:
        return self._hall.remove_reception_day(leader_id, day, actor)

    def book_appointment(self, leader_id: int, day: str, person: PersonInput, actor: str) -> Appointment:
        return self._hall.book_appointment(leader_id, day, person, actor)

    def cancel_appointment(self, appointment_id: int, actor: str, reason: str = "") -> Appointment:
        return self._hall.cancel_appointment(appointment_id, actor, reason)

    def appointments_for(
        self, leader_id: int, day: str | None = None, include_cancelled: bool = False
    ) -> list[Appointment]:
        return self._hall.appointments_for(leader_id, day, include_cancelled)

    def get_appointment(self, appointment_id: int) -> Appointment:
        return self._hall.get_appointment(appointment_id)

    def appointment_today(self, doc_type: str, doc_number: str) -> Appointment | None:
        return self._hall.appointment_today(doc_type, doc_number)

    # ------------------------------------------------------------------ backup

    # Static: a copy or a restore works on the file, without opening it (a missing
    # database is refused, never created) and without the hall's configuration.

    @staticmethod
    def backup(db_path: str | Path, dest: Path | str, now: datetime | None = None) -> Path:
        """A consistent copy; `now` (the hall clock's) names a file in a directory."""
        return backups.backup(Path(db_path), dest, now=now)

    @staticmethod
    def restore(source: str | Path, db_path: str | Path, now: datetime | None = None) -> Path | None:
        """Replace the database with a checked copy; run with the hall's programs stopped."""
        return backups.restore(Path(source), Path(db_path), now=now)

    @staticmethod
    def check_backup(path: str | Path) -> backups.BackupCheck:
        return backups.check_copy(Path(path))

    # --- ledger and report (issue 14)

    def ledger(self) -> LedgerDesk:
        """The register (台账), the monthly and weekly reports, demo data."""
        return LedgerDesk(self._db, self.db_path, self.config, self.clock)


def open_service(db_path: str | Path, config: HallConfig, clock: Clock | None = None) -> HallService:
    """The service for this process (see `HallService.open`)."""
    return HallService.open(db_path, config, clock)
