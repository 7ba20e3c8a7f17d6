"""Schema migrations: run on start, once, and never lose data."""

import multiprocessing

import pytest

from reception.queue import migrations
from reception.queue.db import connect
from tests.helpers import walk_in

# About SQLite's own file, plans or migrations of old files (issue 18: not PostgreSQL).
pytestmark = pytest.mark.sqlite_only


def test_reopening_keeps_data_and_applies_nothing_twice(hall, db_path):
    walk_in(hall, 1)
    db = connect(db_path)
    assert migrations.migrate(db) == []
    assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_migration_runs_once_on_an_existing_database(hall, db_path, monkeypatch):
    walk_in(hall, 1)

    def add_column(db):
        db.execute("ALTER TABLE tickets ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_note", add_column)])
    db = connect(db_path)
    assert db.execute("SELECT number, note FROM tickets").fetchall() == [("A001", "")]
    assert migrations.migrate(db) == []


def test_a_failing_migration_leaves_the_database_as_it_was(hall, db_path, monkeypatch):
    walk_in(hall, 1)

    def broken(db):
        db.execute("ALTER TABLE tickets ADD COLUMN half TEXT")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9998_broken", broken)])
    with pytest.raises(RuntimeError):
        connect(db_path)
    columns = [row[1] for row in hall.db.execute("PRAGMA table_info(tickets)")]
    assert "half" not in columns
    names = [row[0] for row in hall.db.execute("SELECT name FROM schema_migrations")]
    assert "9998_broken" not in names


def _open(path):
    connect(path).conn.close()


def test_processes_starting_at_once_migrate_once(tmp_path):
    path = tmp_path / "fresh.db"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_open, args=(path,)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    db = connect(path)
    assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(migrations.MIGRATIONS)


def test_the_mark_reason_column_keeps_earlier_visits(db_path, config, clock, monkeypatch):
    """A database from before 0701: its visits stay, with no reason recorded ('')."""
    from reception.queue.hall import Hall
    from reception.queue.registration import Registrations

    shipped = list(migrations.MIGRATIONS)
    names = [name for name, _ in shipped]
    monkeypatch.setattr(migrations, "MIGRATIONS", shipped[: names.index("0701_mark_reason")])
    old = connect(db_path)
    visit = walk_in(Hall(old, config, clock), 1).ticket.visit_id
    old.execute("UPDATE visits SET summary = '拖欠工资', skip_level = 1 WHERE id = ?", (visit,))
    old.conn.commit()
    assert "mark_reason" not in [row[1] for row in old.execute("PRAGMA table_info(visits)")]
    old.conn.close()

    monkeypatch.setattr(migrations, "MIGRATIONS", shipped)
    db = connect(db_path)
    assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    stored = Registrations(db, config, clock).get(visit)
    assert (stored.form.summary, stored.form.skip_level, stored.form.reason) == ("拖欠工资", True, "")
    assert stored.lead.name == "来访人1"
    db.conn.close()


def test_text_stored_before_the_text_policy_loses_its_escape_sequences(db_path, config, clock, monkeypatch):
    """A name stored before 0801 with an OSC sequence (it retitled the counter's
    terminal) and a bidi override comes back without them; line breaks in a
    multi-line summary and the document number stay as they were."""
    from reception.queue.hall import Hall

    shipped = list(migrations.MIGRATIONS)
    names = [name for name, _ in shipped]
    monkeypatch.setattr(migrations, "MIGRATIONS", shipped[: names.index("0801_scrub_invisible")])
    old = connect(db_path)
    visit = walk_in(Hall(old, config, clock), 1).ticket.visit_id
    old.execute("UPDATE persons SET name = ?, address = ?", ("张\x1b]2;pwned\x1b\\三", "北京\u202e市"))
    old.execute("UPDATE visits SET summary = ? WHERE id = ?", ("第一行\n第二行\x07", visit))
    old.conn.commit()
    old.conn.close()

    monkeypatch.setattr(migrations, "MIGRATIONS", shipped)
    db = connect(db_path)
    name, address, doc = db.execute("SELECT name, address, doc_number FROM persons").fetchone()
    assert (name, address, doc) == ("张]2;pwned\\三", "北京市", "DOC000001")
    assert db.execute("SELECT summary FROM visits WHERE id = ?", (visit,)).fetchone()[0] == "第一行\n第二行"
    db.conn.close()
