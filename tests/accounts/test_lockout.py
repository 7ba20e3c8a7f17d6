"""Issue 16: failed logins lock the account, not the browser session; the kiosk's
staff PIN locks too, and both survive a restart (counted in the database)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime

import pytest

from reception.config import ConfigError, HallConfig, parse_config
from reception.config.sections import AccountSettings, KioskSettings
from reception.queue.clock import Clock, FixedClock
from reception.queue.errors import NotFound
from reception.queue.service import AuthError, HallService
from tests.helpers import REPO_ROOT, run_cli

PASSWORD = "correct horse 1"
WRONG = "not the password"


@pytest.fixture
def staff(service: HallService) -> HallService:
    service.add_user("liuyang", PASSWORD, "staff", "刘洋", actor="admin")
    return service


def session(db_path, config, clock) -> HallService:
    """A new browser session or process: a service of its own on the same file."""
    return HallService.open(db_path, config, clock)


def fail_login(db_path, config, clock, username="liuyang") -> AuthError:
    other = session(db_path, config, clock)
    try:
        with pytest.raises(AuthError) as refused:
            other.login(username, WRONG)
        return refused.value
    finally:
        other.close()


def fail_in_another_process(db_path, at: datetime) -> str:
    """One wrong password from a separate Python process at the same hall time."""
    script = textwrap.dedent(f"""
        from datetime import datetime
        from reception.config import HallConfig
        from reception.queue.clock import FixedClock
        from reception.queue.service import AuthError, HallService
        service = HallService.open({str(db_path)!r}, HallConfig(), FixedClock(datetime.fromisoformat({at.isoformat()!r})))
        try:
            service.login("liuyang", {WRONG!r})
        except AuthError as exc:
            print(exc.message)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_five_failures_from_separate_sessions_and_processes_lock_the_account(staff, db_path, config, clock):
    for _ in range(3):
        assert fail_login(db_path, config, clock).message == "用户名或密码错误"
    assert fail_in_another_process(db_path, clock.now()) == "用户名或密码错误"
    fifth = fail_login(db_path, config, clock)
    assert fifth.message == "用户名或密码错误，账户已锁定，请于 09:15 后再试"
    # The sixth, with the right password, from yet another session: refused.
    other = session(db_path, config, clock)
    with pytest.raises(AuthError) as sixth:
        other.login("liuyang", PASSWORD)
    assert sixth.value.message == "账户已锁定，请于 09:15 后再试"
    other.close()
    actions = [entry.action for entry in staff.audit_entries(subject="user:liuyang", limit=50)]
    assert actions.count("login.failed") == 5 and actions.count("login.locked") == 1
    refused = staff.audit_entries(action="login.refused")[0]
    assert refused.detail["reason"] == "locked"
    # After the lock time (the hall clock moved on) the right password works.
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AuthError, match="已锁定"):
        staff.login("liuyang", PASSWORD)
    clock.advance(seconds=1)
    assert staff.login("liuyang", PASSWORD).username == "liuyang"


def test_the_lock_time_is_the_halls_and_never_too_early(staff, db_path, config):
    # 01:07:30 UTC: 09:07:30 in the hall (Shanghai), 17:07:30 the day before on this
    # machine (Los Angeles). The lock ends 09:22:30: "try after 09:23", never 09:22.
    clock = FixedClock(datetime.fromisoformat("2026-11-25T01:07:30+00:00").astimezone(config.tz))
    for _ in range(4):
        fail_login(db_path, config, clock)
    assert fail_login(db_path, config, clock).message.endswith("账户已锁定，请于 09:23 后再试")


def test_a_successful_login_resets_the_count(staff, db_path, config, clock):
    for _ in range(4):
        fail_login(db_path, config, clock)
    staff.login("liuyang", PASSWORD)
    for _ in range(4):
        assert fail_login(db_path, config, clock).message == "用户名或密码错误"
    assert staff.login("liuyang", PASSWORD)


def test_failures_older_than_the_window_do_not_count(staff, db_path, config, clock):
    for _ in range(4):
        fail_login(db_path, config, clock)
    clock.advance(minutes=16)
    assert fail_login(db_path, config, clock).message == "用户名或密码错误"
    assert staff.login("liuyang", PASSWORD)


def test_the_limits_come_from_the_accounts_section(db_path, clock):
    config = parse_config({"accounts": {"max_failures": 2, "lock_minutes": 30}})
    service = HallService.open(db_path, config, clock)
    service.add_user("liuyang", PASSWORD, "staff", "刘洋", actor="admin")
    fail_login(db_path, config, clock)
    assert fail_login(db_path, config, clock).message.endswith("请于 09:30 后再试")
    service.close()


@pytest.mark.parametrize("key, value", [("max_failures", 0), ("lock_minutes", 100000), ("failure_window_minutes", "15")])
def test_the_accounts_section_is_checked_in_chinese(key, value):
    with pytest.raises(ConfigError) as refused:
        parse_config({"accounts": {key: value}})
    assert refused.value.key == f"accounts.{key}"
    assert HallConfig().accounts == AccountSettings(max_failures=5, failure_window_minutes=15, lock_minutes=15)


def test_an_unknown_username_locks_alike(service, db_path, config, clock):
    """A lock says nothing about which accounts exist."""
    messages = [fail_login(db_path, config, clock, "nobody").message for _ in range(5)]
    assert messages[-1] == "用户名或密码错误，账户已锁定，请于 09:15 后再试"


def test_an_admin_unlocks_the_account(staff, db_path, config, clock):
    for _ in range(5):
        fail_login(db_path, config, clock)
    assert staff.unlock_user("liuyang", actor="admin") is True
    entry = staff.audit_entries(action="user.unlock")[0]
    assert (entry.actor, entry.subject, entry.detail) == ("admin", "user:liuyang", {"was_locked": True})
    assert staff.login("liuyang", PASSWORD)
    assert staff.unlock_user("liuyang", actor="admin") is False
    with pytest.raises(NotFound):
        staff.unlock_user("nobody", actor="admin")


def test_cli_user_unlock(db_path, config):
    live = HallService.open(db_path, config, Clock(config.tz))  # the CLI's clock is the real one
    live.add_user("liuyang", PASSWORD, "staff", "刘洋", actor="admin")
    for _ in range(5):
        with pytest.raises(AuthError):
            live.login("liuyang", WRONG)
    with pytest.raises(AuthError, match="账户已锁定"):
        live.login("liuyang", PASSWORD)
    done = run_cli("--db", str(db_path), "--actor", "王管理员", "user", "unlock", "liuyang")
    assert done.returncode == 0, done.stderr
    assert "已解锁" in done.stdout
    assert live.login("liuyang", PASSWORD).username == "liuyang"
    assert live.audit_entries(action="user.unlock")[0].actor == "王管理员"
    live.close()
    missing = run_cli("--db", str(db_path), "user", "unlock", "nobody")
    assert missing.returncode == 1 and "没有用户名为 nobody 的账号" in missing.stderr
    assert "Traceback" not in missing.stderr


# ------------------------------------------------------------------ kiosk staff PIN


def test_kiosk_pin_locks_after_three_failures_and_survives_a_restart(service, db_path, config, clock):
    service.check_kiosk_pin("731904", "731904", actor="入口自助机")
    with pytest.raises(AuthError, match="还可再试 2 次"):
        service.check_kiosk_pin("000000", "731904", actor="入口自助机")
    with pytest.raises(AuthError, match="还可再试 1 次"):
        service.check_kiosk_pin("1", "731904", actor="入口自助机")
    with pytest.raises(AuthError, match="错误次数过多，已锁定，请于 09:01:00 后再试"):
        service.check_kiosk_pin("7319", "731904", actor="入口自助机")
    service.close()
    restarted = HallService.open(db_path, config, clock)  # the kiosk restarted
    with pytest.raises(AuthError, match="已锁定"):
        restarted.check_kiosk_pin("731904", "731904", actor="入口自助机")
    # Another kiosk has its own count.
    restarted.check_kiosk_pin("731904", "731904", actor="出口自助机")
    clock.advance(seconds=60)
    restarted.check_kiosk_pin("731904", "731904", actor="入口自助机")
    actions = [entry.action for entry in restarted.audit_entries(subject="kiosk:入口自助机")]
    assert actions.count("kiosk.pin_failed") == 3
    assert {"kiosk.pin", "kiosk.pin_locked", "kiosk.pin_refused"} <= set(actions)
    shown = str([(e.actor, e.subject, e.detail) for e in restarted.audit_entries()])
    assert "000000" not in shown and "7319" not in shown.replace("731904", "")
    restarted.close()


def test_kiosk_pin_limits_from_the_kiosk_section(db_path, clock):
    config = HallConfig(kiosk=KioskSettings(pin_max_failures=1, pin_lock_seconds=300))
    service = HallService.open(db_path, config, clock)
    with pytest.raises(AuthError, match="请于 09:05:00 后再试"):
        service.check_kiosk_pin("0001", "0000", actor="kiosk")
    service.close()


def test_kiosk_pin_is_compared_in_constant_time(service, monkeypatch):
    import hmac

    from reception.queue import accounts

    seen, real = [], hmac.compare_digest
    monkeypatch.setattr(accounts.hmac, "compare_digest", lambda a, b: seen.append((a, b)) or real(a, b))
    with pytest.raises(AuthError):
        service.check_kiosk_pin("1234", "0000", actor="kiosk")
    assert seen == [(b"1234", b"0000")]
