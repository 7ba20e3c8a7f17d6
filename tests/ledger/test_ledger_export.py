"""The register, the reports and the demo data (issue 14), as staff run them from the CLI."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import stat
import zipfile
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from reception.config import HallConfig
from reception.queue import idnumber
from reception.queue.clock import FixedClock
from reception.queue.models import CheckInRequest, PersonInput
from reception.queue.registration import RegistrationForm
from reception.queue.service import HallService
from tests.conftest import SHANGHAI
from tests.helpers import hall_today, run_cli

EVIL_NAME = '=HYPERLINK("http://x","点我")'


def valid_number(first17: str = "11010519800101001") -> str:
    return first17 + idnumber.check_character(first17)


@pytest.fixture
def registered(tmp_path):
    """A hall with two registered visits on 2026-11-25, one by a formula-looking name."""
    path = tmp_path / "hall.db"
    clock = FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI))
    service = HallService.open(path, HallConfig(), clock)
    for n, name in enumerate((EVIL_NAME, "张三")):
        lead = PersonInput(name=name, doc_number=valid_number(f"1101051980010100{n}"), phone="13812345678")
        ticket = service.check_in(CheckInRequest(lead=lead, service="A")).ticket
        service.register(ticket.visit_id, RegistrationForm(
            purpose="申诉求决", category="工资福利待遇", summary="-欠薪三个月", outcome="受理为信访事项",
            handling="交办", department="人社局"), actor="staff1")
    service.close()
    return path


def audit_rows(path, action):
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT actor, subject, detail FROM audit_log WHERE action = ?", (action,)).fetchall()
    conn.close()
    return [(actor, subject, json.loads(detail)) for actor, subject, detail in rows]


def test_xlsx_register_has_frozen_header_dates_text_cells_mode_0600_and_an_audit_entry(registered, tmp_path):
    out = tmp_path / "台账.xlsx"
    result = run_cli("--db", str(registered), "--actor", "chen", "ledger", "export",
                     "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 条" in result.stdout and "打码" in result.stdout
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["登记日期", "案号", "姓名", "性别", "证件号码"] and header[-1] == "接访领导"
    assert sheet["A2"].is_date and sheet["A2"].value.date() == date(2026, 11, 25)
    names = {sheet.cell(row, 3).value: sheet.cell(row, 3) for row in (2, 3)}
    assert names[EVIL_NAME].data_type == "s"  # text, never a formula
    summary = sheet.cell(2, header.index("诉求摘要") + 1)
    assert summary.data_type == "s" and summary.value.startswith("-欠薪")
    id_cell = sheet.cell(2, header.index("证件号码") + 1).value
    assert "*" in id_cell and id_cell[:4] == "1101"
    assert sheet.cell(2, header.index("联系电话") + 1).value == "1381***5678"
    assert sheet.column_dimensions["M"].width >= 30  # 诉求摘要 is wide
    (entry,) = audit_rows(registered, "ledger.export")
    assert entry[0] == "chen" and entry[1] == "ledger:2026-11-01..2026-11-30"
    assert entry[2]["rows"] == 2 and entry[2]["masked"] is True


def test_full_csv_has_a_bom_whole_numbers_quoted_formulas_and_is_audited_as_full(registered, tmp_path):
    out = tmp_path / "台账.csv"
    result = run_cli("--db", str(registered), "ledger", "export", "--month", "2026-11", "--out", str(out), "--full")
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "登记日期" and len(rows) == 3
    assert rows[1][0] == "2026-11-25"
    assert "'" + EVIL_NAME in {row[2] for row in rows[1:]}
    assert valid_number("11010519800101000") in {row[4] for row in rows[1:]}
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    (entry,) = audit_rows(registered, "ledger.export")
    assert entry[2]["masked"] is False


def test_an_empty_range_writes_the_header_only(registered, tmp_path):
    out = tmp_path / "empty.csv"
    result = run_cli("--db", str(registered), "ledger", "export", "--month", "2025-01", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines() == [out.read_text(encoding="utf-8-sig").splitlines()[0]]


@pytest.mark.parametrize("args, message", [
    (("--from", "2026-12-01", "--to", "2026-11-01"), "早于开始日期"),
    (("--month", "2026-13"), "月份“2026-13”不正确"),
    (("--from", "2026-02-30", "--to", "2026-03-01"), "日期“2026-02-30”不正确"),
    (("--month", "2026-11", "--from", "2026-11-01", "--to", "2026-11-02"), "只能给出一种时间范围"),
])
def test_bad_ranges_are_refused_in_chinese_without_a_file(registered, tmp_path, args, message):
    out = tmp_path / "x.xlsx"
    result = run_cli("--db", str(registered), "ledger", "export", *args, "--out", str(out))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.glob("x.xlsx*")) == [] and list(tmp_path.glob(".x.xlsx*")) == []


def test_a_path_that_cannot_be_written_is_refused_without_a_partial_file(registered, tmp_path):
    locked, folder = tmp_path / "locked", tmp_path / "folder.xlsx"
    locked.mkdir()
    folder.mkdir()
    for out, message in ((tmp_path / "missing" / "x.xlsx", "目录不存在"), (folder, "是一个目录"),
                         (tmp_path / "x.pdf", ".xlsx 或 .csv")):
        result = run_cli("--db", str(registered), "ledger", "export", "--month", "2026-11", "--out", str(out))
        assert result.returncode == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    if os.geteuid() != 0:  # root writes anywhere
        locked.chmod(0o500)
        result = run_cli("--db", str(registered), "ledger", "export", "--month", "2026-11",
                         "--out", str(locked / "x.csv"))
        assert result.returncode == 1 and "没有写入权限" in result.stderr
    assert audit_rows(registered, "ledger.export") == []


def test_an_interrupted_export_leaves_no_file(tmp_path):
    from reception.exports.files import finish, private_output

    target = tmp_path / "t.xlsx"
    with pytest.raises(KeyboardInterrupt), private_output(target) as temporary:
        temporary.write_bytes(b"half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    with private_output(target) as temporary:
        temporary.write_bytes(b"whole")
        finish(temporary, target)
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_monthly_report_sheets_charts_and_text(registered, tmp_path):
    out = tmp_path / "通报.xlsx"
    result = run_cli("--db", str(registered), "report", "--month", "2026-11", "--out", str(out), "--print")
    assert result.returncode == 0, result.stderr
    assert "【问题类别】" in result.stdout and "工资福利待遇\t2\t100.0%" in result.stdout
    assert "告知（15日内）" in result.stdout
    book = openpyxl.load_workbook(out)
    for name in ("概况", "问题类别", "处理结果", "来访形式", "领导接访", "按期办理", "满意度", "等候与接待时长（按窗口）"):
        assert name in book.sheetnames
    # openpyxl does not read charts back: look for them in the package.
    assert any(n.startswith("xl/charts/chart") for n in zipfile.ZipFile(out).namelist())
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    (entry,) = audit_rows(registered, "report.export")
    assert entry[2]["from"] == "2026-11-01" and entry[2]["to"] == "2026-11-30"


def test_weekly_screening_says_zero_report_when_there_is_nothing(registered, tmp_path):
    out = tmp_path / "周报.xlsx"
    result = run_cli("--db", str(registered), "report", "--week", "2026-W48", "--out", str(out), "--print")
    assert result.returncode == 0, result.stderr
    assert "零报告" in result.stdout and "零报告" in result.stderr
    sheet = openpyxl.load_workbook(out)["排查明细"]
    assert [c.value for c in sheet[1]][:4] == ["来访日期", "案号", "姓名", "类型"]
    assert any("零报告" in str(c.value) for row in sheet.iter_rows() for c in row)
    bad = run_cli("--db", str(registered), "report", "--week", "2026-W60", "--print")
    assert bad.returncode == 1 and "周“2026-W60”不正确" in bad.stderr


def test_demo_seed_fills_an_empty_hall_deterministically_and_refuses_a_used_one(tmp_path, registered):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for path in (first, second):
        result = run_cli("--db", str(path), "demo", "seed", "--days", "30", "--visits-per-day", "20", "--seed", "7")
        assert result.returncode == 0, result.stderr
        assert "已生成演示数据" in result.stdout
    dump = []
    for path in (first, second):
        conn = sqlite3.connect(path)
        dump.append(conn.execute("SELECT hall_day, case_number, outcome, satisfaction FROM visits ORDER BY id").fetchall())
        numbers = [row[0] for row in conn.execute("SELECT doc_number FROM persons")]
        outcomes = {row[0] for row in conn.execute("SELECT outcome FROM visits")}
        last_day = conn.execute("SELECT max(hall_day) FROM visits").fetchone()[0]
        conn.close()
    assert dump[0] == dump[1] and len(dump[0]) > 100
    assert all(idnumber.parse_id_number(n, hall_today()) for n in numbers)
    assert {"不予受理", "依法定途径处理", "受理为信访事项", ""} <= outcomes
    assert date.fromisoformat(last_day) >= hall_today() - timedelta(days=3)  # ends today (weekends closed)
    refused = run_cli("--db", str(registered), "demo", "seed")
    assert refused.returncode == 1 and "已有来访记录" in refused.stderr


def test_demo_data_has_overdue_matters_and_ratings_on_a_long_run(tmp_path):
    clock = FixedClock(datetime(2026, 12, 15, 9, 0, tzinfo=SHANGHAI))
    service = HallService.open(tmp_path / "h.db", HallConfig(), clock)
    summary = service.ledger().seed_demo(days=150, per_day=30, seed=3)
    desk = service.ledger()
    report = desk.monthly_report(desk.period(month="2026-09"))
    on_time = {t.title: t for t in report.tables}["按期办理"]
    assert all(row[2] > 0 for row in on_time.rows)  # some late notices and conclusions
    assert summary.last_day == "2026-12-15" and summary.talks > 0
    service.close()


def test_progress_shows_on_a_terminal_only():
    import io

    from reception.exports.files import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen, piped = Terminal(), io.StringIO()
    for stream in (screen, piped):
        bar = Progress("导出台账", 15_000, stream=stream)
        bar.update(15_000)
        bar.close()
    assert "15000/15000" in screen.getvalue() and piped.getvalue() == ""
