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
