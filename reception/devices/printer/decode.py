"""Reading ESC/POS job bytes back: what a printer would put on the paper.

A small interpreter for the commands tickets use (and the common ones around
them): text lines with their size, alignment and whether their non-ASCII bytes
came inside Chinese mode (FS & … FS .), native QR symbols (GS ( k) with their
payload, raster images (GS v 0), cuts. It is strict: anything a Chinese printer
would print wrongly (a byte ≥ 0x80 outside Chinese mode, a 4-byte GB18030
code, a truncated command, an unknown one) is listed in `problems`.

Used by the preview target and `reception printer show FILE` to show what a
ticket contains, and by the tests to check the bytes the renderer sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

ESC, FS, GS, DLE = 0x1B, 0x1C, 0x1D, 0x10
LF, CR, HT = 0x0A, 0x0D, 0x09

_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_QR_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}

# ESC and FS commands with a fixed number of parameter bytes.
_ESC_FIXED = {
    ord("@"): 0, ord("a"): 1, ord("E"): 1, ord("!"): 1, ord("d"): 1, ord("J"): 1,
    ord("2"): 0, ord("3"): 1, ord("t"): 1, ord("-"): 1, ord("M"): 1, ord("R"): 1,
    ord("G"): 1, ord("V"): 1, ord("{"): 1, ord("p"): 3, ord(" "): 1, ord("$"): 2,
    ord("c"): 2, ord("e"): 1, ord("U"): 1,
}  # fmt: skip
_FS_FIXED = {ord("&"): 0, ord("."): 0, ord("!"): 1, ord("C"): 1, ord("-"): 1, ord("S"): 2, ord("W"): 1}
_GS_FIXED = {
    ord("!"): 1, ord("B"): 1, ord("L"): 2, ord("W"): 2, ord("H"): 1, ord("f"): 1,
    ord("h"): 1, ord("w"): 1, ord("r"): 1, ord("a"): 1, ord("b"): 1, ord("P"): 2,
}  # fmt: skip


@dataclass(frozen=True)
class TextLine:
    text: str
    width: int = 1  # GS ! multipliers
    height: int = 1
    align: str = "left"
    bold: bool = False
    chinese_mode: bool = False  # FS & was in force for the line's characters


@dataclass(frozen=True)
class QrSymbol:
    data: str
    module: int
    error_correction: str
    align: str = "left"


@dataclass(frozen=True)
class RasterImage:
    width_bytes: int
    height: int
    data: bytes
    align: str = "left"

    @property
    def width(self) -> int:
        return self.width_bytes * 8

    def image(self) -> Image.Image:
        """The raster as a 1-bit image, black dots black."""
        from PIL import Image

        bits = Image.frombytes("1", (self.width, self.height), self.data)
        return bits.point(lambda v: 0 if v else 255, mode="1")


@dataclass(frozen=True)
class CutMark:
    partial: bool = False


@dataclass(frozen=True)
class FeedLines:
    lines: int


Item = TextLine | QrSymbol | RasterImage | CutMark | FeedLines


@dataclass
class Decoded:
    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    queries: list[bytes] = field(default_factory=list)  # DLE EOT / GS r found in the job

    @property
    def lines(self) -> list[TextLine]:
        return [i for i in self.items if isinstance(i, TextLine)]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def qr_codes(self) -> list[QrSymbol]:
        return [i for i in self.items if isinstance(i, QrSymbol)]

    @property
    def rasters(self) -> list[RasterImage]:
        return [i for i in self.items if isinstance(i, RasterImage)]

    @property
    def cuts(self) -> list[CutMark]:
        return [i for i in self.items if isinstance(i, CutMark)]


class _State:
    def __init__(self) -> None:
        self.reset()
        self.chinese = False

    def reset(self) -> None:
        self.width = 1
        self.height = 1
        self.align = "left"
        self.bold = False
        self.chinese = False
        self.qr_module = 3
        self.qr_ec = "L"
        self.qr_data: bytes | None = None


def decode(data: bytes) -> Decoded:
    """Interpret `data` as a printer would; see the module docstring."""
    out = Decoded()
    state = _State()
    chars: list[str] = []
    line_state: dict | None = None  # the modes when the line's first character came
    chinese_all = True

    def start_char() -> None:
        nonlocal line_state, chinese_all
        if line_state is None:
            line_state = dict(
                width=state.width, height=state.height, align=state.align, bold=state.bold
            )
            chinese_all = True
        chinese_all = chinese_all and state.chinese

    def end_line(forced: bool) -> None:
        nonlocal line_state, chars
        if line_state is None and not forced:
            return
        modes = line_state or dict(
            width=state.width, height=state.height, align=state.align, bold=state.bold
        )
        text = "".join(chars)
        out.items.append(TextLine(text, chinese_mode=chinese_all and bool(chars), **modes))
        chars = []
        line_state = None

    i = 0
    n = len(data)

    def need(count: int, what: str) -> bytes | None:
        if i + count > n:
            out.problems.append(f"{what} 命令不完整（第 {i} 字节）")
            return None
        return data[i : i + count]

    while i < n:
        b = data[i]
        if b == LF:
            end_line(forced=True)
            i += 1
        elif b == CR:
            i += 1
        elif b == HT:
            start_char()
            chars.append(" ")
            i += 1
        elif b == ESC:
            i += 1
            cmd = need(1, "ESC")
            if cmd is None:
                break
            c = cmd[0]
            i += 1
            if c == ord("*"):
                head = need(3, "ESC *")
                if head is None:
                    break
                m, nl, nh = head
                count = (nl + nh * 256) * (3 if m in (32, 33) else 1)
                if need(3 + count, "ESC *") is None:
                    break
                i += 3 + count
                continue
            if c not in _ESC_FIXED:
                out.problems.append(f"未知命令 ESC {c:#04x}（第 {i - 2} 字节）")
                continue
            params = need(_ESC_FIXED[c], f"ESC {chr(c)}")
            if params is None:
                break
            i += len(params)
            if c == ord("@"):
                end_line(forced=False)
                state.reset()
            elif c == ord("a"):
                state.align = _ALIGN.get(params[0], "left")
            elif c == ord("E"):
                state.bold = bool(params[0] & 1)
            elif c == ord("!"):
                state.width = 2 if params[0] & 0x20 else 1
                state.height = 2 if params[0] & 0x10 else 1
            elif c == ord("d"):
                end_line(forced=False)
                out.items.append(FeedLines(params[0]))
        elif b == FS:
            i += 1
            cmd = need(1, "FS")
            if cmd is None:
                break
            c = cmd[0]
            i += 1
            if c not in _FS_FIXED:
                out.problems.append(f"未知命令 FS {c:#04x}（第 {i - 2} 字节）")
                continue
            params = need(_FS_FIXED[c], f"FS {chr(c)}")
            if params is None:
                break
            i += len(params)
            if c == ord("&"):
                state.chinese = True
            elif c == ord("."):
                state.chinese = False
        elif b == GS:
            i += 1
            cmd = need(1, "GS")
            if cmd is None:
                break
            c = cmd[0]
            i += 1
            if c == ord("("):
                head = need(3, "GS (")
                if head is None:
                    break
                fn_class, pl, ph = head
                length = pl + ph * 256
                body = need(3 + length, f"GS ( {chr(fn_class)}")
                if body is None:
                    break
                body = body[3:]
                i += 3 + length
                if fn_class == ord("k"):
                    _qr_function(body, state, out)
                continue
            if c == ord("v"):
                head = need(6, "GS v 0")
                if head is None:
                    break
                _zero, _mode, xl, xh, yl, yh = head
                width_bytes, height = xl + xh * 256, yl + yh * 256
                body = need(6 + width_bytes * height, "GS v 0")
                if body is None:
                    break
                end_line(forced=False)
                out.items.append(RasterImage(width_bytes, height, bytes(body[6:]), state.align))
                i += 6 + width_bytes * height
                continue
            if c == ord("V"):
                mode = need(1, "GS V")
                if mode is None:
                    break
                m = mode[0]
                i += 1
                if m in (65, 66, 97, 98, 103, 104):
                    if need(1, "GS V") is None:
                        break
                    i += 1
                elif m not in (0, 1, 48, 49):
                    out.problems.append(f"GS V 的切纸方式 {m} 无效")
                end_line(forced=False)
                out.items.append(CutMark(partial=m in (1, 49, 66, 98, 104)))
                continue
            if c not in _GS_FIXED:
                out.problems.append(f"未知命令 GS {c:#04x}（第 {i - 2} 字节）")
                continue
            params = need(_GS_FIXED[c], f"GS {chr(c)}")
            if params is None:
                break
            i += len(params)
            if c == ord("!"):
                state.width = (params[0] >> 4) + 1
                state.height = (params[0] & 0x0F) + 1
                if state.width > 8 or state.height > 8:
                    out.problems.append(f"GS ! {params[0]:#04x}: 字符倍数超出 1–8")
            elif c == ord("r"):
                out.queries.append(bytes([GS, c, params[0]]))
        elif b == DLE:
            query = need(3, "DLE")
            if query is None:
                break
            out.queries.append(bytes(query))
            i += 3
        elif b < 0x20 or b == 0x7F:
            out.problems.append(f"多余的控制字节 {b:#04x}（第 {i} 字节）")
            i += 1
        elif b < 0x80:
            start_char()
            chars.append(chr(b))
            i += 1
        elif not state.chinese:
            out.problems.append(f"中文模式 (FS &) 之外的字节 {b:#04x}（第 {i} 字节）：打印机会印成乱码")
            start_char()
            chars.append("?")
            i += 1
        else:
            pair = data[i : i + 2]
            if len(pair) < 2 or not 0x81 <= b <= 0xFE:
                out.problems.append(f"不完整的 GB18030 字符（第 {i} 字节）")
                start_char()
                chars.append("?")
                i += 1
                continue
            if 0x30 <= pair[1] <= 0x39:
                out.problems.append(f"四字节 GB18030 编码（第 {i} 字节）：打印机字库没有这个字")
                start_char()
                chars.append("?")
                i += 4
                continue
            try:
                ch = pair.decode("gb18030")
            except UnicodeDecodeError:
                out.problems.append(f"无效的 GB18030 字符 {pair.hex()}（第 {i} 字节）")
                ch = "?"
            start_char()
            chars.append(ch)
            i += 2
    end_line(forced=False)
    return out


def _qr_function(body: bytes, state: _State, out: Decoded) -> None:
    """GS ( k with cn = '1' (QR): model, size, error correction, store, print."""
    if len(body) < 2:
        out.problems.append("GS ( k 参数不完整")
        return
    cn, fn = body[0], body[1]
    if cn != ord("1"):
        return  # PDF417 and other 2D codes: not used on tickets
    if fn == 67:
        state.qr_module = body[2] if len(body) > 2 else state.qr_module
    elif fn == 69:
        state.qr_ec = _QR_EC.get(body[2], "?") if len(body) > 2 else state.qr_ec
    elif fn == 80:
        state.qr_data = bytes(body[3:])
    elif fn == 81:
        if state.qr_data is None:
            out.problems.append("打印二维码前没有存入数据 (GS ( k fn 80)")
            return
        try:
            data = state.qr_data.decode("utf-8")
        except UnicodeDecodeError:
            data = state.qr_data.decode("latin-1")
        out.items.append(QrSymbol(data, state.qr_module, state.qr_ec, state.align))
