"""The `reception` command as a technician or a script uses it."""

import sqlite3

from tests.helpers import ALWAYS_OPEN, run_cli


def test_help_lists_the_roles():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("init", "issue", "call", "status"):
        assert command in result.stdout


def test_init_creates_database_and_sample_config(tmp_path):
    home = tmp_path / "data"
    result = run_cli("--db", str(home / "h.db"), "--config", str(home / "c.toml"), "init")
    assert result.returncode == 0, result.stderr
    assert (home / "h.db").exists() and (home / "c.toml").exists()
    again = run_cli("--db", str(home / "h.db"), "--config", str(home / "c.toml"), "init")
    assert "已存在" in again.stdout


def test_init_uses_the_user_data_directory_by_default(tmp_path):
    result = run_cli("init", env={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reception" / "reception.db").exists()
    assert (tmp_path / "reception" / "config.toml").exists()


def test_issue_call_status_round_trip(tmp_path):
    db = str(tmp_path / "h.db")
    assert run_cli("--db", db, "issue", "--service", "A", "--outside-hours").stdout.strip() == "A001"
    assert run_cli("--db", db, "issue", "--service", "A", "--outside-hours").stdout.strip() == "A002"
    assert run_cli("--db", db, "call", "--window", "1").stdout.strip() == "A001"
    status = run_cli("--db", db, "status")
    assert status.returncode == 0
    assert "A002" in status.stdout and "A001 → 1号窗口" in status.stdout


def test_env_variables_select_db_and_config(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[[services]]\ncode = "X"\nname = "信访"\nprefix = "D"\n', encoding="utf-8")
    env = {"RECEPTION_DB": str(tmp_path / "e.db"), "RECEPTION_CONFIG": str(config)}
    assert run_cli("issue", "--service", "X", "--outside-hours", env=env).stdout.strip() == "D001"
    assert (tmp_path / "e.db").exists()


def test_empty_queue_says_so_and_exits_non_zero(tmp_path):
    result = run_cli("--db", str(tmp_path / "h.db"), "call", "--window", "1")
    assert result.returncode == 1
    assert "没有等候的号" in result.stderr


def test_bad_config_is_refused_at_start_naming_the_key(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("representative_limit = -1\n", encoding="utf-8")
    result = run_cli("--db", str(tmp_path / "h.db"), "--config", str(config), "status")
    assert result.returncode == 2
    assert "representative_limit" in result.stderr and "应在" in result.stderr


def test_unknown_service_is_refused(tmp_path):
    result = run_cli("--db", str(tmp_path / "h.db"), "issue", "--service", "Q", "--outside-hours")
    assert result.returncode == 1 and "没有业务代码" in result.stderr


def test_close_day_ends_yesterdays_unseen_numbers_and_status_points_to_it(tmp_path):
    db = str(tmp_path / "h.db")
    for _ in range(3):
        run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    run_cli("--db", db, "call", "--window", "1")
    # Those tickets were yesterday's: the hall closed with A001 called and A002, A003 waiting.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE tickets SET hall_day = date(hall_day, '-1 day')")
        conn.execute("UPDATE visits SET hall_day = date(hall_day, '-1 day')")
    status = run_cli("--db", db, "status")
    assert "往日有 3 个号未结束" in status.stdout and "reception close-day" in status.stdout
    closed = run_cli("--db", db, "close-day")
    assert closed.returncode == 0
    assert "已结束 3 个往日未接待的号" in closed.stdout
    assert all(n in closed.stdout for n in ("A001（已叫号）", "A002（等候中）", "A003（等候中）"))
    assert "现场取号" not in closed.stdout  # numbers only: this output goes to the journal
    assert "往日有" not in run_cli("--db", db, "status").stdout
    assert "往日没有未结束的号" in run_cli("--db", db, "close-day").stdout


def test_call_refuses_while_the_window_still_holds_a_called_number(tmp_path):
    db = str(tmp_path / "h.db")
    for _ in range(3):
        run_cli("--db", db, "issue", "--service", "A", env=ALWAYS_OPEN)  # at any hour of the suite
    assert run_cli("--db", db, "call", "--window", "1").stdout.strip() == "A001"
    again = run_cli("--db", db, "call", "--window", "1")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "请先处理当前的 A001 号" in again.stderr
    assert run_cli("--db", db, "call", "--window", "2").stdout.strip() == "A002"


def test_status_counts_a_transferred_ticket_under_the_queue_it_is_in(tmp_path):
    from reception.config import HallConfig
    from reception.queue.service import HallService

    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", env=ALWAYS_OPEN)  # at any hour of the suite
    run_cli("--db", db, "issue", "--service", "A", env=ALWAYS_OPEN)
    assert run_cli("--db", db, "call", "--window", "1").stdout.strip() == "A001"
    service = HallService.open(db, HallConfig())  # the CLI's embedded defaults: A, B, C
    try:
        service.transfer(service.find_ticket("A001").id, "C", "test")
    finally:
        service.close()
    rows = {line.split("\t")[0]: line.split("\t") for line in run_cli("--db", db, "status").stdout.splitlines()}
    waiting = rows["业务"].index("等候中")
    assert rows["A 个人来访"][waiting] == "1"
    assert rows["C 领导接访"][waiting] == "1"
