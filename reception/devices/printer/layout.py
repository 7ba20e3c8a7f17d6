"""What a ticket says and where: a `TicketSlip` as a list of print operations.

Pure: no printer, no bytes. The renderer turns the operations into ESC/POS.
The ticket is read at arm's length by people who may see poorly, so the number
is as large as the paper allows and the rest is short.

Only what the slip holds is printed, and the slip holds nothing personal: no
name, no ID number. The QR carries the opaque query code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reception.devices.printer.text import columns as text_columns
from reception.devices.printer.text import fit_scale, printable, wrap
from reception.queue.models import TicketSlip

Align = Literal["left", "center"]

NUMBER_SCALE_MAX = 6  # 6 × 24 dots ≈ 18 mm tall digits
QR_CAPTION = "扫码查询办理进度"


@dataclass(frozen=True)
class Line:
    """One printed line; `scale` multiplies width and height (GS !)."""

    text: str
    scale: int = 1
    align: Align = "left"
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A dashed line across the paper."""


@dataclass(frozen=True)
class QrCode:
    data: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed the ticket past the cutter and cut."""


Op = Line | Rule | QrCode | Feed | Cut


def ticket_layout(slip: TicketSlip, columns: int) -> list[Op]:
    """The operations printing `slip` on paper `columns` font-A columns wide."""
    ops: list[Op] = []
    if slip.reprint:
        ops.append(Line("【补打凭条】", align="center", bold=True))
    ops += _centered(slip.hall_name, columns, largest=2, bold=True)
    ops.append(Rule())
    ops.append(Line("排队号", align="center"))
    number = printable(slip.number).strip() or "?"
    ops.append(Line(number, scale=fit_scale(number, columns, NUMBER_SCALE_MAX), align="center", bold=True))
    ops += _centered(slip.service_name, columns, largest=2)
    ops += _centered(_ahead_text(slip.ahead), columns, largest=2)
    ops.append(Rule())
    ops.append(Line(f"取号时间：{slip.issued_at}"))
    if slip.is_group:
        ops += _left(
            f"集体来访：共{slip.group_size}人，推选代表{slip.representative_count}人",
            columns,
        )
        if slip.representative_rule.strip():
            ops += _left(f"依据：{slip.representative_rule.strip()}", columns)
    ops.append(Feed())
    ops.append(QrCode(slip.query_code))
    ops.append(Line(QR_CAPTION, align="center"))
    ops.append(Line(f"查询码：{group_code(slip.query_code)}", align="center"))
    if slip.notice.strip():
        ops.append(Rule())
        ops += _left(slip.notice.strip(), columns)
    ops.append(Cut())
    return ops


def _ahead_text(ahead: int) -> str:
    if ahead <= 0:
        return "前面没有人等候"
    return f"您前面还有 {ahead} 人等候"


def group_code(code: str) -> str:
    """ABCDEFGHJKMN as ABCD EFGH JKMN: easier to read out and type."""
    code = printable(code).strip()
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def _centered(text: str, columns: int, largest: int, bold: bool = False) -> list[Op]:
    """`text` centred, as large as fits on one line (up to `largest`), else wrapped."""
    text = " ".join(printable(text).split())
    scale = fit_scale(text, columns, largest)
    lines = _balanced(text, columns // scale)
    return [Line(line, scale=scale, align="center", bold=bold) for line in lines]


def _balanced(text: str, width: int) -> list[str]:
    """`text` wrapped in as few lines as at `width`, but of even length: a long
    hall name centred as 某某镇人民政府信访 / 办公室来访接待大厅, not a full line
    and a lone 大厅."""
    lines = wrap(text, width)
    if len(lines) < 2:
        return lines
    for narrower in range(-(-text_columns(text) // len(lines)), width):
        even = wrap(text, narrower)
        if len(even) == len(lines):
            return even
    return lines


def _left(text: str, columns: int) -> list[Op]:
    return [Line(line) for line in wrap(text, columns)]


def sample_page_layout(columns: int, qr_mode: str, description: str) -> list[Op]:
    """A page for the technician: Chinese, sizes, width, a QR, the cut."""
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    ops: list[Op] = [
        Line("打印机测试页", scale=2, align="center", bold=True),
        Rule(),
        Line(description[: columns * 2]),
        Line(f"每行 {columns} 个西文字符 / {columns // 2} 个汉字"),
        Line(ruler),
        Line("汉" * (columns // 2)),
        Line("中文：排队号、信访接待、扫码查询。"),
        Line("标点：，。、：；！？（）《》“”"),
        Line("缺字替换：𠮷 → □"),
        Line("倍宽倍高", scale=2),
        Line("A001", scale=fit_scale("A001", columns, NUMBER_SCALE_MAX), align="center"),
        Line(f"二维码方式：{'打印机原生 (GS ( k)' if qr_mode == 'native' else '图像'}"),
        QrCode("TEST0123456789"),
        Line("扫码应得到 TEST0123456789", align="center"),
        Cut(),
    ]
    return ops
