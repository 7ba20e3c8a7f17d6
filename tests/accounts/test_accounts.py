"""Accounts: hashed passwords, roles, disabling, and the audit trail of logins."""

from __future__ import annotations

import sqlite3

import pytest

from reception.queue import audit
from reception.queue.accounts import Accounts, AuthError
from reception.queue.errors import InvalidInput
from reception.queue.hall import Hall
from tests.helpers import run_cli

PASSWORD = "correct horse 1"


@pytest.fixture
def accounts(hall: Hall) -> Accounts:
    return Accounts(hall.db, hall.clock)


@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_password_is_never_stored_in_clear(accounts: Accounts, hall: Hall, db_path):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    raw = db_path.read_bytes() + (db_path.parent / "hall.db-wal").read_bytes()
    assert PASSWORD.encode() not in raw
    stored = hall.db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("scrypt$") and PASSWORD not in stored


def test_right_password_logs_in_and_is_audited(accounts: Accounts, hall: Hall):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    user = accounts.authenticate("liuyang", PASSWORD)
    assert (user.username, user.display_name, user.role) == ("liuyang", "刘洋", "staff")
    assert audit.entries(hall.db, actor="liuyang")[0].action == "login"


def test_wrong_password_and_unknown_user_get_the_same_refusal(accounts: Accounts, hall: Hall):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    with pytest.raises(AuthError) as wrong:
        accounts.authenticate("liuyang", "not the password")
    with pytest.raises(AuthError) as unknown:
        accounts.authenticate("nobody", PASSWORD)
    assert wrong.value.message == unknown.value.message == "用户名或密码错误"
    failed = audit.entries(hall.db, action="login.failed")
    assert {entry.actor for entry in failed} == {"liuyang", "nobody"}
    assert all(PASSWORD not in str(entry.detail) for entry in audit.entries(hall.db))


def test_disabled_account_cannot_log_in(accounts: Accounts):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    accounts.disable("liuyang", actor="admin")
    with pytest.raises(AuthError, match="停用"):
        accounts.authenticate("liuyang", PASSWORD)
    accounts.enable("liuyang", actor="admin")
    assert accounts.authenticate("liuyang", PASSWORD).active


def test_role_not_allowed_here_is_refused(accounts: Accounts):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    with pytest.raises(AuthError, match="仅限接访领导"):
        accounts.authenticate("liuyang", PASSWORD, roles=("leader",))


def test_leader_account_is_linked_to_a_scheduled_leader(accounts: Accounts, hall: Hall):
    hall.add_reception_day(
        {"day": hall.clock.hall_day(), "leader": "王建国", "post": "副县长", "fields": "",
         "time": "08:00-18:00", "place": "第一接待室", "mode": "定点", "quota": "10"},
        "staff",
    )
    wang = hall.leader_named("王建国")
    user = accounts.add("wangjg", PASSWORD, "leader", "王建国", leader_id=wang.id)
    assert accounts.authenticate("wangjg", PASSWORD, roles=("leader",)).leader_id == wang.id
    with pytest.raises(InvalidInput, match="关联"):
        accounts.add("nolink", PASSWORD, "leader", "某领导")
    assert user.role_name == "接访领导"


@pytest.mark.parametrize(
    ("username", "password", "role", "name", "message"),
    [
        ("", PASSWORD, "staff", "刘洋", "用户名不能为空"),
        ("a" * 65, PASSWORD, "staff", "刘洋", "用户名过长（最多 64 字"),
        ("[bold]x[/]", PASSWORD, "staff", "刘洋", "只能由英文字母"),
        ("liuyang", "short", "staff", "刘洋", "至少 8 位"),
        ("liuyang", PASSWORD, "root", "刘洋", "角色只能是"),
        ("liuyang", PASSWORD, "staff", "   ", "姓名不能为空"),
    ],
)
def test_bad_account_fields_are_refused(accounts, username, password, role, name, message):
    with pytest.raises(InvalidInput, match=message):
        accounts.add(username, password, role, name)
    assert accounts.list() == []


def test_duplicate_username_is_refused(accounts: Accounts):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    with pytest.raises(InvalidInput, match="已存在"):
        accounts.add("liuyang", PASSWORD, "admin", "另一个")


def test_password_change_takes_effect_and_is_audited_without_the_hash(accounts: Accounts, hall: Hall):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    accounts.set_password("liuyang", "a new password", actor="admin")
    with pytest.raises(AuthError):
        accounts.authenticate("liuyang", PASSWORD)
    assert accounts.authenticate("liuyang", "a new password")
    entry = audit.entries(hall.db, action="user.password")[0]
    assert entry.actor == "admin" and entry.detail == {}


def test_audit_log_is_append_only(accounts: Accounts, hall: Hall):
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            hall.db.execute(statement)


def test_user_cli_adds_lists_and_disables(tmp_path):
    db = str(tmp_path / "hall.db")
    added = run_cli("--db", db, "user", "add", "liuyang", "--name", "刘洋", "--role", "staff",
                    "--password-stdin", input_text=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "已创建账号 liuyang" in added.stdout
    listed = run_cli("--db", db, "user", "list")
    assert "刘洋" in listed.stdout and "接待人员" in listed.stdout
    assert run_cli("--db", db, "user", "disable", "liuyang").returncode == 0
    assert "已停用" in run_cli("--db", db, "user", "list").stdout
    short = run_cli("--db", db, "user", "add", "x", "--name", "某", "--role", "staff",
                    "--password-stdin", input_text="short\n")
    assert short.returncode == 1 and "至少 8 位" in short.stderr
