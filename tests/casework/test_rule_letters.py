"""Written notices and replies as .docx (DOMAIN.md "The case after the counter"; seed 000, 办件程序:
书面见告信访人; seed 003, 四 第二条 1: 答复采用书面形式), from templates the office edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest

from reception.exports.files import ExportError
from reception.exports.letter_templates import REQUIRED, SHIPPED_DIR, build
from reception.exports.letters import LetterError, template_for, templates_dir, write_letter
from reception.queue.errors import RuleViolation
from tests.casework.conftest import register_case

TODAY = date(2026, 11, 25)


def text_of(path: Path) -> str:
    """What python-docx reads back: the file opens, and this is what it says."""
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def letter(service, visit_id: int, kind: str, target: Path, config=None) -> str:
    case = service.case_document(visit_id, kind)
    write_letter(case, kind, target, config or service.config, TODAY)
    return text_of(target)


def test_rule_written_notice_acceptance_carries_the_case(service, case, tmp_path):
    number = service.case_file(case).case_number
    text = letter(service, case, "受理告知书", tmp_path / "受理.docx")
    for expected in (number, "来访人1", "某公司拖欠工资三个月", "决定予以受理，交由市人社局办理",
                     "2026年11月25日", "2027年1月24日", "受理告知书"):
        assert expected in text
    assert oct((tmp_path / "受理.docx").stat().st_mode & 0o777) == "0o600"


def test_rule_written_notice_refusal_and_statutory_channel(service, tmp_path):
    refused = register_case(service, 2, outcome="不予受理", handling="", department="")
    assert "决定不予受理" in letter(service, refused, "不予受理告知书", tmp_path / "a.docx")
    channel = register_case(service, 3, outcome="依法定途径处理", statutory_channel="仲裁",
                            handling="", department="")
    text = letter(service, channel, "依法定途径处理告知书", tmp_path / "b.docx")
    assert "通过仲裁途径" in text and "来访人3" in text


def test_rule_written_notice_extension_and_reply(service, case, approver, leader, tmp_path):
    service.extend_deadline(case, "涉及多个部门，需要会商", approver, days=20)
    text = letter(service, case, "延期办理告知书", tmp_path / "延期.docx")
    assert "涉及多个部门，需要会商" in text and "延长 20 日" in text and "2027年2月13日" in text
    service.conclude(case, "staff1", reply="经协调，公司已结清工资。\n请您知悉。", approver="李副县长")
    text = letter(service, case, "答复意见书", tmp_path / "答复.docx")
    assert "经协调，公司已结清工资。" in text and "请您知悉。" in text and "李副县长" in text
    assert "2026年12月25日" in text  # 复查 within 30 days of the reply


def test_rule_written_notice_refused_without_that_decision(service, case, tmp_path):
    for kind in ("不予受理告知书", "依法定途径处理告知书", "延期办理告知书", "答复意见书"):
        with pytest.raises(RuleViolation, match=f"不能生成{kind}"):
            service.case_document(case, kind)


def test_rule_written_notice_visitor_text_is_text_not_markup(service, tmp_path):
    visit = register_case(service, 4, summary="<w:p>&amp; {{ name }} 拖欠</w:p>")
    text = letter(service, visit, "受理告知书", tmp_path / "x.docx")
    assert "<w:p>&amp; {{ name }} 拖欠</w:p>" in text


def test_rule_written_notice_uses_the_offices_template_beside_the_config(service, case, tmp_path):
    config = replace(service.config, source=str(tmp_path / "config.toml"))
    assert templates_dir(config) == tmp_path / "letter_templates"
    assert template_for("受理告知书", config) == SHIPPED_DIR / "受理告知书.docx"
    own = tmp_path / "letter_templates" / "受理告知书.docx"
    own.parent.mkdir()
    document = docx.Document(str(SHIPPED_DIR / "受理告知书.docx"))
    document.paragraphs[0].runs[0].text = "测试县人民政府信访局"
    document.save(str(own))
    assert template_for("受理告知书", config) == own
    assert "测试县人民政府信访局" in letter(service, case, "受理告知书", tmp_path / "out.docx", config)


def test_rule_written_notice_placeholder_split_across_runs_by_an_editor(service, case, tmp_path):
    """Word and WPS split `{{ name }}` into runs while the office edits: still filled."""
    config = replace(service.config, source=str(tmp_path / "config.toml"))
    own = tmp_path / "letter_templates" / "受理告知书.docx"
    own.parent.mkdir()
    document = docx.Document(str(SHIPPED_DIR / "受理告知书.docx"))
    salutation = document.paragraphs[3]
    assert salutation.text == "{{ name }}："
    salutation.runs[0].text = "{{ na"
    salutation.add_run("me }}：")
    document.save(str(own))
    assert "来访人1：" in letter(service, case, "受理告知书", tmp_path / "out.docx", config)


def test_rule_written_notice_template_missing_a_placeholder_is_refused(service, case, tmp_path):
    config = replace(service.config, source=str(tmp_path / "config.toml"))
    own = tmp_path / "letter_templates" / "受理告知书.docx"
    own.parent.mkdir()
    document = docx.Document(str(SHIPPED_DIR / "受理告知书.docx"))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("{{ case_number }}", "")
    document.save(str(own))
    target = tmp_path / "out.docx"
    with pytest.raises(LetterError, match=r"缺少占位符：\{\{ case_number \}\}（登记编号）"):
        letter(service, case, "受理告知书", target, config)
    assert not [p for p in tmp_path.iterdir() if "out.docx" in p.name]  # nothing half-written


def test_rule_written_notice_template_with_an_unknown_placeholder_is_refused(service, case, tmp_path):
    config = replace(service.config, source=str(tmp_path / "config.toml"))
    own = tmp_path / "letter_templates" / "受理告知书.docx"
    own.parent.mkdir()
    document = docx.Document(str(SHIPPED_DIR / "受理告知书.docx"))
    document.add_paragraph("{{ 文号 }}{{ phone }}")
    document.save(str(own))
    with pytest.raises(LetterError, match="不认识的占位符"):
        letter(service, case, "受理告知书", tmp_path / "out.docx", config)
    own.write_bytes(b"not a docx")
    with pytest.raises(LetterError, match="无法读取"):
        letter(service, case, "受理告知书", tmp_path / "out.docx", config)


def test_rule_written_notice_output_must_be_docx_and_writable(service, case, tmp_path):
    with pytest.raises(LetterError, match=r"\.docx"):
        letter(service, case, "受理告知书", tmp_path / "out.pdf")
    with pytest.raises(ExportError, match="目录不存在"):
        letter(service, case, "受理告知书", tmp_path / "missing" / "out.docx")


def test_shipped_templates_are_what_the_generator_builds(tmp_path):
    for kind, needed in REQUIRED.items():
        build(kind, tmp_path / f"{kind}.docx")
        assert text_of(tmp_path / f"{kind}.docx") == text_of(SHIPPED_DIR / f"{kind}.docx")
        assert all(f"{{{{ {name} }}}}" in text_of(SHIPPED_DIR / f"{kind}.docx") for name in needed)
