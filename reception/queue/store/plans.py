"""Which statements read a whole table: EXPLAIN QUERY PLAN, for tests and benchmarks.

The hall's history only grows (about 500 visits a day); a statement behind a
screen that scans `tickets`, `visits`, `events`, `visit_people`, `persons`, `audit_log`,
`talks` or `baoan`
gets slower every day. `Recorder` notes the statements a connection runs;
`full_scans` says which of them scan one of those tables (issue 15).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

GROWING = ("tickets", "visits", "events", "visit_people", "persons", "audit_log", "talks", "baoan")
_ALIAS = re.compile(r"\b(" + "|".join(GROWING) + r")\b(?:\s+AS)?\s+(?!ON\b|WHERE\b|JOIN\b|USING\b)(\w+)", re.I)


def plan(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The plan's lines, indented by depth."""
    rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def scanned_tables(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The growing tables this statement reads whole (a table or full-index scan)."""
    names = {table.lower(): table.lower() for table in GROWING}
    names.update((alias.lower(), table.lower()) for table, alias in _ALIAS.findall(sql))
    found = []
    for line in plan(conn, sql):
        match = re.match(r"\s*SCAN (\w+)", line)
        if match and match.group(1).lower() in names:
            found.append(names[match.group(1).lower()])
    return found


def is_query(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("SELECT", "WITH", "UPDATE", "DELETE", "INSERT")


class Recorder:
    """The statements a connection ran while recording (trace callback)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @contextmanager
    def on(self, conn: sqlite3.Connection) -> Iterator[Recorder]:
        conn.set_trace_callback(self._note)
        try:
            yield self
        finally:
            conn.set_trace_callback(None)

    def _note(self, sql: str) -> None:
        if is_query(sql) and sql not in self.statements:
            self.statements.append(sql)

    def full_scans(self, conn: sqlite3.Connection) -> dict[str, list[str]]:
        """statement -> the growing tables it scans, for the statements that scan one."""
        found = {}
        for sql in self.statements:
            tables = scanned_tables(conn, sql)
            if tables:
                found[sql] = tables
        return found
