"""Print operations → the ESC/POS bytes of one ticket.

python-escpos (its `Dummy` printer) assembles the commands it gets right:
alignment (ESC a), character size (GS ! via `set(custom_size=True)`; ESC !
often leaves Chinese characters small), the native QR (GS ( k). The rest is
sent raw because 3.1 gets it wrong for Chinese tickets (see shared/PRINTER.md):

- text: FS & (Chinese mode) once after ESC @, then GB18030 2-byte codes with
  anything else replaced by □ (`text.printable`), FS . at the end. 3.1's
  `text()` sends GB18030 only for chunks holding U+4E00–U+9FA5 and turns
  Chinese punctuation into ???.
- `chinese = "image"` (printers without a Chinese font, e.g. international
  Epson models): lines with non-ASCII characters are drawn with Pillow and a
  CJK font and printed as raster images; no FS &.
- raster images (GS v 0) are packed here: 3.1's `image()` prints to stdout
  when the profile does not know the paper width, which would scribble over
  the kiosk's screen.
- the cut is GS V 65 n (feed past the cutter, full cut); 3.1's `cut()` feeds
  six lines and sends GS V 0, or only feeds when the profile has no cutter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reception.devices.printer.layout import Cut, Feed, Line, Op, QrCode, Rule
from reception.devices.printer.text import char_columns, encode_gb, printable

if TYPE_CHECKING:
    from PIL import Image

    from reception.devices.printer.fonts import CjkFont

ESC_INIT = b"\x1b\x40"
FS_CHINESE_ON = b"\x1c\x26"
FS_CHINESE_OFF = b"\x1c\x2e"
GS_SIZE_NORMAL = b"\x1d\x21\x00"
CUT_FEED_DOTS = 16
GS_CUT = b"\x1d\x56\x41" + bytes([CUT_FEED_DOTS])  # GS V 65 n: feed to the cutter + n, full cut
FEED_WITHOUT_CUTTER = b"\n" * 4  # past the tear bar

CELL = 24  # font A: a Chinese character is 24×24 dots, ASCII 12×24
LINE_GAP = 6  # default line spacing leaves about this much between lines


@dataclass(frozen=True)
class RenderOptions:
    columns: int = 48
    paper_dots: int = 576
    qr_native: bool = False
    qr_module: int = 6
    chinese: str = "native"  # "native" | "image"
    font: CjkFont | None = None  # needed for chinese = "image"
    cut: bool = True

    def __post_init__(self) -> None:
        if self.chinese == "image" and self.font is None:
            raise ValueError("chinese='image' needs a CJK font")


def render(ops: list[Op], options: RenderOptions) -> bytes:
    """The complete job: reset, Chinese mode, the operations, the cut."""
    from reception.devices.printer.escpos_loader import escpos_printer

    p = escpos_printer().Dummy()
    native = options.chinese == "native"
    p._raw(ESC_INIT)
    if native:
        p._raw(FS_CHINESE_ON)
    cut = False
    for op in ops:
        if isinstance(op, Line):
            _line(p, op, options)
        elif isinstance(op, Rule):
            _line(p, Line("-" * options.columns), options)
        elif isinstance(op, QrCode):
            _qr(p, op.data, options)
        elif isinstance(op, Feed):
            p._raw(b"\n" * op.lines)
        elif isinstance(op, Cut):
            cut = True
        else:  # pragma: no cover - a new op type without a renderer
            raise TypeError(f"cannot render {op!r}")
    p.set(align="left", bold=False)
    p._raw(GS_SIZE_NORMAL)
    if native:
        p._raw(FS_CHINESE_OFF)
    if cut:
        p._raw(GS_CUT if options.cut else FEED_WITHOUT_CUTTER)
    return p.output


def _line(p, op: Line, options: RenderOptions) -> None:
    text = printable(op.text)
    scale = max(1, min(8, op.scale))
    p.set(align=op.align, bold=op.bold, custom_size=True, width=scale, height=scale)
    if options.chinese == "image" and not text.isascii():
        assert options.font is not None
        p._raw(raster_command(text_image(text, scale, options.font, options.paper_dots, bold=op.bold)))
    else:
        p._raw(encode_gb(text) + b"\n")


def _qr(p, data: str, options: RenderOptions) -> None:
    from escpos.constants import QR_ECLEVEL_Q

    from reception.devices.printer.qr import qr_image

    p.set(align="center", custom_size=True, width=1, height=1)
    if options.qr_native:
        p.qr(data, ec=QR_ECLEVEL_Q, size=options.qr_module, native=True)
        p._raw(b"\n")
    else:
        p._raw(raster_command(qr_image(data, options.qr_module)))


def raster_command(image: Image.Image) -> bytes:
    """GS v 0: a 1-bit raster image; a set bit is a black dot, MSB leftmost."""
    grey = image.convert("L")
    black = grey.point(lambda v: 255 if v < 128 else 0, mode="1")  # bit 1 = black
    width_bytes = (black.width + 7) // 8
    if not 0 < black.height <= 2047 or width_bytes > 255:
        raise ValueError(f"raster image {black.width}×{black.height} too large for GS v 0")
    data = black.tobytes()  # rows padded to whole bytes with 0 (white)
    header = b"\x1d\x76\x30\x00" + width_bytes.to_bytes(2, "little") + black.height.to_bytes(2, "little")
    return header + data


def text_image(text: str, scale: int, font: CjkFont, max_width: int, bold: bool = False) -> Image.Image:
    """`text` drawn as the printer's font would set it: 12 dots per column;
    `bold` thickens the strokes as ESC E does for the printer's own font."""
    from PIL import Image, ImageDraw

    cell = CELL * scale
    half = cell // 2
    width = min(max_width, max(8, sum(char_columns(ch) for ch in text) * half))
    height = cell + LINE_GAP * scale
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    face = font.load(cell - 2 * scale)
    x = 0
    for ch in text:
        advance = char_columns(ch) * half
        if x + advance > width:
            break
        if not ch.isspace():
            # Centre each glyph in its cell: columns line up as on the printer.
            draw.text((x + advance / 2, cell / 2), ch, font=face, fill=0, anchor="mm",
                      stroke_width=scale if bold else 0, stroke_fill=0)  # fmt: skip
        x += advance
    return image
