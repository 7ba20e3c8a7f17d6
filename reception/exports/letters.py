"""Written notices and replies to the visitor as .docx files (issue 13 item 4).

Rule (DOMAIN.md, "The case after the counter"): seed 000, 办件程序: 书面见告信访人;
答复建议经领导批阅后书面见告; seed 003, 四 第二条 1: 答复采用书面形式. Five letters:
受理告知书, 不予受理告知书, 依法定途径处理告知书, 延期办理告知书, 答复意见书, each
carrying the case number, the visitor's name, the matter, the decision, dates
and deadlines. The core decides whether a case has the decision
(`HallService.case_document`); this module only lays it out.

Templates: the office's own `<kind>.docx` in the directory `letter_templates`
beside the config file (`HallConfig.source`; without a config file, beside
where it would be: the user data directory), else the shipped default in
`reception/exports/templates/`. Placeholders are Jinja (`{{ case_number }}`),
filled by docxtpl, which also joins a placeholder that Word or WPS split
across runs while the office edited it. A template missing a placeholder the
letter needs, or naming one that does not exist, is refused in Chinese.
The file is written to a temporary file beside the target and renamed into
place (`files.private_output`): nothing half-written is ever left.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reception.config import HallConfig
from reception.exports.files import ExportError, finish, private_output
from reception.exports.letter_templates import PLACEHOLDERS, REQUIRED, SHIPPED_DIR
from reception.paths import data_dir
from reception.queue.service import CaseFile

TEMPLATES_DIRNAME = "letter_templates"
REVIEW_DAYS = 30  # 条例 Art. 35: 复查 asked for within 30 days of the reply


class LetterError(ExportError):
    """A letter that cannot be made; the message is Chinese."""


def templates_dir(config: HallConfig) -> Path:
    """Where the office keeps its edited templates: beside the config file."""
    base = Path(config.source).parent if config.source else data_dir()
    return base / TEMPLATES_DIRNAME


def template_for(kind: str, config: HallConfig) -> Path:
    """The office's template for `kind` if it has one, else the shipped default."""
    if kind not in REQUIRED:
        raise LetterError(f"没有“{kind[:20]}”这种文书（可选：{' / '.join(REQUIRED)}）")
    own = templates_dir(config) / f"{kind}.docx"
    return own if own.exists() else SHIPPED_DIR / f"{kind}.docx"


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def decision_text(case: CaseFile, kind: str) -> str:
    """The decision the letter announces, in the letter's words."""
    if kind == "受理告知书":
        where = f"，交由{case.department}办理" if case.department else ""
        return f"符合《信访工作条例》规定的受理条件，决定予以受理{where}"
    if kind == "不予受理告知书":
        return "不属于本机关信访事项受理范围，决定不予受理"
    if kind == "依法定途径处理告知书":
        return f"该事项属于应当通过{case.statutory_channel}等法定途径解决的事项，本机关不作为信访事项受理"
    if kind == "延期办理告知书":
        return "因情况复杂，不能在规定期限内办结，决定延期办理"
    return "现已办理完毕，答复如下"


def context(case: CaseFile, kind: str, office: str, today: dt.date) -> dict[str, Any]:
    """What the placeholders hold (see letter_templates.PLACEHOLDERS)."""
    from docxtpl import Listing

    def text(value: str) -> Listing:  # escaped, line breaks kept
        return Listing(value)

    review = case.reply_at + dt.timedelta(days=REVIEW_DAYS) if case.reply_at else None
    return {
        "office": text(office),
        "year": str(today.year),
        "case_number": text(case.case_number),
        "name": text(case.name),
        "matter": text(case.summary),
        "request": text(case.request),
        "decision": text(decision_text(case, kind)),
        "visit_date": chinese_date(case.hall_day),
        "issue_date": chinese_date(today),
        "notify_deadline": chinese_date(case.notify_deadline),
        "handle_deadline": chinese_date(case.handle_deadline),
        "department": text(case.department),
        "channel": text(case.statutory_channel),
        "extension_days": str(case.extension_days or ""),
        "extension_reason": text(case.extension_reason),
        "reply": text(case.reply_text),
        "reply_approver": text(case.reply_approver),
        "reply_date": chinese_date(case.reply_at),
        "review_deadline": chinese_date(review),
    }


def check_template(path: Path, kind: str) -> None:
    """Refuse a template missing a placeholder the letter needs or naming an unknown one."""
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(str(path))
        used = set(template.get_undeclared_template_variables())
    except Exception as exc:  # a broken .docx or Jinja syntax: the office's file, said plainly
        raise LetterError(f"模板 {path} 无法读取（不是有效的 .docx 模板：{type(exc).__name__}）") from None
    missing = [name for name in REQUIRED[kind] if name not in used]
    if missing:
        shown = "、".join(f"{{{{ {name} }}}}（{PLACEHOLDERS[name]}）" for name in missing)
        raise LetterError(f"模板 {path} 缺少占位符：{shown}，请补上后再生成{kind}")
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        raise LetterError(
            f"模板 {path} 中有不认识的占位符：{'、'.join(unknown)}（可用：{'、'.join(PLACEHOLDERS)}）"
        )


def write_letter(case: CaseFile, kind: str, target: Path, config: HallConfig, today: dt.date) -> Path:
    """Fill the template for `kind` from `case` and write it to `target` (.docx),
    all or nothing."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined

    target = Path(target)
    if target.suffix.lower() != ".docx":
        raise LetterError(f"输出文件须以 .docx 结尾：{target}")
    path = template_for(kind, config)
    check_template(path, kind)
    template = DocxTemplate(str(path))
    values = context(case, kind, config.hall_name, today)
    with private_output(target) as temporary:
        template.render(values, Environment(undefined=StrictUndefined, autoescape=True), autoescape=True)
        template.save(str(temporary))
        finish(temporary, target)
    return target
