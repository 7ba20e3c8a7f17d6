"""The 督办 list as an .xlsx sheet (issue 13 item 8): one row per due date.

Rule (DOMAIN.md, "The case after the counter" — 批示 and 督办; seed 000: 成立健全
信访案件登记督办制度): every due date (告知, 办理, 批示, 包案) in one place, overdue
first, days late shown. Written 0600 to a temporary file and renamed into
place (`files.private_output`); openpyxl is imported here only.
"""

from __future__ import annotations

from pathlib import Path

from reception.exports.files import finish, private_output
from reception.queue.service import SupervisedMatter

HEADERS = ("登记编号", "类型", "期限", "超期天数", "状态", "来访人", "来访日期", "分类",
           "承办单位", "领导", "催办次数", "最近催办")
WIDTHS = (20, 8, 12, 10, 14, 12, 12, 20, 24, 10, 10, 22)


def write_supervision_xlsx(items: list[SupervisedMatter], target: Path, printed_at: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    target = Path(target)
    with private_output(target) as temporary:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "督办"
        overdue = sum(1 for item in items if item.overdue)
        sheet.append([f"督办清单（{printed_at}）：共 {len(items)} 项，已超期 {overdue} 项"])
        sheet.append(list(HEADERS))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        red = Font(color="C00000", bold=True)
        for item in items:
            sheet.append([
                item.case_number, item.kind, item.deadline, item.days_overdue, item.status,
                item.lead_name, item.hall_day, item.category, item.department, item.owner,
                item.reminders, item.last_reminder[:16].replace("T", " "),
            ])
            sheet.cell(sheet.max_row, 3).number_format = "yyyy-mm-dd"
            if item.overdue:
                for column in (3, 4, 5):
                    sheet.cell(sheet.max_row, column).font = red
        for index, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A3"
        book.save(temporary)
        finish(temporary, target)
    return target
