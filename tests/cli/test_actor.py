"""CLI actions are audited like the counter's: who (--actor, else the OS user) did what."""

from __future__ import annotations

import getpass

from reception.config import HallConfig
from reception.queue.service import HallService
from tests.helpers import run_cli


def _audit(db: str, action: str):
    service = HallService.open(db, HallConfig())
    try:
        return service.audit_entries(action=action)
    finally:
        service.close()


def test_call_at_a_window_leaves_an_audit_entry_naming_the_actor(tmp_path):
    db = str(tmp_path / "h.db")
    assert run_cli("--db", db, "issue", "--service", "A", "--outside-hours").returncode == 0
    called = run_cli("--db", db, "--actor", "王芳", "call", "--window", "1")
    assert called.returncode == 0, called.stderr
    [entry] = _audit(db, "ticket.call")
    assert entry.actor == "王芳" and entry.subject.startswith("ticket:")
    assert entry.detail["number"] == called.stdout.strip() and entry.detail["window"] == 1


def test_without_actor_the_os_user_is_named(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    assert run_cli("--db", db, "call", "--window", "1").returncode == 0
    assert _audit(db, "ticket.issue")[0].actor == getpass.getuser()
    assert _audit(db, "ticket.call")[0].actor == getpass.getuser()


def test_the_subcommand_actor_option_still_works(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    assert run_cli("--db", db, "call", "--window", "1", "--actor", "李四").returncode == 0
    assert _audit(db, "ticket.call")[0].actor == "李四"


def test_a_refused_call_leaves_no_audit_entry(tmp_path):
    db = str(tmp_path / "h.db")
    refused = run_cli("--db", db, "--actor", "王芳", "call", "--window", "9")
    assert refused.returncode == 1 and "没有 9 号窗口" in refused.stderr
    assert _audit(db, "ticket.call") == []
