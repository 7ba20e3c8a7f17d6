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

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from reception.config import HallConfig
from reception.queue import backup as backups
from reception.queue import (
    deadlines,
    groups,
)
from reception.queue.accounts import ROLES, Accounts, AuthError, User
from reception.queue.appointments import Appointment
from reception.queue.backup import BackupError
from reception.queue.casework.baoan import Baoan
from reception.queue.casework.matter import DELIVERY_METHODS, DOCUMENT_KINDS, CaseFile, Delivery
from reception.queue.clock import Clock
from reception.queue.codes import CODE_LENGTH, CROCKFORD
from reception.queue.counter_view import Serving
from reception.queue.device_states import DeviceState
from reception.queue.display_feed import BoardData, DisplayFeed
from reception.queue.documents import clean_document, half_width
from reception.queue.errors import InvalidInput
from reception.queue.facade.cases import CaseDesk
from reception.queue.facade.casework import CaseWork
from reception.queue.facade.hours import HoursDesk
from reception.queue.facade.matters import MatterDesk
from reception.queue.facade.schedules import ScheduleDesk
from reception.queue.facade.staff import StaffDesk
from reception.queue.facade.tickets import TicketDesk
from reception.queue.facade.views import DeskViews
from reception.queue.followup import (
    DEFAULT_DAYS as DEFAULT_FOLLOWUP_DAYS,
)
from reception.queue.followup import (
    NOTE_MAX,
    CallBackRecord,
    PendingCallBack,
)
from reception.queue.hall import Hall
from reception.queue.history import HandRegistered, PastVisit
from reception.queue.hours import DayPlan, HallState, HallStatus, OfficeDay
from reception.queue.leader_view import LeaderDay, QueueRow
from reception.queue.leaders import DutyLeader
from reception.queue.ledger_desk import LedgerDesk
from reception.queue.matter_state import MATTER_STATES, TICKET_STATES
from reception.queue.move import Moved, move_to_postgres
from reception.queue.persons import age_on, mask_doc_number
from reception.queue.registration import (
    ACCEPTED,
    CHANNELS,
    HANDLINGS,
    NEW_MATTER,
    NO_MORE,
    OUTCOMES,
    PHONE_RULE,
    STATUTORY,
    VISIT_FORMS,
    Draft,
    EarlierMatter,
    Registration,
    RegistrationForm,
    Registrations,
    phone_ok,
    reason_needed,
)
from reception.queue.report import DayCount, Period, Report, Statistics, Times
from reception.queue.report import Table as ReportTable
from reception.queue.satisfaction import RATINGS
from reception.queue.schedule import ReceptionDay
from reception.queue.store import pg_backup, pg_roles
from reception.queue.store.failures import translate_errors
from reception.queue.store.location import PgUrl, db_location, is_postgres
from reception.queue.store.threads import PerThreadDatabase
from reception.queue.store.watch import ChangeNotices
from reception.queue.supervision import (
    BAOAN,
    DEFAULT_WITHIN_DAYS,
    HANDLE,
    INSTRUCTION,
    NOTIFY,
    REMINDER_METHODS,
    Reminder,
    SupervisedMatter,
)
from reception.queue.talks import Talk, TalkForm, Talks

# What front ends need besides the methods: the value types the methods take
# and return, and the pure rules a form applies while someone types (no
# database, no clock of their own). Front ends import these from here (an
# import-linter contract allows them only this module, `models` and `errors`),
# so the modules behind the facade can move without touching a screen.
__all__ = [
    "DeviceState",
    "ACCEPTED",
    "BAOAN",
    "CHANNELS",
    "CODE_LENGTH",
    "CROCKFORD",
    "DEFAULT_FOLLOWUP_DAYS",
    "DEFAULT_WITHIN_DAYS",
    "DELIVERY_METHODS",
    "DOCUMENT_KINDS",
    "HANDLE",
    "INSTRUCTION",
    "HANDLINGS",
    "MATTER_STATES",
    "NEW_MATTER",
    "NO_MORE",
    "NOTE_MAX",
    "NOTIFY",
    "OUTCOMES",
    "PHONE_RULE",
    "REMINDER_METHODS",
    "RATINGS",
    "ROLES",
    "STATUTORY",
    "TICKET_STATES",
    "VISIT_FORMS",
    "Appointment",
    "AuthError",
    "Baoan",
    "CaseFile",
    "Delivery",
    "BackupError",
    "ChangeNotices",
    "BoardData",
    "CallBackRecord",
    "DayPlan",
    "Clock",
    "DayCount",
    "Draft",
    "DutyLeader",
    "EarlierMatter",
    "HallState",
    "HallStatus",
    "HallService",
    "HandRegistered",
    "LeaderDay",
    "OfficeDay",
    "PastVisit",
    "PendingCallBack",
    "Period",
    "QueueRow",
    "ReceptionDay",
    "Registration",
    "Reminder",
    "Report",
    "RegistrationForm",
    "ReportTable",
    "Serving",
    "Statistics",
    "SupervisedMatter",
    "Talk",
    "TalkForm",
    "Times",
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
class HallService(CaseWork, TicketDesk, DeskViews, CaseDesk, MatterDesk, StaffDesk, ScheduleDesk, HoursDesk):
    def __init__(self, db_path: str | Path, config: HallConfig, clock: Clock | None = None):
        self.db_path = db_location(db_path)  # a SQLite file or a PostgreSQL URL
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

    def change_notices(self) -> ChangeNotices | None:
        """On a PostgreSQL hall, a listener the counters wait on for changes
        (LISTEN/NOTIFY, store.watch), to be used by one thread; None on SQLite,
        where a screen reads again on its timer."""
        return ChangeNotices(self.db_path) if isinstance(self.db_path, PgUrl) else None

    def close(self) -> None:
        """Close every connection this service opened (other threads': see store.threads)."""
        self._db.close()

    # ------------------------------------------------------------------ backup

    # Static: a copy or a restore works on the file, without opening it (a missing
    # database is refused, never created) and without the hall's configuration.

    @staticmethod
    def backup(db_path: str | Path, dest: Path | str, now: datetime | None = None,
               progress: Callable[[int, int], None] | None = None) -> Path:
        """A consistent copy, in short steps (`progress(pages copied, pages)`); `now`
        (the hall clock's) names a file in a directory."""
        if is_postgres(db_path):  # pg_dump (store.pg_backup)
            return pg_backup.backup(PgUrl(db_path), dest, now or datetime.now(UTC))
        return backups.backup(Path(db_path), dest, now=now, progress=progress)

    @staticmethod
    def restore(
        source: str | Path, db_path: str | Path, now: datetime | None = None, actor: str = "cli"
    ) -> Path | None:
        """Replace the database with a checked copy (audit log kept, restore audited);
        run with the hall's programs stopped."""
        if is_postgres(db_path):  # pg_restore in one transaction (store.pg_backup)
            return pg_backup.restore(PgUrl(db_path), Path(source), now or datetime.now(UTC), actor)
        return backups.restore(Path(source), Path(db_path), now=now, actor=actor)

    @staticmethod
    def migrate_to(source: str | Path, url: str, progress: Callable[[str, int], None] | None = None) -> Moved:
        """Copy a SQLite hall into an empty PostgreSQL database, counts checked (issue 18)."""
        return move_to_postgres(Path(source), PgUrl(url), progress)

    @staticmethod
    def check_backup(path: str | Path) -> backups.BackupCheck:
        return backups.check_copy(Path(path))

    def grant_roles(self, kiosk: str, apps: str) -> list[str]:
        """PostgreSQL: give the kiosk account only what a kiosk needs and the apps
        account every row privilege (store.pg_roles); returns the statements run."""
        try:
            return pg_roles.apply_grants(self._db, kiosk, apps)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None

    # ------------------------------------------------------------------ ledger and report

    def ledger(self) -> LedgerDesk:
        """The register (台账), the monthly and weekly reports, demo data."""
        return LedgerDesk(self._db, self.db_path, self.config, self.clock)


def open_service(db_path: str | Path, config: HallConfig, clock: Clock | None = None) -> HallService:
    """The service for this process (see `HallService.open`)."""
    return HallService.open(db_path, config, clock)
