"""`reception case …` and `reception supervise list` as an office clerk uses them (issue 13)."""

from __future__ import annotations

import json
from dataclasses import replace

import docx
import openpyxl
import pytest

from reception.config import load_config
from reception.queue.clock import Clock
from reception.queue.service import HallService
from tests.casework.conftest import FORM
from tests.helpers import ALWAYS_OPEN, REPO_ROOT, approver_account, run_cli, walk_in


@pytest.fixture
def office(tmp_path):
    """A database at the real hall clock with one accepted case; returns (db, case number)."""
    config = load_config(REPO_ROOT / "tests" / "always_open.toml")
    db = tmp_path / "hall.db"
    service = HallService.open(db, config, Clock(config.tz))
    visit = walk_in(service._hall, 1).ticket.visit_id
    number = service.register(visit, replace(FORM, summary="拖欠工资 <三个月>"), "staff1").form.case_number
    approver_account(service._hall, "fuzeren")
    service.close()
    return str(db), number


def cli(db: str, *args: str):
    return run_cli("--db", db, *args, env=ALWAYS_OPEN)


def test_case_document_writes_a_docx_word_and_wps_open(office, tmp_path):
    db, number = office
    out = tmp_path / "受理.docx"
    result = cli(db, "case", "document", number, "--kind", "受理告知书", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert number in text and "来访人1" in text and "拖欠工资 <三个月>" in text and "决定予以受理" in text


def test_case_document_refused_without_that_decision(office, tmp_path):
    db, number = office
    out = tmp_path / "答复.docx"
    result = cli(db, "case", "document", number, "--kind", "答复意见书", "--out", str(out))
    assert result.returncode != 0 and "没有答复的决定，不能生成答复意见书" in result.stderr
    assert not out.exists()
    unknown = cli(db, "case", "document", "XF-NONE", "--kind", "受理告知书", "--out", str(out))
    assert unknown.returncode != 0 and "没有登记编号为 XF-NONE 的信访事项" in unknown.stderr


def test_case_extend_by_a_responsible_account_writes_the_notice(office, tmp_path):
    db, number = office
    refused = cli(db, "case", "extend", number, "--reason", "需会商", "--actor", "staff1")
    assert refused.returncode != 0 and "负责人" in refused.stderr
    out = tmp_path / "延期.docx"
    done = cli(db, "case", "extend", number, "--reason", "涉及多个部门", "--days", "15",
               "--out", str(out), "--actor", "fuzeren")
    assert done.returncode == 0, done.stderr
    assert "已延长 15 日" in done.stdout and "涉及多个部门" in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    twice = cli(db, "case", "extend", number, "--reason", "再延", "--actor", "fuzeren")
    assert twice.returncode != 0 and "只能延长一次" in twice.stderr


def test_case_deliver_conclude_and_show(office):
    db, number = office
    delivered = cli(db, "case", "deliver", number, "--kind", "受理告知书", "--method", "邮寄", "--note", "EMS1")
    assert delivered.returncode == 0, delivered.stderr
    no_approver = cli(db, "case", "conclude", number, "--reply", "已结清", "--approver", "")
    assert no_approver.returncode != 0 and "批准领导" in no_approver.stderr
    done = cli(db, "case", "conclude", number, "--reply", "已结清工资", "--approver", "fuzeren")
    assert done.returncode == 0, done.stderr
    shown = cli(db, "case", "show", number)
    assert "送达：受理告知书" in shown.stdout and "邮寄（EMS1）" in shown.stdout
    assert "答复" in shown.stdout and "已结清工资" in shown.stdout and "批准：fuzeren" in shown.stdout


def test_supervise_list_json_xlsx_and_reminder(office, tmp_path):
    db, number = office
    listed = cli(db, "supervise", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert [(i["case_number"], i["kind"], i["days_overdue"]) for i in items] == [
        (number, "告知", 0), (number, "办理", 0)]
    assert all(set(i) >= {"case_number", "kind", "due", "days_overdue"} for i in items)
    assert json.loads(cli(db, "supervise", "list", "--overdue", "--json").stdout) == []
    reminded = cli(db, "supervise", "remind", number, "--kind", "办理", "--method", "电话", "--actor", "staff1")
    assert reminded.returncode == 0, reminded.stderr
    out = tmp_path / "督办.xlsx"
    written = cli(db, "supervise", "list", "--out", str(out))
    assert written.returncode == 0, written.stderr
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("登记编号", "类型", "期限", "超期天数")
    assert [(r[0], r[1], r[10]) for r in rows[2:]] == [(number, "告知", 0), (number, "办理", 1)]
    bad = cli(db, "supervise", "list", "--out", str(tmp_path / "督办.csv"))
    assert bad.returncode != 0 and ".xlsx" in bad.stderr


def test_case_templates_init_copies_the_defaults_beside_the_config(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text((REPO_ROOT / "tests" / "always_open.toml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("--db", str(tmp_path / "h.db"), "--config", str(config), "case", "templates", "--init")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "letter_templates" / "答复意见书.docx").exists()
    assert "机关模板" in result.stdout


def test_user_approver_grants_and_withdraws_the_responsible_flag(office):
    db, number = office
    off = cli(db, "--actor", "admin", "user", "approver", "fuzeren", "--off")
    assert off.returncode == 0 and "负责人权限已撤销" in off.stdout
    refused = cli(db, "case", "extend", number, "--reason", "需会商", "--actor", "fuzeren")
    assert refused.returncode != 0 and "负责人" in refused.stderr
    on = cli(db, "--actor", "admin", "user", "approver", "fuzeren")
    assert on.returncode == 0 and "已授予负责人权限" in on.stdout
    assert "（负责人）" in cli(db, "user", "list").stdout
    unknown = cli(db, "user", "approver", "nobody")
    assert unknown.returncode != 0 and "没有用户名为 nobody 的账号" in unknown.stderr
