"""Large ticket numbers: Textual's `Digits`, plus the letters it cannot draw.

`Digits` draws 0-9 and A-F only; a hall may number tickets L001 or K012.
The other letters here are drawn in the same 3x3 box-drawing style, so a
ticket number always reads as one big number, whatever its prefix.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.renderables.digits import DIGITS, DIGITS3X3
from textual.widgets import Digits

LETTERS = {
    "G": ("╭─╴", "│╶╮", "╰─╯"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "I": ("╶┬╴", " │ ", "╶┴╴"),
    "J": ("  ╷", "  │", "╰─╯"),
    "K": ("╷ ╱", "├┤ ", "╵ ╲"),
    "L": ("╷  ", "│  ", "╰─╴"),
    "M": ("╭┬╮", "│││", "╵╵╵"),
    "N": ("╭╮╷", "│││", "╵╰╯"),
    "O": ("╭─╮", "│ │", "╰─╯"),
    "P": ("┌─╮", "├─╯", "╵  "),
    "Q": ("╭─╮", "│ │", "╰─╲"),
    "R": ("┌─╮", "├┬╯", "╵╰╴"),
    "S": ("╭─╴", "╰─╮", "╶─╯"),
    "T": ("╶┬╴", " │ ", " ╵ "),
    "U": ("╷ ╷", "│ │", "╰─╯"),
    "V": ("╷ ╷", "│ │", " ╲╱"),
    "W": ("╷╷╷", "│││", "╰┴╯"),
    "X": ("╲ ╱", " ╳ ", "╱ ╲"),
    "Y": ("╷ ╷", "╰┬╯", " ╵ "),
    "Z": ("╶─┐", " ╱ ", "└─╴"),
}


def glyph(character: str) -> tuple[str, str, str]:
    if character in LETTERS:
        return LETTERS[character]
    try:
        position = DIGITS.index(character) * 3
    except ValueError:
        return ("   ", " ? ", "   ")  # never a raw character in the big number
    return tuple(DIGITS3X3[position + row].ljust(3) for row in range(3))  # type: ignore[return-value]


class BigText:
    """A Rich renderable of 3x3 glyphs for 0-9 and A-Z."""

    def __init__(self, text: str, style: Style):
        self.text = text.upper()
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = ["", "", ""]
        for character in self.text:
            for index, part in enumerate(glyph(character)):
                rows[index] += part
        for row in rows:
            yield Segment(row, self.style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(3 * len(self.text), 3 * len(self.text))


class TicketDigits(Digits):
    """A `Digits` that also draws G-Z (every character is three cells wide)."""

    def render(self) -> BigText:
        return BigText(self.value, self.rich_style)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return 3 * len(self.value)
