"""`reception schedule …` and `reception appointment …` as staff use them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers import ALWAYS_OPEN, hall_today
from tests.helpers import run_cli as _run_cli
from tests.schedule.sheets import good_rows, write_csv, write_xlsx


def run_cli(*args, **kwargs):
    """The CLI with a hall open day and night: these tests import rows and book for
    "today" at the machine's real time, whatever day of the week that is."""
    return _run_cli(*args, env={**ALWAYS_OPEN, **kwargs.pop("env", {})}, **kwargs)


def this_week_rows():
    """The sample schedule moved to the hall's today (the CLI runs on the hall's clock)."""
    today = hall_today()
    rows = good_rows()
    for row, offset in zip(rows, (0, 0, 1, 6)):
        row[0], row[1] = (today + timedelta(days=offset)).isoformat(), ""
    return rows


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "hall.db")


def test_import_list_book_and_cancel(tmp_path, db):
    sheet = write_csv(tmp_path / "s.csv", this_week_rows())
    imported = run_cli("--db", db, "schedule", "import", str(sheet))
    assert imported.returncode == 0, imported.stderr
    assert "新增 4 天" in imported.stdout

    listed = run_cli("--db", db, "schedule", "list", "--days", "7")
    lines = listed.stdout.splitlines()
    assert lines[0].split("\t")[:4] == ["日期", "星期", "时间", "领导"]
    assert len(lines) == 5 and "第一接待室" in lines[1] and lines[1].endswith("\t3\t3")

    booked = run_cli("--db", db, "appointment", "add", "--leader", "王建国",
                     "--name", "张三", "--id-number", "110105491231002", "--phone", "13800000000")
    assert booked.returncode == 0, booked.stderr
    assert "剩余名额 2" in booked.stdout

    shown = run_cli("--db", db, "appointment", "list", "--leader", "王建国")
    assert "张三" in shown.stdout and "1101**********002X" in shown.stdout  # stored as the card reads it
    assert "11010519491231002X" not in shown.stdout  # shown masked

    refused = run_cli("--db", db, "schedule", "remove", "--leader", "王建国", "--date", hall_today().isoformat())
    assert refused.returncode == 1 and "已有 1 人预约或取号" in refused.stderr

    cancelled = run_cli("--db", db, "appointment", "cancel", "1", "--reason", "电话取消")
    assert cancelled.returncode == 0 and "已取消第 1 号预约" in cancelled.stdout
    removed = run_cli("--db", db, "schedule", "remove", "--leader", "王建国", "--date", hall_today().isoformat())
    assert removed.returncode == 0, removed.stderr


def test_a_bad_sheet_lists_every_error_and_imports_nothing(tmp_path, db):
    rows = this_week_rows()
    rows[0][8] = "很多"
    rows[3][5] = "全天"
    result = run_cli("--db", db, "schedule", "import", str(write_xlsx(tmp_path / "s.xlsx", rows)))
    assert result.returncode == 1
    assert "有 2 处错误，未导入任何内容" in result.stderr
    assert "第 2 行 I 列「限额」" in result.stderr and "第 5 行 F 列「时间」" in result.stderr
    assert "没有领导接访日安排" in run_cli("--db", db, "schedule", "list").stdout


def test_a_large_import_shows_a_progress_line(tmp_path, db):
    start = hall_today()
    rows = [
        [(start + timedelta(days=n // 4)).isoformat(), "", f"领导{n % 4}", "", "", "9:00-11:00", "接待室", "定点", 5]
        for n in range(1200)
    ]
    result = run_cli("--db", db, "schedule", "import", str(write_xlsx(tmp_path / "big.xlsx", rows)))
    assert result.returncode == 0, result.stderr
    assert "新增 1200 天" in result.stdout
    assert "写入 [##############################] 100%  1200/1200" in result.stderr


def test_add_checks_each_option(db):
    result = run_cli("--db", db, "schedule", "add", "--date", "2026-02-30", "--leader", "钱进",
                     "--time", "9-8", "--place", "", "--mode", "随便", "--quota", "0")
    assert result.returncode == 1
    for fragment in ("「日期」", "「时间」", "「地点」", "「方式」", "「限额」", "未保存"):
        assert fragment in result.stderr
    ok = run_cli("--db", db, "schedule", "add", "--date", hall_today().isoformat(), "--leader", "钱进",
                 "--post", "副县长", "--time", "9:00-11:00", "--place", "第一接待室", "--mode", "预约", "--quota", "5")
    assert ok.returncode == 0 and "限额 5 人" in ok.stdout


def test_unknown_leader_is_named(db):
    result = run_cli("--db", db, "appointment", "add", "--leader", "无此人", "--name", "张三", "--id-number", "1")
    assert result.returncode == 1 and "没有名为 无此人 的接访领导" in result.stderr


@pytest.mark.parametrize("number, message", [
    ("110101195001011234", "校验未通过"),  # one wrong digit: the card would not match on the day
    ("12345", "身份证号码"),
    ("", "证件号码不能为空"),
])
def test_a_booking_with_a_bad_id_number_is_refused(tmp_path, db, number, message):
    assert run_cli("--db", db, "schedule", "import", str(write_csv(tmp_path / "s.csv", this_week_rows()))).returncode == 0
    result = run_cli("--db", db, "appointment", "add", "--leader", "王建国", "--name", "张三", "--id-number", number)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "没有预约" in run_cli("--db", db, "appointment", "list", "--leader", "王建国").stdout


def test_a_booking_with_another_document_type_is_kept_as_typed(tmp_path, db):
    assert run_cli("--db", db, "schedule", "import", str(write_csv(tmp_path / "s.csv", this_week_rows()))).returncode == 0
    result = run_cli("--db", db, "appointment", "add", "--leader", "王建国", "--name", "John Smith",
                     "--doc-type", "护照", "--id-number", " e1234 5678 ")  # normalised: E12345678
    assert result.returncode == 0, result.stderr
    assert "E123*5678" in run_cli("--db", db, "appointment", "list", "--leader", "王建国").stdout
