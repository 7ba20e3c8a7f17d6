"""The SQL of the schema's later additions (migrations 1801 and 2001-2202), kept
out of `reception.queue.migrations` so that module stays small. Plain portable
SQL: the same statements build a SQLite file and a PostgreSQL database."""

# The last ticket number given per hall day and service (issue 18): on a
# PostgreSQL hall several kiosk PCs issue at once, and the next number comes
# from this row, locked by the upsert that raises it (store.tickets.next_seq),
# never from max()+1. A SQLite hall has one writer at a time and does not need
# it; the table is there too (one schema on both engines), and the upsert seeds
# a missing row from the day's tickets, so a hall moved from SQLite goes on
# counting where it was.
TICKET_COUNTERS_SQL = """
CREATE TABLE ticket_counters (
    hall_day TEXT NOT NULL,
    service TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (hall_day, service)
);
"""

# The case after the counter (issue 13, items 1-3 and 9; DOMAIN.md "The case
# after the counter"):
# - matter_visit_id: the first visit of the matter a later visit is about (重复访
#   counts those only); NULL for a visit that opens its own matter;
# - conduct_note: 异常、过激言行 recorded at registration, shown to the next clerk
#   and leader; handling_rating: the visitor's rating of the handling, once the
#   matter is concluded (satisfaction stays the rating of the reception);
# - registration_drafts: what staff typed before an outcome was decided (草稿),
#   one per visit, removed when the visit is registered.
CASE_DESK_SQL = """
ALTER TABLE visits ADD COLUMN matter_visit_id INTEGER REFERENCES visits (id);
ALTER TABLE visits ADD COLUMN conduct_note TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN handling_rating TEXT NOT NULL DEFAULT '';
CREATE INDEX visits_matter ON visits (matter_visit_id);
CREATE TABLE registration_drafts (
    visit_id INTEGER PRIMARY KEY REFERENCES visits (id),
    content TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"""

# The priority rules of `[priority]` (reception.queue.ordering): in `off` mode the
# queue is called in order of arrival, read from its own index as call-next reads
# `tickets_queue_order` (dropped again by 2302: the merge of that index's runs is
# the arrival order); in `interleave` mode each queue remembers the side of its
# last call and how many in a row (priority 1: a priority visitor, 0: a walk-in).
PRIORITY_RULES_SQL = """
CREATE INDEX tickets_arrival_order ON tickets (hall_day, queue, queued_at, id)
    WHERE state = 'waiting';
CREATE TABLE queue_turns (
    hall_day TEXT NOT NULL,
    queue TEXT NOT NULL,
    priority INTEGER NOT NULL CHECK (priority IN (0, 1)),
    streak INTEGER NOT NULL,
    PRIMARY KEY (hall_day, queue)
);
"""

# Each kiosk's latest report of its printer and card reader (reception.queue.device_states).
DEVICE_STATES_SQL = """
CREATE TABLE device_states (
    kiosk TEXT NOT NULL,
    device TEXT NOT NULL,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    message TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    PRIMARY KEY (kiosk, device)
);
"""

# Every index a check-in touches is one more page written (and flushed) at its
# commit. `tickets_waiting` (0001) indexed every ticket ever issued by day,
# queue and state, rewritten on every state change: since 1501 and 2201 the
# partial indexes answer every waiting-queue query (the calling order, the
# arrival order, the walk-ins of interleave mode, the people ahead), and who is
# in a leader's talk reads `tickets_at_window`. `tickets_open` held every open
# ticket, a copy of those two (waiting; called or serving): unfinished earlier
# days are read from them. The visits' deadline and matter
# indexes held a NULL for every new visit (no deadline before registration, a
# new matter has no earlier visit): they now hold only the rows their queries
# can find (which all say IS NOT NULL, or `= ?`, which implies it). Events by
# action and time are read for one action only, the day close's (the 回访 list):
# every other event (each issue, call, finish) no longer writes that index. A
# check-in writes 6 pages fewer, a call 2 (benchmarks/README.md). And the 督办
# list's leader instructions and 包案 read every talk and every 包案 ever
# recorded (the ten-year hall: 25,000 talks, 1.7x the small hall's time): they
# now read the ones with a due date, and the open 包案, from indexes of those alone.
LIGHTER_INDEXES_SQL = """
DROP INDEX IF EXISTS tickets_waiting;
DROP INDEX tickets_open;
DROP INDEX visits_open_deadlines;
CREATE INDEX visits_open_deadlines ON visits (handle_deadline)
    WHERE handle_deadline IS NOT NULL AND concluded_at IS NULL;
DROP INDEX visits_open_notify;
CREATE INDEX visits_open_notify ON visits (notify_deadline)
    WHERE notify_deadline IS NOT NULL AND notified_at IS NULL AND concluded_at IS NULL;
DROP INDEX visits_matter;
CREATE INDEX visits_matter ON visits (matter_visit_id) WHERE matter_visit_id IS NOT NULL;
DROP INDEX events_action_at;
CREATE INDEX events_close_day ON events (at) WHERE action = 'close_day';
CREATE INDEX talks_due ON talks (due_date) WHERE due_date IS NOT NULL;
CREATE INDEX baoan_open_due ON baoan (due_date) WHERE closed_at IS NULL;
"""

# Two more indexes that every check-in wrote a page of: nothing outside the tests
# read the audit log by subject (the `reception audit` listing reads by time,
# actor and action), and the arrival order of `[priority] mode = off` is the
# merge of the four runs of `tickets_queue_order` (reception.queue.ordering.RUNS),
# each already in order of arrival. A check-in writes 2.3 pages fewer, which
# pays for its audit entry (issue 12; benchmarks/README.md).
UNREAD_INDEXES_SQL = """
DROP INDEX audit_log_subject;
DROP INDEX tickets_arrival_order;
"""
