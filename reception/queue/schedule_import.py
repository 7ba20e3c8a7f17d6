"""Reading the schedule file an office keeps: CSV or XLSX, one row per reception day.

Offices keep the year's schedule in Excel; they send it as .xlsx or save it
as CSV (which Excel on Chinese Windows writes in GBK). Rows come back as the
sheet numbers them, so every error can name the row a person sees.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reception.queue.errors import InvalidInput

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000  # a year of daily receptions by many leaders is a few thousand

Rows = list[tuple[int, list[Any]]]
Progress = Callable[[str, int, int], None]


def read_rows(path: str | Path, progress: Progress | None = None) -> Rows:
    """The sheet's rows as (row number, cells); refuses what it cannot read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InvalidInput("不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 CSV 后再导入")
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise InvalidInput(f"只能导入 CSV 或 XLSX 文件，{path.name} 不是")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidInput(f"找不到文件 {path}") from None
    except OSError as exc:
        raise InvalidInput(f"无法读取文件 {path}：{exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise InvalidInput(f"文件过大（{size // 1024 // 1024} MB），接访日安排表不应超过 20 MB")
    if suffix == ".csv":
        return _read_csv(path)
    return _read_xlsx(path, progress)


def _read_csv(path: Path) -> Rows:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise InvalidInput("CSV 文件的编码无法识别，请另存为 UTF-8 编码")
    if "\x00" in text:
        raise InvalidInput(f"{path.name} 不是文本格式的 CSV 文件")
    rows: Rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise InvalidInput(f"行数超过 {MAX_ROWS}，请拆分后分批导入")
            rows.append((number, cells))
    except csv.Error as exc:
        raise InvalidInput(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from None
    return rows


def _read_xlsx(path: Path, progress: Progress | None) -> Rows:
    try:
        import openpyxl  # lazily: only schedule imports need it
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - a runtime dependency
        raise InvalidInput("缺少 openpyxl，无法读取 XLSX 文件；请先另存为 CSV") from None
    import zipfile

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InvalidInput(f"{path.name} 不是有效的 XLSX 文件（文件损坏或不是 Excel 格式）") from None
    try:
        sheets = [sheet for sheet in book.worksheets if getattr(sheet, "sheet_state", "visible") == "visible"]
        if not sheets:
            raise InvalidInput(f"{path.name} 中没有可见的工作表")
        sheet = sheets[0]  # the schedule is the first sheet; notes often follow
        total = sheet.max_row or 0
        rows: Rows = []
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if number > MAX_ROWS:
                raise InvalidInput(f"行数超过 {MAX_ROWS}，请拆分后分批导入")
            rows.append((number, list(cells)))
            if progress is not None and number % 200 == 0:
                progress("读取", number, max(total, number))
        if progress is not None and rows:
            progress("读取", len(rows), len(rows))
        return rows
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InvalidInput(f"{path.name} 读取失败（文件损坏）：{exc}") from None
    finally:
        book.close()
