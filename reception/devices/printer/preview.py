"""Showing job bytes as the paper would look: a PNG and a plain-text rendering.

Both are drawn from the bytes (through `decode`), not from the layout, so
they show what the printer is actually told. Native QR symbols are drawn with
`qr.qr_image` (the printer builds its own symbol from the same payload and
error-correction level). The PNG needs a CJK font for Chinese text; without
one Chinese characters come out as boxes, and the text rendering still works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reception.devices.printer.decode import (
    CutMark,
    Decoded,
    FeedLines,
    QrSymbol,
    RasterImage,
    TextLine,
)
from reception.devices.printer.text import char_columns, columns

if TYPE_CHECKING:
    from PIL import Image

    from reception.devices.printer.fonts import CjkFont

MARGIN = 16
CELL = 24
LINE_HEIGHT = 30


def preview_text(decoded: Decoded, paper_columns: int = 48) -> str:
    """The ticket as text: big lines marked with their size, QR codes in blocks."""
    from reception.devices.printer.qr import half_block_lines

    out: list[str] = []
    for item in decoded.items:
        if isinstance(item, TextLine):
            mark = f"[×{item.width}] " if item.width > 1 or item.height > 1 else ""
            text = mark + item.text
            if item.align == "center":
                pad = max(0, (paper_columns - columns(item.text) * item.width) // 2)
                text = " " * pad + text
            out.append(text.rstrip())
        elif isinstance(item, QrSymbol):
            margin = " " * max(0, (paper_columns - 29) // 2)
            out.extend(margin + line for line in half_block_lines(item.data, border=2))
            out.append(f"{pad}[二维码 {item.data}]")
        elif isinstance(item, RasterImage):
            out.append(f"[图像 {item.width}×{item.height} 点]")
        elif isinstance(item, FeedLines):
            out.extend([""] * item.lines)
        elif isinstance(item, CutMark):
            out.append("✂" + "-" * (paper_columns - 2) + ("（半切）" if item.partial else ""))
    if decoded.problems:
        out.append("")
        out.append("问题：")
        out.extend(f"  {p}" for p in decoded.problems)
    return "\n".join(out) + "\n"


def preview_image(decoded: Decoded, paper_dots: int = 576, font: CjkFont | None = None) -> Image.Image:
    """The ticket as a greyscale picture of the paper, 1 pixel per printer dot."""
    from PIL import Image, ImageDraw

    from reception.devices.printer.qr import qr_image

    blocks: list[tuple[Image.Image, str]] = []
    for item in decoded.items:
        if isinstance(item, TextLine):
            blocks.append((_text_block(item, font, paper_dots), item.align))
        elif isinstance(item, QrSymbol):
            blocks.append((qr_image(item.data, item.module, border=0).convert("L"), item.align))
            blocks.append((Image.new("L", (1, LINE_HEIGHT), 255), "left"))
        elif isinstance(item, RasterImage):
            blocks.append((item.image().convert("L"), item.align))
        elif isinstance(item, FeedLines):
            blocks.append((Image.new("L", (1, LINE_HEIGHT * item.lines), 255), "left"))
        elif isinstance(item, CutMark):
            cut = Image.new("L", (paper_dots, 24), 255)
            draw = ImageDraw.Draw(cut)
            for x in range(0, paper_dots, 12):
                draw.line([(x, 12), (x + 6, 12)], fill=0 if not item.partial else 128, width=2)
            blocks.append((Image.new("L", (1, 40), 255), "left"))  # feed to the cutter
            blocks.append((cut, "left"))
    height = sum(b.height for b, _ in blocks) + 2 * MARGIN
    page = Image.new("L", (paper_dots + 2 * MARGIN, max(height, 2 * MARGIN + 1)), 255)
    y = MARGIN
    for block, align in blocks:
        x = MARGIN
        if align == "center":
            x += max(0, (paper_dots - block.width) // 2)
        elif align == "right":
            x += max(0, paper_dots - block.width)
        page.paste(block.crop((0, 0, min(block.width, paper_dots), block.height)), (x, y))
        y += block.height
    # Paper edges, so the printable width is visible.
    draw = ImageDraw.Draw(page)
    draw.line([(MARGIN - 1, 0), (MARGIN - 1, page.height)], fill=200)
    draw.line([(MARGIN + paper_dots, 0), (MARGIN + paper_dots, page.height)], fill=200)
    return page


def _text_block(line: TextLine, font: CjkFont | None, paper_dots: int) -> Image.Image:
    from PIL import Image, ImageDraw, ImageFont

    cell_w, cell_h = CELL * line.width, CELL * line.height
    width = max(1, min(paper_dots, sum(char_columns(ch) for ch in line.text) * cell_w // 2))
    block = Image.new("L", (width, cell_h + (LINE_HEIGHT - CELL) * line.height), 255)
    if not line.text.strip():
        return block
    size = cell_h - 2 * line.height
    face = font.load(size) if font is not None else ImageFont.load_default(size)
    # Draw at the height's scale, then stretch to the width's: GS ! scales each way.
    squash = Image.new("L", (max(1, width * line.height // line.width), block.height), 255)
    draw = ImageDraw.Draw(squash)
    x = 0.0
    for ch in line.text:
        advance = char_columns(ch) * cell_h / 2
        if not ch.isspace():
            draw.text((x + advance / 2, cell_h / 2), ch, font=face, fill=0, anchor="mm")
            if line.bold:
                draw.text((x + advance / 2 + 1, cell_h / 2), ch, font=face, fill=0, anchor="mm")
        x += advance
    return squash.resize(block.size) if squash.size != block.size else squash
