"""Least privilege on a PostgreSQL hall (issue 18): what a kiosk PC may do.

A kiosk stands in the public hall. Its database account may check visitors
in, print their tickets and the result of a query-code lookup, and take a
satisfaction rating: nothing more. It cannot read the registrations (what a
visitor reported, how it was handled), the leaders' talks, the audit log, the
call-backs or the staff accounts, and it cannot change or delete history.
The server's apps (`reception serve`, the counters, the leaders' screens, the
CLI) use a second account with every row privilege; only the database owner
changes the schema (runs the migrations).

Columns are granted by name (a list, not "all but"): a column added by a
later migration is not readable by kiosks until it is added here on purpose.
`grant_statements` is what `reception pg-roles` runs (deploy/README.md).
"""

from __future__ import annotations

import re

# What a kiosk reads of a visit: enough to check in (repeat visits, groups,
# the requested leader), to print the ticket, and to answer a query code with
# its state and deadline. Not: locality, summary, request, statutory_channel,
# handling, department, mark_reason, extension_reason, registered_by, ...
KIOSK_VISIT_READ = (
    "id", "hall_day", "created_at", "form", "purpose", "category", "is_group", "group_size",
    "representative_count", "representative_rule", "is_repeat", "earlier_visits", "last_visit_day",
    "requested_leader_id", "query_code", "speakers", "case_number", "outcome", "notify_deadline",
    "handle_deadline", "registered_at", "satisfaction", "handle_extended", "notified_at", "concluded_at",
    "reply_at", "handling_rating",  # the matter's state and its rating at the kiosk's lookup
)
KIOSK_VISIT_WRITE = (
    "hall_day", "created_at", "purpose", "category", "is_group", "group_size", "representative_count",
    "representative_rule", "is_repeat", "earlier_visits", "last_visit_day", "requested_leader_id",
    "query_code", "speakers", "form",
)
KIOSK_VISIT_UPDATE = ("satisfaction", "handling_rating")  # the ratings a visitor gives at the kiosk

KIOSK_READ = ("schema_migrations", "persons", "visit_people", "tickets", "events", "appointments",
              "reception_days", "leaders", "office_days", "ticket_counters", "lockouts",
              "device_states", "queue_turns")
KIOSK_INSERT = ("persons", "visit_people", "tickets", "events", "audit_log", "ticket_counters", "lockouts",
                "device_states")
KIOSK_UPDATE = ("persons", "tickets", "appointments", "ticket_counters", "lockouts", "device_states")

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_statements(kiosk: str, apps: str, tables: list[str]) -> list[str]:
    """The GRANTs for the kiosk and the apps accounts on the hall's `tables`."""
    for role in (kiosk, apps):
        if not _NAME.match(role):
            raise ValueError(f"账号名只能由小写字母、数字和下划线组成：{role}")
    out = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {kiosk}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {apps}",
        f"GRANT USAGE ON SCHEMA public TO {kiosk}, {apps}",
    ]
    for table in tables:
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {apps}")
    present = set(tables)
    for table in KIOSK_READ:
        if table in present:
            out.append(f"GRANT SELECT ON {table} TO {kiosk}")
    for table in KIOSK_INSERT:
        if table in present:
            out.append(f"GRANT INSERT ON {table} TO {kiosk}")
    for table in KIOSK_UPDATE:
        if table in present:
            out.append(f"GRANT UPDATE ON {table} TO {kiosk}")
    if "audit_log" in present:
        # The store reads back the id an INSERT drew (RETURNING id), nothing else.
        out.append(f"GRANT SELECT (id) ON audit_log TO {kiosk}")
    if "visits" in present:
        out.append(f"GRANT SELECT ({', '.join(KIOSK_VISIT_READ)}) ON visits TO {kiosk}")
        out.append(f"GRANT INSERT ({', '.join(KIOSK_VISIT_WRITE)}) ON visits TO {kiosk}")
        out.append(f"GRANT UPDATE ({', '.join(KIOSK_VISIT_UPDATE)}) ON visits TO {kiosk}")
    return out


def apply_grants(db, kiosk: str, apps: str) -> list[str]:
    """Run `grant_statements` on the hall database `db` (as its owner), in one transaction."""
    from reception.queue.store.connection import write_transaction

    if getattr(db.conn, "engine", "sqlite") != "postgresql":
        raise ValueError("只有 PostgreSQL 数据库有账号权限；单机 SQLite 数据库靠文件权限（见 deploy/README.md）")
    tables = [row[0] for row in db.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()]
    statements = grant_statements(kiosk, apps, tables)
    with write_transaction(db):
        for statement in statements:
            db.execute(statement)
    return statements
