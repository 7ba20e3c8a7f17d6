"""Versioned schema migrations, applied in order on every start.

Each migration has a unique name and runs once, in its own transaction
together with the row that records it, so a crash mid-migration leaves the
database as it was. Migrations only ever add: a new table, a new column, a
new index. Never edit or reorder one that has shipped; append a new one.
Name new migrations with a four-digit prefix larger than the last one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

from reception.queue import later_schema as later
from reception.queue.casework.schema import CASEWORK_SQL
from reception.queue.store.write_lock import begin_immediate, end_transaction

Migration = tuple[str, Callable[[sqlite_utils.Database], None]]


def run_sql(db: sqlite_utils.Database, script: str) -> None:
    """Run a script statement by statement inside the caller's transaction.

    `executescript` would COMMIT first and break the all-or-nothing promise.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending!r}")


def _core(db: sqlite_utils.Database) -> None:
    run_sql(db, _CORE_SQL)


_CORE_SQL = """
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    doc_type TEXT NOT NULL,
    doc_number TEXT,
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    ethnicity TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    work_unit TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX persons_document ON persons (doc_type, doc_number)
    WHERE doc_number IS NOT NULL;
CREATE INDEX persons_name ON persons (name);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    hall_day TEXT NOT NULL,
    created_at TEXT NOT NULL,
    form TEXT NOT NULL DEFAULT '来访',
    purpose TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    is_group INTEGER NOT NULL DEFAULT 0,
    group_size INTEGER NOT NULL DEFAULT 1,
    representative_count INTEGER NOT NULL DEFAULT 1,
    representative_rule TEXT NOT NULL DEFAULT '',
    is_repeat INTEGER NOT NULL DEFAULT 0,
    earlier_visits INTEGER NOT NULL DEFAULT 0,
    last_visit_day TEXT,
    requested_leader_id INTEGER,
    query_code TEXT NOT NULL UNIQUE,
    -- Registration at the counter (接访登记); empty until staff register.
    locality TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    request TEXT NOT NULL DEFAULT '',
    speakers INTEGER,
    people_involved INTEGER,
    skip_level INTEGER NOT NULL DEFAULT 0,
    case_number TEXT UNIQUE,
    outcome TEXT NOT NULL DEFAULT '',
    statutory_channel TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    notify_deadline TEXT,
    handle_deadline TEXT,
    registered_by TEXT,
    registered_at TEXT,
    satisfaction TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_day ON visits (hall_day);

CREATE TABLE visit_people (
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    person_id INTEGER NOT NULL REFERENCES persons (id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'representative')),
    PRIMARY KEY (visit_id, person_id)
);
CREATE INDEX visit_people_person ON visit_people (person_id, visit_id);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL UNIQUE REFERENCES visits (id),
    hall_day TEXT NOT NULL,
    service TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    queue TEXT NOT NULL,
    state TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    priority_reason TEXT NOT NULL DEFAULT '',
    appointment INTEGER NOT NULL DEFAULT 0,
    issued_at TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    called_at TEXT,
    window INTEGER,
    recalls INTEGER NOT NULL DEFAULT 0,
    requeues INTEGER NOT NULL DEFAULT 0,
    printed_at TEXT,
    print_error TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (hall_day, service, seq),
    UNIQUE (hall_day, number)
);
CREATE INDEX tickets_waiting ON tickets (hall_day, queue, state, appointment, priority, queued_at);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER REFERENCES tickets (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    window INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_ticket ON events (ticket_id);
CREATE INDEX events_action_at ON events (action, at);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TABLE leaders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    post TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL DEFAULT '',
    username TEXT UNIQUE
);

CREATE TABLE reception_days (
    id INTEGER PRIMARY KEY,
    leader_id INTEGER NOT NULL REFERENCES leaders (id),
    day TEXT NOT NULL,
    start_time TEXT NOT NULL DEFAULT '',
    end_time TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT '定点',
    quota INTEGER NOT NULL DEFAULT 0,
    UNIQUE (leader_id, day)
);
CREATE INDEX reception_days_day ON reception_days (day);
"""


def _appointments(db: sqlite_utils.Database) -> None:
    run_sql(db, _APPOINTMENTS_SQL)


# Appointments (预约) for a leader's reception day. One live booking per person
# per reception day; a booking turns `arrived` with the ticket issued when the
# person checks in, or `cancelled` (kept, for the record).
_APPOINTMENTS_SQL = """
CREATE TABLE appointments (
    id INTEGER PRIMARY KEY,
    reception_day_id INTEGER NOT NULL REFERENCES reception_days (id),
    person_id INTEGER NOT NULL REFERENCES persons (id),
    state TEXT NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'arrived', 'cancelled')),
    ticket_id INTEGER REFERENCES tickets (id),
    booked_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX appointments_one_live_per_person
    ON appointments (reception_day_id, person_id) WHERE state != 'cancelled';
CREATE INDEX appointments_person ON appointments (person_id, state);
CREATE INDEX appointments_ticket ON appointments (ticket_id);
"""


def _accounts_audit(db: sqlite_utils.Database) -> None:
    run_sql(db, _ACCOUNTS_AUDIT_SQL)


# Staff, leader and admin accounts (issue 6) and the append-only audit log.
# Passwords are stored only as salted scrypt hashes (reception.queue.accounts).
_ACCOUNTS_AUDIT_SQL = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'leader', 'admin')),
    password_hash TEXT NOT NULL,
    leader_id INTEGER REFERENCES leaders (id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
"""


def _registration(db: sqlite_utils.Database) -> None:
    run_sql(db, _REGISTRATION_SQL)


# Counter registration (issue 6): the one extension of the handling deadline
# the 条例 allows (Art. 34, with its reason), and when the visitor was told of
# the outcome and when the matter was concluded, which take it off the 督办 list.
_REGISTRATION_SQL = """
ALTER TABLE visits ADD COLUMN handle_extended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visits ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN notified_at TEXT;
ALTER TABLE visits ADD COLUMN concluded_at TEXT;
CREATE INDEX visits_open_deadlines ON visits (handle_deadline) WHERE concluded_at IS NULL;
"""


def _talks(db: sqlite_utils.Database) -> None:
    run_sql(db, _TALKS_SQL)


# The duty leader's talk with a visitor (接谈记录) and the instruction (批示):
# one record per visit and leader, edited in place; every save is in the audit
# log (reception.queue.talks).
_TALKS_SQL = """
CREATE TABLE talks (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    leader_id INTEGER NOT NULL REFERENCES leaders (id),
    notes TEXT NOT NULL,
    instruction TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (visit_id, leader_id)
);
CREATE INDEX talks_leader ON talks (leader_id, visit_id);
"""


def _callbacks(db: sqlite_utils.Database) -> None:
    run_sql(db, _CALLBACKS_SQL)


# Call-backs (回访) of tickets `close-day` ended unseen (reception.queue.followup):
# one row per ticket, written once and never changed, so a second marking is
# refused rather than overwriting the first note.
_CALLBACKS_SQL = """
CREATE TABLE callbacks (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    note TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TRIGGER callbacks_append_only_update BEFORE UPDATE ON callbacks
BEGIN
    SELECT RAISE(ABORT, 'call-backs are never changed');
END;
"""


def _mark_reason(db: sqlite_utils.Database) -> None:
    run_sql(db, _MARK_REASON_SQL)


# Why a repeat visit (重复访) or a skip-level visit (越级访) came, recorded at the
# talk (DOMAIN.md, Search and de-duplicate; reception.queue.registration).
# Visits stored before have none: ''.
_MARK_REASON_SQL = """
ALTER TABLE visits ADD COLUMN mark_reason TEXT NOT NULL DEFAULT '';
"""


def _scrub_invisible(db: sqlite_utils.Database) -> None:
    """Text stored before the one text policy (reception.queue.text) could hold
    escape sequences and bidi overrides: a name with `ESC ] 2 ; ... ESC \\`
    retitled the counter's terminal. Remove the invisible characters the policy
    removes from every column of typed text; line breaks and tabs stay (they are
    content of multi-line fields). Document numbers are not touched: they were
    always normalised, and a change could collide in their unique index."""
    from reception.queue.text import is_invisible

    if getattr(db, "engine", "sqlite") == "postgresql":
        # A PostgreSQL hall starts empty or is copied from a SQLite file already
        # scrubbed (`reception migrate-to` copies only a current schema).
        return

    def scrub(value: str) -> str:
        return "".join(ch for ch in value if ch in "\n\t" or not is_invisible(ch))

    def dirty(value: str | None) -> bool:
        return value is not None and any(ch not in "\n\t" and is_invisible(ch) for ch in value)

    db.conn.create_function("reception_scrub", 1, scrub, deterministic=True)
    db.conn.create_function("reception_dirty", 1, dirty, deterministic=True)
    for table, columns in _TYPED_TEXT.items():
        for column in columns:
            db.execute(
                f"UPDATE {table} SET {column} = reception_scrub({column}) WHERE reception_dirty({column})"
            )


# Every column of text a person typed, scanned or imported.
_TYPED_TEXT = {
    "persons": ("name", "gender", "ethnicity", "address", "phone", "work_unit"),
    "visits": (
        "purpose", "category", "locality", "summary", "request", "statutory_channel", "handling",
        "department", "extension_reason", "mark_reason",
    ),
    "leaders": ("name", "post", "fields"),
    "reception_days": ("place",),
    "users": ("display_name",),
    "talks": ("notes", "instruction", "department"),
    "callbacks": ("note",),
}


def _scale_indexes(db: sqlite_utils.Database) -> None:
    run_sql(db, _SCALE_INDEXES_SQL)


# Ten years of visits (issue 15; benchmarks/bench_scale.py): every query behind a
# screen reads an index, never the whole history. Partial indexes hold only the
# few live rows, so they stay small however long the hall runs. A query uses one
# only when its WHERE repeats the index's condition as written here, with the
# state values as literals (store/tickets.py; tests/queue/test_query_plans.py).
# - the waiting queue in calling order (ordering.py), so call-next reads the head
#   of each queue instead of sorting the queue (the mixed DESC/ASC order of
#   tickets_waiting cannot be read from that index);
# - tickets still open, for `status` and `close-day` (unfinished earlier days);
# - open 告知 deadlines, for the 督办 list (handle deadlines: visits_open_deadlines).
_SCALE_INDEXES_SQL = """
CREATE INDEX tickets_queue_order
    ON tickets (hall_day, queue, appointment DESC, priority DESC, queued_at, id)
    WHERE state = 'waiting';
CREATE INDEX tickets_open ON tickets (hall_day)
    WHERE state IN ('waiting', 'called', 'serving');
CREATE INDEX visits_open_notify ON visits (notify_deadline)
    WHERE notified_at IS NULL AND concluded_at IS NULL;
"""


def _lockouts(db: sqlite_utils.Database) -> None:
    run_sql(db, _LOCKOUTS_SQL)


# Failed logins and kiosk staff PINs, counted per account (or per kiosk) in the
# database rather than per screen or browser session (issue 16), so that every
# process sees the same count and a restart resets nothing
# (reception.queue.lockout). Times are the hall clock's ISO stamps.
_LOCKOUTS_SQL = """
CREATE TABLE lockouts (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    first_failure_at TEXT,
    locked_until TEXT,
    PRIMARY KEY (kind, name)
);
"""


def _office_days(db: sqlite_utils.Database) -> None:
    """The office's own closures and openings (issue 19): one row per day spoken of."""
    run_sql(db, """
CREATE TABLE office_days (
    day TEXT PRIMARY KEY,
    open INTEGER NOT NULL CHECK (open IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
""")


def _window_index(db: sqlite_utils.Database) -> None:
    run_sql(db, _WINDOW_INDEX_SQL)


# Who a window holds (one visitor at a window, store.tickets.held_at_window): the
# day's called and serving tickets by window, without reading the waiting queue
# (60,000 waiting made every call-next read them all).
_WINDOW_INDEX_SQL = """
CREATE INDEX tickets_at_window ON tickets (hall_day, window)
    WHERE state IN ('called', 'serving');
"""


def _case_desk(db: sqlite_utils.Database) -> None:
    run_sql(db, later.CASE_DESK_SQL)


def _casework(db: sqlite_utils.Database) -> None:
    run_sql(db, CASEWORK_SQL)


def _priority_rules(db: sqlite_utils.Database) -> None:
    run_sql(db, later.PRIORITY_RULES_SQL)


def _device_states(db: sqlite_utils.Database) -> None:
    """Each kiosk's latest report of its printer and card reader (reception.queue.device_states)."""
    run_sql(db, later.DEVICE_STATES_SQL)


def _ticket_counters(db: sqlite_utils.Database) -> None:
    run_sql(db, later.TICKET_COUNTERS_SQL)


def _lighter_indexes(db: sqlite_utils.Database) -> None:
    run_sql(db, later.LIGHTER_INDEXES_SQL)


def _unread_indexes(db: sqlite_utils.Database) -> None:
    run_sql(db, later.UNREAD_INDEXES_SQL)


MIGRATIONS: list[Migration] = [
    ("0001_core", _core),
    ("0201_appointments", _appointments),
    ("0101_accounts_audit", _accounts_audit),
    ("0301_registration", _registration),
    ("0301_talks", _talks),
    ("0601_callbacks", _callbacks),
    ("0701_mark_reason", _mark_reason),
    ("0801_scrub_invisible", _scrub_invisible),
    ("1501_scale_indexes", _scale_indexes),
    ("1601_lockouts", _lockouts),
    ("1901_office_days", _office_days),
    ("1902_window_index", _window_index),
    ("1801_ticket_counters", _ticket_counters),
    ("2001_case_desk", _case_desk),
    ("2101_casework", _casework),
    ("2201_priority_rules", _priority_rules),
    ("2202_device_states", _device_states),
    ("2301_lighter_indexes", _lighter_indexes),
    ("2302_unread_indexes", _unread_indexes),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration not yet applied; returns the names applied now."""
    conn = db.conn
    # PostgreSQL checks the right to create before whether the table exists: a
    # kiosk's account (store.pg_roles) may not create, so it asks first.
    if getattr(conn, "engine", "sqlite") != "postgresql" or not conn.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_name = 'schema_migrations'"
    ).fetchone():
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
    applied_now: list[str] = []
    applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    for name, apply in MIGRATIONS:
        if name in applied:  # the usual start: no write lock taken at all
            continue
        # Two processes may start at once: take the write lock, then look again.
        begin_immediate(conn)
        try:
            done = conn.execute(
                "SELECT 1 FROM schema_migrations WHERE name = ?", (name,)
            ).fetchone()
            if not done:
                apply(db)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (name, datetime.now(UTC).isoformat()),
                )
                applied_now.append(name)
        except BaseException:
            end_transaction(conn, "ROLLBACK")
            raise
        end_transaction(conn, "COMMIT")
    return applied_now
