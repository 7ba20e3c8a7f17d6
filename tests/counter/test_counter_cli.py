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


def test_callback_days_out_of_range(tmp_path):
    for days in ("0", "91"):
        result = run_cli("--db", str(tmp_path / "hall.db"), "counter", "--window", "1",
                         "--callback-days", days)
        assert result.returncode == 1 and "--callback-days 须在 1 到 90 之间" in result.stderr


def test_help_lists_the_counter():
    result = run_cli("counter", "--help")
    assert result.returncode == 0 and "--window" in result.stdout


def test_mistyped_options_are_refused_in_chinese(tmp_path):
    """argparse's own refusals (a letter for a number, a missing option) read as the
    rest of the CLI does; nothing starts and no database is made."""
    db = tmp_path / "hall.db"
    for args, message in (
        (("counter", "--window", "一"), "参数 --window：'一' 不是有效的整数"),
        (("counter",), "缺少必需的参数：--window"),
        (("counter", "--window"), "参数 --window 后面需要一个值"),
        (("counter", "--window", "1", "--idle-minutes", "十五"), "参数 --idle-minutes：'十五' 不是有效的数字"),
        (("leader", "--idle-minutes", "abc"), "参数 --idle-minutes：'abc' 不是有效的数字"),
        (("counter", "--window", "1", "--windw", "2"), "无法识别的参数：--windw 2"),
        (("user", "add", "x", "--name", "王", "--role", "boss"), "参数 --role：没有 'boss' 这一项"),
    ):
        result = run_cli("--db", str(db), *args)
        assert result.returncode == 2, args
        assert message in result.stderr and "错误" in result.stderr, result.stderr
        assert "invalid" not in result.stderr and "required" not in result.stderr
    assert not db.exists()
