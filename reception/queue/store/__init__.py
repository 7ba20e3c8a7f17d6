"""The store layer: everything that knows the database engine (SQLite, or PostgreSQL).

- `connection`: opening a file (PRAGMAs, migrations, file mode) and
  `write_transaction`, the one way to write;
- `write_lock`: taking SQLite's write lock (BEGIN IMMEDIATE) patiently;
- `threads`: `PerThreadDatabase`, one connection per thread;
- `failures`: the one place SQLite's errors become `QueueError`s with Chinese messages;
- `watch`: the hall display's read-only change watcher (`PRAGMA data_version`).
- `tickets`: the ticket store: tickets, visits and events read by the hall's
  jobs (`reception.queue.hall`), and the event-log row they write.
- PostgreSQL (issue 18): `location` (a file or a URL), `dialect` (SQLite's
  spellings said for PostgreSQL), `pg` (a psycopg connection with sqlite3's
  surface, the hall's advisory write lock, NOTIFY at commit), `pg_roles`
  (least privilege), `pg_backup` (pg_dump / pg_restore).

THE RULE: a connection belongs to the thread that opened it; no connection is
ever used by two threads. A transaction is then only ever this thread's own:
`write_transaction` cannot join, or be rolled back with, another thread's.

SQL text lives inside `reception.queue` only, so that a second engine
(PostgreSQL) comes behind the same service. Submodules are imported
by name (`from reception.queue.store.connection import connect`): this package
imports nothing itself, so migrations can use `write_lock` without a cycle.
"""
