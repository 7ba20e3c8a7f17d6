"""The shipped default letter templates (.docx), and how they were made.

Each written notice (DOMAIN.md, "The case after the counter": seed 000, 办件程序:
书面见告信访人; seed 003, 四 第二条 1: 答复采用书面形式) has a default template in
`reception/exports/templates/<kind>.docx`, built by this module with python-docx:

    python -m reception.exports.letter_templates   # rewrites the shipped defaults

The office copies them beside its config (`reception case templates`) and edits
letterhead, 文号 and wording in WPS or Word; the `{{ … }}` placeholders are
filled by `reception.exports.letters` (docxtpl, Jinja syntax).
"""

from __future__ import annotations

from pathlib import Path

SHIPPED_DIR = Path(__file__).parent / "templates"

# Every letter names the case, the visitor, the matter, the decision and the date.
COMMON = ("case_number", "name", "matter", "decision", "visit_date", "issue_date")
REQUIRED: dict[str, tuple[str, ...]] = {
    "受理告知书": (*COMMON, "handle_deadline"),
    "不予受理告知书": COMMON,
    "依法定途径处理告知书": (*COMMON, "channel"),
    "延期办理告知书": (*COMMON, "extension_days", "extension_reason", "handle_deadline"),
    "答复意见书": (*COMMON, "reply", "reply_approver", "reply_date", "review_deadline"),
}
# What a placeholder holds, for the office editing a template and for a refusal.
PLACEHOLDERS = {
    "office": "机关名称（配置中的 hall_name）",
    "year": "年份（文号用）",
    "case_number": "登记编号",
    "name": "信访人姓名",
    "matter": "反映的问题",
    "request": "诉求",
    "decision": "处理决定",
    "visit_date": "来访日期",
    "issue_date": "出具日期",
    "notify_deadline": "告知期限",
    "handle_deadline": "办理期限",
    "department": "承办单位",
    "channel": "法定途径",
    "extension_days": "延长天数",
    "extension_reason": "延期理由",
    "reply": "答复意见",
    "reply_approver": "批准领导",
    "reply_date": "答复日期",
    "review_deadline": "申请复查期限",
}

_HEAD = "{{ office }}"
_NUMBER = "〔{{ year }}〕第 {{ case_number }} 号"
_BODIES: dict[str, list[str]] = {
    "受理告知书": [
        "{{ name }}：",
        "您于{{ visit_date }}反映的“{{ matter }}”一事（登记编号：{{ case_number }}），经审查，{{ decision }}。",
        "本机关将依照《信访工作条例》第三十四条的规定，于{{ handle_deadline }}前办结，并书面答复您。",
        "特此告知。",
    ],
    "不予受理告知书": [
        "{{ name }}：",
        "您于{{ visit_date }}反映的“{{ matter }}”一事（登记编号：{{ case_number }}），经审查，{{ decision }}。",
        "特此告知。",
    ],
    "依法定途径处理告知书": [
        "{{ name }}：",
        "您于{{ visit_date }}反映的“{{ matter }}”一事（登记编号：{{ case_number }}），经审查，{{ decision }}。",
        "请您依照有关法律、行政法规的规定，通过{{ channel }}途径向有关机关提出。",
        "特此告知。",
    ],
    "延期办理告知书": [
        "{{ name }}：",
        "您于{{ visit_date }}反映的“{{ matter }}”一事（登记编号：{{ case_number }}），{{ decision }}。",
        "延期理由：{{ extension_reason }}",
        "经本机关负责人批准，办理期限延长 {{ extension_days }} 日，至{{ handle_deadline }}。",
        "特此告知。",
    ],
    "答复意见书": [
        "{{ name }}：",
        "您于{{ visit_date }}反映的“{{ matter }}”一事（登记编号：{{ case_number }}），{{ decision }}：",
        "{{ reply }}",
        "本答复意见经{{ reply_approver }}批准，于{{ reply_date }}作出。如对本答复意见不服，"
        "可以自收到本答复意见之日起30日内（{{ review_deadline }}前）请求原办理机关的上一级机关复查。",
    ],
}


def build(kind: str, target: Path) -> None:
    """Write the default template for `kind` to `target` (python-docx)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def line(text: str, *, bold: bool = False, size: int = 16, align=None, indent: bool = False) -> None:
        paragraph = document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)

    line(_HEAD, bold=True, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    line(kind, bold=True, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    line(_NUMBER, align=WD_ALIGN_PARAGRAPH.RIGHT)
    body = _BODIES[kind]
    line(body[0])
    for text in body[1:]:
        line(text, indent=True)
    line("")
    line(_HEAD, align=WD_ALIGN_PARAGRAPH.RIGHT)
    line("{{ issue_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.save(str(target))


def main() -> None:
    SHIPPED_DIR.mkdir(exist_ok=True)
    for kind in REQUIRED:
        build(kind, SHIPPED_DIR / f"{kind}.docx")


if __name__ == "__main__":
    main()
