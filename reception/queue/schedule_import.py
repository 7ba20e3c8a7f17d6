"""Reading the schedule file an office keeps: CSV or XLSX, one row per reception day.

Offices keep the year's schedule in Excel; they send it as .xlsx or save it
as CSV (which Excel on Chinese Windows writes in GBK). Rows come back as the
sheet numbers them, so every error can name the row a person sees.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reception.queue.errors import InvalidInput, os_reason

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000  # a year of daily receptions by many leaders is a few thousand

# An XLSX is a zip: checked before any of it is decompressed, so a small file
# that expands to gigabytes (a zip bomb) is refused at once. A schedule at
# MAX_ROWS is about 11 MB of sheet XML at a ratio near 16; Excel's own files
# hold a dozen entries.
MAX_XLSX_ENTRIES = 500
MAX_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_XLSX_RATIO = 100  # uncompressed / compressed, for each entry above RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024 * 1024
_EOCD = struct.Struct("<4s4H2LH")  # zip's end-of-central-directory record

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
        raise InvalidInput(f"无法读取文件 {path}：{os_reason(exc)}") from None
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
    check_xlsx_archive(path)  # before a byte of it is decompressed
    try:
        import openpyxl  # lazily: only schedule imports need it
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - a runtime dependency
        raise InvalidInput("缺少 openpyxl，无法读取 XLSX 文件；请先另存为 CSV") from None

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


def check_xlsx_archive(path: Path) -> None:
    """Refuse an XLSX whose zip would expand too far, before anything in it is
    decompressed: the entry count from the end record (before the directory is
    parsed), then each entry's declared size and ratio (Python's zipfile never
    yields more than the declared size, so a lying entry is cut short, not a bomb)."""
    not_xlsx = InvalidInput(f"{path.name} 不是有效的 XLSX 文件（文件损坏或不是 Excel 格式）")
    too_big = InvalidInput(
        f"{path.name} 解压后过大或压缩比异常，不像接访日安排表，已拒绝导入"
        "（请在 Excel 中打开后另存为 .xlsx 或 CSV 再导入）"
    )
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, io.SEEK_END)
            handle.seek(max(0, size - (_EOCD.size + 0xFFFF)))
            tail = handle.read()
    except OSError as exc:
        raise InvalidInput(f"无法读取文件 {path}：{os_reason(exc)}") from None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        raise not_xlsx
    entries = _EOCD.unpack_from(tail, at)[4]
    if entries > MAX_XLSX_ENTRIES:  # 0xFFFF too: a zip64 directory, never an office's sheet
        raise too_big
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_xlsx from None
    if len(infos) > MAX_XLSX_ENTRIES:
        raise too_big
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_XLSX_UNCOMPRESSED_BYTES:
            raise too_big
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            raise too_big
