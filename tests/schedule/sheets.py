"""Schedule sheets as offices keep them, written to real CSV and XLSX files."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["日期", "星期", "领导", "职务", "分管领域", "时间", "地点", "方式", "限额"]

# The hall's clock in tests stands at 2026-11-25 09:00, a Wednesday.
GOOD_ROWS = [
    ["2026-11-25", "星期三", "王建国", "副县长", "城乡建设、交通运输", "09:00-11:30", "第一接待室", "定点", "3"],
    ["2026-11-25", "星期三", "李红梅", "县委常委", "政法、社会治理", "14:30-17:00", "第二接待室", "预约", "2"],
    ["2026-11-26", "星期四", "王建国", "副县长", "城乡建设、交通运输", "09:00-11:30", "第一接待室", "定点", "10"],
    ["2026-12-01", "星期二", "赵卫东", "县长", "全面工作", "08:30-11:30", "县信访局接待大厅", "定点", "20"],
]


def good_rows() -> list[list[str]]:
    return [list(row) for row in GOOD_ROWS]


def write_csv(path: Path, rows: list[list], header=HEADER, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], header=HEADER, title: str | None = None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "接访日安排"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
