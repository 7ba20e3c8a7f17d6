"""The CLI against a PostgreSQL hall (issue 18): `--db` / `RECEPTION_DB` take a URL,
`migrate-to` moves a SQLite hall, and a bad server is named in Chinese."""

from __future__ import annotations

import psycopg
import pytest

from tests.helpers import ALWAYS_OPEN, run_cli
from tests.pg_server import PASSWORD, PASSWORD_USER

pytestmark = pytest.mark.slow


def test_init_with_a_url_creates_no_directory_and_the_hall_works(pg_server, tmp_path):
    url = pg_server.new_database(migrated=False)
    env = {**ALWAYS_OPEN, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess_in(tmp_path, "--db", url, "init", env=env)
    assert result.returncode == 0, result.stderr
    assert "数据库：postgresql:///" in result.stdout
    assert not (tmp_path / "postgresql:").exists()
    first = run_cli("--db", url, "issue", "--service", "A", "--name", "张三", env=ALWAYS_OPEN)
    second = run_cli("issue", "--service", "A", "--name", "李四", env={**ALWAYS_OPEN, "RECEPTION_DB": url})
    assert (first.stdout.strip(), second.stdout.strip()) == ("A001", "A002")
    called = run_cli("--db", url, "call", "--window", "1", env=ALWAYS_OPEN)
    assert called.returncode == 0, called.stderr
    assert "A001" in called.stdout


def subprocess_in(cwd, *args, env):
    import os
    import subprocess
    import sys

    from tests.helpers import REPO_ROOT

    return subprocess.run([sys.executable, "-m", "reception", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **env}, timeout=60)


def test_migrate_to_copies_a_sqlite_hall_and_checks_the_counts(pg_server, tmp_path):
    db = tmp_path / "hall.db"
    for name in ("张三", "李四", "王五"):
        assert run_cli("--db", str(db), "issue", "--service", "A", "--name", name, env=ALWAYS_OPEN).returncode == 0
    assert run_cli("--db", str(db), "call", "--window", "1", env=ALWAYS_OPEN).returncode == 0
    url = pg_server.new_database(migrated=False)

    moved = run_cli("--db", str(db), "migrate-to", url, env=ALWAYS_OPEN)

    assert moved.returncode == 0, moved.stderr
    assert "tickets：3 行" in moved.stdout
    assert "events：4 行" in moved.stdout
    assert "已复制并核对" in moved.stdout
    # The hall goes on where it was: the next number, the called visitor kept.
    nxt = run_cli("--db", url, "issue", "--service", "A", "--name", "赵六", env=ALWAYS_OPEN)
    assert nxt.stdout.strip() == "A004", nxt.stderr
    status = run_cli("--db", url, "status", env=ALWAYS_OPEN)
    assert "A001 → 1号窗口" in status.stdout
    # A second move into the now full database is refused, and changes nothing.
    again = run_cli("--db", str(db), "migrate-to", url, env=ALWAYS_OPEN)
    assert again.returncode != 0
    assert "不是空的" in again.stderr and "未做任何改动" in again.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 4


def test_migrate_to_needs_a_postgresql_url(tmp_path):
    result = run_cli("--db", str(tmp_path / "hall.db"), "migrate-to", str(tmp_path / "other.db"), env=ALWAYS_OPEN)
    assert result.returncode != 0
    assert "目标须为 PostgreSQL 地址" in result.stderr


def test_an_unreachable_server_is_named(tmp_path):
    url = f"postgresql:///hall?host={tmp_path}"  # no server listens there
    result = run_cli("--db", url, "status", env=ALWAYS_OPEN)
    assert result.returncode != 0
    assert "无法连接数据库服务器" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_password_is_named(pg_server):
    url = pg_server.url("postgres", user=PASSWORD_USER).replace(
        "postgresql:///", f"postgresql://{PASSWORD_USER}:wrong@/")
    result = run_cli("--db", url, "status", env=ALWAYS_OPEN)
    assert result.returncode != 0
    assert "用户名或密码错误" in result.stderr
    assert "wrong" not in result.stderr  # the password is never shown
    right = url.replace(":wrong@", f":{PASSWORD}@")
    hall = pg_server.new_database()
    ok = run_cli("--db", right.replace("/postgres?", f"/{hall.split('?')[0].rsplit('/', 1)[1]}?"), "status",
                 env=ALWAYS_OPEN)
    assert ok.returncode == 0, ok.stderr


def test_a_database_of_another_program_is_refused_untouched(pg_server):
    url = pg_server.new_database(migrated=False)
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE invoices (id integer PRIMARY KEY, amount integer)")
    result = run_cli("--db", url, "status", env=ALWAYS_OPEN)
    assert result.returncode != 0
    assert "属于其他程序" in result.stderr and "invoices" in result.stderr
    with psycopg.connect(url) as conn:
        tables = {row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert tables == {"invoices"}


def test_a_missing_database_is_named(pg_server):
    url = pg_server.url("no_such_hall")
    result = run_cli("--db", url, "status", env=ALWAYS_OPEN)
    assert result.returncode != 0
    assert "没有数据库 no_such_hall" in result.stderr


def test_backup_and_restore_of_a_postgresql_hall(pg_server, tmp_path):
    url = pg_server.new_database()
    env = ALWAYS_OPEN
    assert run_cli("--db", url, "issue", "--service", "A", "--name", "张三", env=env).stdout.strip() == "A001"
    made = run_cli("--db", url, "backup", str(tmp_path) + "/", env=env)
    assert made.returncode == 0, made.stderr
    dump = next(tmp_path.glob("reception-*.dump"))
    assert (dump.stat().st_mode & 0o077) == 0  # personal data: the owner only
    assert run_cli("--db", url, "issue", "--service", "A", "--name", "李四", env=env).stdout.strip() == "A002"

    back = run_cli("--db", url, "--actor", "管理员", "restore", str(dump), "--yes", env=env)

    assert back.returncode == 0, back.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT number FROM tickets ORDER BY id").fetchall() == [("A001",)]
        (restored,) = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'backup.restore'").fetchone()
    assert restored == 1
    assert list(tmp_path.glob("reception-before-restore-*.dump"))  # the database as it was, saved
    # Not a dump of this system: refused, nothing changed.
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a dump")
    refused = run_cli("--db", url, "restore", str(junk), "--yes", env=env)
    assert refused.returncode != 0 and "未做任何改动" in refused.stderr


def test_pg_roles_grants_the_kiosk_account_only_what_a_kiosk_needs(pg_server):
    url = pg_server.new_database()
    name = url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE k_{name} LOGIN")
        conn.execute(f"CREATE ROLE a_{name} LOGIN")
    done = run_cli("--db", url, "pg-roles", "--kiosk", f"k_{name}", "--apps", f"a_{name}", env=ALWAYS_OPEN)
    assert done.returncode == 0, done.stderr
    assert "已授权" in done.stdout
    kiosk_url = url.replace("user=reception", f"user=k_{name}")
    issued = run_cli("--db", kiosk_url, "issue", "--service", "A", "--name", "张三", env=ALWAYS_OPEN)
    assert issued.stdout.strip() == "A001", issued.stderr
    with psycopg.connect(kiosk_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT summary FROM visits")
    missing = run_cli("--db", url, "pg-roles", "--kiosk", "no_such_role", env=ALWAYS_OPEN)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert "没有账号 no_such_role" in missing.stderr


def test_pg_roles_on_a_sqlite_hall_says_why_not(tmp_path):
    done = run_cli("--db", str(tmp_path / "hall.db"), "pg-roles", env=ALWAYS_OPEN)
    assert done.returncode != 0
    assert "只有 PostgreSQL 数据库有账号权限" in done.stderr


def test_a_move_that_fails_half_way_leaves_no_row_and_can_be_run_again(pg_server, tmp_path, monkeypatch):
    from reception.queue import move
    from reception.queue.service import HallService

    db = tmp_path / "hall.db"
    run_cli("--db", str(db), "issue", "--service", "A", "--name", "张三", env=ALWAYS_OPEN)
    url = pg_server.new_database(migrated=False)
    real = move._copy_table
    copied: list[str] = []

    def fail_on_the_third(lite, pg, table, progress):
        copied.append(table)
        if len(copied) == 3:
            raise move.MoveError("中途失败（测试）")
        return real(lite, pg, table, progress)

    monkeypatch.setattr(move, "_copy_table", fail_on_the_third)
    with pytest.raises(move.MoveError):
        HallService.migrate_to(db, url)
    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_name != 'schema_migrations'")]
        assert all(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0 for t in tables)
    monkeypatch.undo()
    moved = HallService.migrate_to(db, url)
    assert moved.counts["tickets"] == 1


def test_demo_data_on_a_postgresql_hall_and_then_the_next_visitor(pg_server):
    """Bulk rows written with their own ids (the demo generator): the server's id
    counters move past them, so the next visitor's rows get new ids."""
    url = pg_server.new_database()
    seeded = run_cli("--db", url, "demo", "seed", "--days", "3", env=ALWAYS_OPEN)
    assert seeded.returncode == 0, seeded.stderr
    issued = run_cli("--db", url, "issue", "--service", "A", "--name", "张三", env=ALWAYS_OPEN)
    assert issued.returncode == 0, issued.stderr
