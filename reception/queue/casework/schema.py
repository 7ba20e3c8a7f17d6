"""Migration 2101: the tables and columns of the case after the counter.

Plain portable SQL (standard types, no SQLite-only functions): a PostgreSQL
backend runs the same statements.
"""

from __future__ import annotations

# The written reply and who approved it (seed 003 四 第二条 1), the approved
# extension (条例 Art. 34), the 负责人 flag on accounts, the letters delivered
# to the visitor, 包案 and each 催办 of the one 督办 list.
CASEWORK_SQL = """
ALTER TABLE visits ADD COLUMN reply_text TEXT;
ALTER TABLE visits ADD COLUMN reply_approver TEXT;
ALTER TABLE visits ADD COLUMN reply_at TEXT;
ALTER TABLE visits ADD COLUMN extension_days INTEGER;
ALTER TABLE visits ADD COLUMN extension_approver TEXT;
ALTER TABLE visits ADD COLUMN extended_on TEXT;
ALTER TABLE users ADD COLUMN approver INTEGER NOT NULL DEFAULT 0;

CREATE TABLE case_deliveries (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    kind TEXT NOT NULL,
    delivered_on TEXT NOT NULL,
    method TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX case_deliveries_visit ON case_deliveries (visit_id, id);

CREATE TABLE baoan (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    leader_id INTEGER NOT NULL REFERENCES leaders (id),
    unit TEXT NOT NULL,
    measures TEXT NOT NULL,
    due_date TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    result TEXT,
    closed_by TEXT,
    closed_at TEXT
);
CREATE INDEX baoan_leader ON baoan (leader_id, closed_at);
CREATE INDEX baoan_visit ON baoan (visit_id);

CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    kind TEXT NOT NULL,
    ref_id INTEGER,
    method TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX reminders_visit ON reminders (visit_id, kind, id);
"""
