"""The register and the reports as xlsx (openpyxl) and csv, and the reports as text.

Formula injection: a typed name or summary beginning with `=`, `+`, `-`, `@`,
a tab or a carriage return would run as a formula in Excel or WPS. Such a cell
is written as text: in xlsx its data type is set to string; in csv it gets a
leading `'` (what spreadsheet programs take as "text follows").
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reception.queue.report import Report, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def write_ledger_csv(path: Path, columns: Sequence[str], rows: Iterable[tuple],
                     tick: Callable[[int], None]) -> int:
    """UTF-8 with a BOM (Excel on Windows reads Chinese right only with it)."""
    written = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_value(value) for value in row])
            written += 1
            if written % 500 == 0:
                tick(written)
    tick(written)
    return written


def write_ledger_xlsx(path: Path, columns: Sequence[str], widths: dict[str, int], rows: Iterable[tuple],
                      tick: Callable[[int], None], title: str = "信访登记台账") -> int:
    """Streamed (`xlsx_stream`): header bold and frozen, columns sized, dates as dates,
    every text an inline string (so never a formula)."""
    from reception.exports.xlsx_stream import write_xlsx

    return write_xlsx(path, title, columns, [widths.get(name, 12) for name in columns], rows, tick)


# ------------------------------------------------------------------ reports


def write_report_xlsx(path: Path, report: Report, made_at: str) -> None:
    """A cover sheet, then a sheet per table with its chart beside it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    cover = book.active
    cover.title = "说明"
    for line in (report.title, f"统计期间：{report.period.first} 至 {report.period.last}", f"生成时间：{made_at}",
                 "统计口径：按来访日期；按期率只计已到期的受理事项；时长单位为分钟。"):
        cover.append([line])
    cover["A1"].font = Font(bold=True, size=14)
    cover.column_dimensions["A"].width = 80
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(table.title))
        sheet.append(list(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
                elif looks_like_formula(cell.value):
                    cell.data_type = "s"
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.freeze_panes = "A2"
        for index, name in enumerate(table.header, start=1):
            longest = max([_columns(name)] + [_columns(row[index - 1]) for row in table.rows[:500]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
        _chart(sheet, table)
    book.save(path)


def _chart(sheet: Any, table: Table) -> None:
    numbers = [row for row in table.rows if len(row) > 1 and isinstance(row[1], int)]
    if not table.chart or not numbers or len(numbers) != len(table.rows):
        return
    from openpyxl.chart import BarChart, PieChart, Reference

    chart: Any = PieChart() if table.chart == "pie" else BarChart()
    chart.title = table.title
    last = len(table.rows) + 1
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    if table.chart == "bar":
        chart.type = "bar"  # horizontal: long category names stay readable
        chart.legend = None
        chart.height = max(7.5, 0.6 * len(table.rows) + 3)
    chart.width = 18
    sheet.add_chart(chart, f"{_letter(len(table.header) + 2)}2")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _sheet_name(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, "_")
    return title[:31]


def _columns(value: object) -> int:
    text = value.isoformat() if isinstance(value, date) else str(value if value is not None else "")
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def report_text(report: Report) -> str:
    """The same figures as plain text, table after table (for --print)."""
    lines = [report.title, f"统计期间：{report.period.first} 至 {report.period.last}", ""]
    for table in report.tables:
        lines.append(f"【{table.title}】")
        lines.append("\t".join(table.header))
        for row in table.rows:
            lines.append("\t".join("" if value is None else str(value) for value in row))
        if table.note:
            lines.append(table.note)
        lines.append("")
    return "\n".join(lines)
