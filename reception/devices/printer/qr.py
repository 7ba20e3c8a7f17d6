"""The ticket's QR code, built in one place for the paper and the screen.

The QR carries the query code (查询码) and nothing else: an opaque token, never
a name or an ID number. The kiosk draws `half_block_lines(code)` on its ticket
screen; the printer prints `qr_image(code)` as a raster image, or asks the
printer to build the symbol itself with the same data and error correction
(`ERROR_CORRECTION`), so the screen and the paper show the same symbol.

qrcode (and Pillow for images) is imported inside the functions: importing
this module costs nothing at kiosk start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import qrcode
    from PIL import Image

# Level Q (25 % recovery): thermal paper fades and gets folded. A 12-character
# query code is alphanumeric and still fits version 1 (21×21 modules).
ERROR_CORRECTION = "Q"
QUIET_ZONE = 4  # modules of light margin the QR standard asks for


def build_qr(data: str) -> qrcode.QRCode:
    """The one `qrcode.QRCode` for `data`, made (version and mask chosen)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_Q

    if not data:
        raise ValueError("a QR code needs data")
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return code


def matrix(data: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The symbol's modules, True for dark, with `border` light modules around."""
    modules = build_qr(data).modules
    size = len(modules)
    light_row = [False] * (size + 2 * border)
    rows = [light_row[:] for _ in range(border)]
    for row in modules:
        rows.append([False] * border + [bool(m) for m in row] + [False] * border)
    rows.extend(light_row[:] for _ in range(border))
    return rows


_HALF_BLOCKS = {
    (False, False): " ",
    (True, False): "▀",
    (False, True): "▄",
    (True, True): "█",
}


def half_block_lines(data: str, border: int = QUIET_ZONE) -> list[str]:
    """The symbol as text, two module rows per line of ▀ ▄ █ and spaces.

    The block characters mark DARK modules: draw them dark on a light
    background (e.g. black on white); on a dark background the symbol comes
    out inverted and many phone scanners then fail. One terminal cell is about
    twice as tall as wide, so each cell is one module wide and two tall.
    """
    rows = matrix(data, border)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(_HALF_BLOCKS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]


def qr_image(data: str, module: int, border: int = QUIET_ZONE) -> Image.Image:
    """The symbol as a 1-bit image: `module` dots per module, black on white."""
    from PIL import Image

    if module < 1:
        raise ValueError("module size must be at least 1 dot")
    rows = matrix(data, border)
    size = len(rows)
    small = Image.new("1", (size, size), 1)
    small.putdata([0 if dark else 1 for row in rows for dark in row])
    return small.resize((size * module, size * module), Image.Resampling.NEAREST)
