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


def write_xlsx_bomb(path: Path, expands_to: int = 1 << 30) -> Path:
    """A real workbook whose first sheet is replaced by one cell of `expands_to`
    bytes of text that deflates ~1000:1 (1 GiB in about 1 MB): a zip bomb.

    Built in a fraction of a second: one MiB is compressed once, ending on a
    full flush (byte-aligned, no back-references), and those bytes are repeated;
    concatenated they are one valid deflate stream. Its CRC is left at 0 (the
    true one would cost seconds to compute): a reader finds that out only after
    decompressing the whole gigabyte, which is what the check must prevent."""
    import io
    import struct
    import zipfile
    import zlib

    def deflate(data: bytes, final: bool = False) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    real = io.BytesIO()
    write_xlsx(real, good_rows())  # openpyxl saves to a file object too
    entries = []  # (name, compressed, crc, size)
    with zipfile.ZipFile(real) as book:
        for info in book.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                continue
            data = book.read(info)
            entries.append((info.filename, deflate(data, final=True), zlib.crc32(data), len(data)))
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row></sheetData></worksheet>"
    chunk = 1 << 20
    repeats = -(-(expands_to - len(head) - len(tail)) // chunk)  # at least expands_to
    body = deflate(b"A" * chunk)
    sheet = b"".join([deflate(head), body * repeats, deflate(tail, final=True)])
    entries.append(("xl/worksheets/sheet1.xml", sheet, 0, len(head) + repeats * chunk + len(tail)))

    out = bytearray()
    directory = bytearray()
    for name, data, crc, size in entries:
        encoded = name.encode()
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                                 len(data), size, len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size,
                           len(encoded), 0) + encoded + data
    out += directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                                   len(directory), len(out), 0)
    path.write_bytes(bytes(out))
    return path
