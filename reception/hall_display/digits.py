"""Large ticket numbers that can be read across a hall.

Textual's `Digits` draws 0-9 and A-F in thin 3x3 box lines: in a browser on
a TV the strokes are hairlines and a ticket prefix like L or K is not drawn
at all. `TicketDigits` is a `Digits` that draws every character of 0-9 and
A-Z from a 5x7 dot-matrix font (the LED signs halls already use) with full
blocks, 7 rows tall, each dot one or two cells wide (`scale`).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import Digits

HEIGHT = 7
WIDTH = 5

# 5x7 dot-matrix glyphs; the zero is slashed so it never reads as an O.
_FONT = """
0 .###. #...# #..## #.#.# ##..# #...# .###.
1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
2 .###. #...# ....# ...#. ..#.. .#... #####
3 .###. #...# ....# ..##. ....# #...# .###.
4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.
5 ##### #.... ####. ....# ....# #...# .###.
6 ..##. .#... #.... ####. #...# #...# .###.
7 ##### ....# ...#. ..#.. .#... .#... .#...
8 .###. #...# #...# .###. #...# #...# .###.
9 .###. #...# #...# .#### ....# ...#. .##..
A .###. #...# #...# ##### #...# #...# #...#
B ####. #...# #...# ####. #...# #...# ####.
C .###. #...# #.... #.... #.... #...# .###.
D ####. #...# #...# #...# #...# #...# ####.
E ##### #.... #.... ####. #.... #.... #####
F ##### #.... #.... ####. #.... #.... #....
G .###. #...# #.... #.### #...# #...# .####
H #...# #...# #...# ##### #...# #...# #...#
I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
J ..### ...#. ...#. ...#. ...#. #..#. .##..
K #...# #..#. #.#.. ##... #.#.. #..#. #...#
L #.... #.... #.... #.... #.... #.... #####
M #...# ##.## #.#.# #.#.# #...# #...# #...#
N #...# #...# ##..# #.#.# #..## #...# #...#
O .###. #...# #...# #...# #...# #...# .###.
P ####. #...# #...# ####. #.... #.... #....
Q .###. #...# #...# #...# #.#.# #..#. .##.#
R ####. #...# #...# ####. #.#.. #..#. #...#
S .#### #.... #.... .###. ....# ....# ####.
T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# #...# #...# .###.
V #...# #...# #...# #...# #...# .#.#. ..#..
W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
X #...# #...# .#.#. ..#.. .#.#. #...# #...#
Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
Z ##### ....# ...#. ..#.. .#... #.... #####
- ..... ..... ..... ##### ..... ..... .....
"""

GLYPHS: dict[str, tuple[str, ...]] = {
    line[0]: tuple(line[2:].split()) for line in _FONT.strip().splitlines()
}
UNKNOWN = ("#####", "#...#", "...#.", "..#..", "..#..", ".....", "..#..")  # a "?"


def glyph(character: str) -> tuple[str, ...]:
    return GLYPHS.get(character.upper(), UNKNOWN)


def big_lines(text: str, scale: int = 1, tall: int = 1) -> list[str]:
    """The text as HEIGHT * tall lines of blocks; one blank dot column between
    characters; each dot `scale` cells wide and `tall` rows high."""
    lines = [""] * HEIGHT
    for index, character in enumerate(text):
        rows = glyph(character)
        for row in range(HEIGHT):
            dots = rows[row] + ("." if index < len(text) - 1 else "")
            lines[row] += "".join(("█" if dot == "#" else " ") * scale for dot in dots)
    return [line for line in lines for _ in range(tall)]


def big_width(text: str, scale: int = 1) -> int:
    return (len(text) * (WIDTH + 1) - 1) * scale if text else 0


class BigText:
    """A Rich renderable of the dot-matrix text."""

    def __init__(self, text: str, style: Style, scale: int = 1, tall: int = 1):
        self.text, self.style, self.scale, self.tall = text, style, scale, tall

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in big_lines(self.text, self.scale, self.tall):
            yield Segment(line, self.style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = big_width(self.text, self.scale)
        return Measurement(width, width)


class TicketDigits(Digits):
    """A `Digits` drawn 7 * `tall` rows tall from the dot-matrix font, for 0-9 and A-Z."""

    DEFAULT_CSS = "TicketDigits { width: auto; height: auto; }"
    scale: reactive[int] = reactive(1, layout=True)
    tall: reactive[int] = reactive(1, layout=True)  # rows per dot: a TV grows the number

    def render(self) -> BigText:
        return BigText(self.value, self.rich_style, self.scale, self.tall)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return big_width(self.value, self.scale)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return HEIGHT * self.tall
