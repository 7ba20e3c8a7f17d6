"""`reception counter` as staff start it."""

from __future__ import annotations

from tests.helpers import run_cli


def test_an_unknown_window_is_refused_in_chinese(tmp_path):
    result = run_cli("--db", str(tmp_path / "hall.db"), "counter", "--window", "99")
    assert result.returncode == 1
    assert "没有 99 号窗口（本大厅的窗口：1、2、3、4）" in result.stderr


def test_supervise_days_out_of_range(tmp_path):
    result = run_cli("--db", str(tmp_path / "hall.db"), "counter", "--window", "1",
                     "--supervise-days", "-1")
    assert result.returncode == 1 and "--supervise-days" in result.stderr


def test_help_lists_the_counter():
    result = run_cli("counter", "--help")
    assert result.returncode == 0 and "--window" in result.stdout
