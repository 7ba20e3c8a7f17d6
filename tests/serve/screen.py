"""Read a Textual app's screen from its raw terminal output, as a person would.

The bytes are replayed through pyte (a terminal emulator) and large `Digits`
glyphs are read back into characters with Textual's own glyph table, or the
hall display's dot-matrix table, so a test can find "A001" drawn in big
digits on the hall display.
"""

from __future__ import annotations

import io
from functools import cache

import pyte
from rich.console import Console
from textual.renderables.digits import DIGITS, Digits


def _screen(output: bytes, columns: int = 320, rows: int = 120) -> pyte.Screen:
    screen = pyte.Screen(columns, rows)
    pyte.ByteStream(screen).feed(output)
    return screen


def screen_lines(output: bytes) -> list[str]:
    """The screen's text, line by line (wide characters as one character)."""
    return [line.rstrip() for line in _screen(output).display]


def _cell_rows(output: bytes) -> list[str]:
    """One character per terminal column: a wide character's second column
    becomes NUL, so that string index and column agree on every row."""
    screen = _screen(output)
    return [
        "".join(screen.buffer[y][x].data or "\0" for x in range(screen.columns))
        for y in range(screen.lines)
    ]


@cache
def _glyphs() -> dict[tuple[str, str, str], str]:
    table = {}
    for style in ("", "bold"):
        for char in DIGITS.strip():
            console = Console(width=20, color_system=None, record=True, file=io.StringIO())
            console.print(Digits(char, style=style))
            lines = (console.export_text().splitlines() + ["", "", ""])[:3]
            table[tuple(line.ljust(3)[:3] for line in lines)] = char
    return table


@cache
def _dot_matrix() -> dict[int, dict[tuple[str, ...], str]]:
    """The hall display's 7-row dot-matrix glyphs (reception.hall_display.digits), by scale."""
    from reception.hall_display.digits import GLYPHS, big_lines

    return {scale: {tuple(big_lines(char, scale)): char for char in GLYPHS} for scale in (1, 2)}


def _dot_matrix_texts(lines: list[str]) -> list[str]:
    found = []
    for scale, table in _dot_matrix().items():
        width = 5 * scale
        for top in range(len(lines) - 6):
            rows = [lines[top + k].ljust(400) for k in range(7)]
            column, run = 0, ""
            while column < 400 - width:
                key = tuple(row[column : column + width] for row in rows)
                char = table.get(key) if any(part.strip() for part in key) else None
                if char is not None:
                    run += char
                    column += width + scale  # the glyph and the blank dot column after it
                    continue
                if run:
                    found.append(run)
                run = ""
                column += 1
            if run:
                found.append(run)
    return found


def big_texts(output: bytes) -> list[str]:
    """Every run of big-digit glyphs on the screen, read left to right."""
    glyphs = _glyphs()
    lines = _cell_rows(output)
    found = _dot_matrix_texts(lines)
    for top in range(len(lines) - 2):
        rows = [lines[top + k].ljust(400) for k in range(3)]
        column, run = 0, ""
        while column < 398:
            key = tuple(row[column : column + 3] for row in rows)
            char = glyphs.get(key) if any(part.strip() for part in key) else None
            if char is not None:
                run += char
                column += 3
                continue
            if run:
                found.append(run)
            run = ""
            column += 1
        if run:
            found.append(run)
    return found
