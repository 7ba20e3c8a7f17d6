"""The store layer: everything that knows the database engine (SQLite today).

- `connection`: opening a file (PRAGMAs, migrations, file mode) and
  `write_transaction`, the one way to write;
- `write_lock`: taking SQLite's write lock (BEGIN IMMEDIATE) patiently;
- `threads`: `PerThreadDatabase`, one connection per thread;
- `failures`: the one place SQLite's errors become `QueueError`s with Chinese messages;
- `watch`: the hall display's read-only change watcher (`PRAGMA data_version`).
- `tickets`: the ticket store: tickets, visits and events read by the hall's
  jobs (`reception.queue.hall`), and the event-log row they write.

THE RULE: a connection belongs to the thread that opened it; no connection is
ever used by two threads. A transaction is then only ever this thread's own:
`write_transaction` cannot join, or be rolled back with, another thread's.

SQL text lives inside `reception.queue` only, so that a second engine
(PostgreSQL) can come behind the same service later. Submodules are imported
by name (`from reception.queue.store.connection import connect`): this package
imports nothing itself, so migrations can use `write_lock` without a cycle.
"""
