"""Kiosk widgets: a big ticket number, an on-screen keypad, the QR code.

Visitor text never goes through markup here: every label is a `Content`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

# A 3x5 pixel font; every pixel is drawn two cells wide. `Digits` cannot draw
# ticket prefixes outside A-F, and a hall may use any letter.
_FONT = {
    "0": ["###", "# #", "# #", "# #", "###"], "1": [" # ", "## ", " # ", " # ", "###"],
    "2": ["###", "  #", "###", "#  ", "###"], "3": ["###", "  #", "###", "  #", "###"],
    "4": ["# #", "# #", "###", "  #", "  #"], "5": ["###", "#  ", "###", "  #", "###"],
    "6": ["###", "#  ", "###", "# #", "###"], "7": ["###", "  #", "  #", "  #", "  #"],
    "8": ["###", "# #", "###", "# #", "###"], "9": ["###", "# #", "###", "  #", "###"],
    "A": [" # ", "# #", "###", "# #", "# #"], "B": ["## ", "# #", "## ", "# #", "## "],
    "C": ["###", "#  ", "#  ", "#  ", "###"], "D": ["## ", "# #", "# #", "# #", "## "],
    "E": ["###", "#  ", "###", "#  ", "###"], "F": ["###", "#  ", "###", "#  ", "#  "],
    "G": ["###", "#  ", "# #", "# #", "###"], "H": ["# #", "# #", "###", "# #", "# #"],
    "I": ["###", " # ", " # ", " # ", "###"], "J": ["  #", "  #", "  #", "# #", "###"],
    "K": ["# #", "# #", "## ", "# #", "# #"], "L": ["#  ", "#  ", "#  ", "#  ", "###"],
    "M": ["# #", "###", "###", "# #", "# #"], "N": ["## ", "# #", "# #", "# #", "# #"],
    "O": ["###", "# #", "# #", "# #", "###"], "P": ["###", "# #", "###", "#  ", "#  "],
    "Q": ["###", "# #", "# #", "###", "  #"], "R": ["## ", "# #", "## ", "# #", "# #"],
    "S": ["###", "#  ", "###", "  #", "###"], "T": ["###", " # ", " # ", " # ", " # "],
    "U": ["# #", "# #", "# #", "# #", "###"], "V": ["# #", "# #", "# #", "# #", " # "],
    "W": ["# #", "# #", "###", "###", "# #"], "X": ["# #", "# #", " # ", "# #", "# #"],
    "Y": ["# #", "# #", " # ", " # ", " # "], "Z": ["###", "  #", " # ", "#  ", "###"],
    " ": ["   "] * 5, "-": ["   ", "   ", "###", "   ", "   "],
}


def big_lines(text: str, scale: int = 1) -> list[str]:
    """Five rows of pixels, each pixel 2 * `scale` cells wide and `scale` rows high."""
    rows = ["", "", "", "", ""]
    on, off = "██" * scale, "  " * scale
    for char in text.upper():
        glyph = _FONT.get(char, _FONT[" "])
        for index, row in enumerate(glyph):
            rows[index] += row.replace("#", "1").replace(" ", "0").replace("1", on).replace("0", off) + off
    return [row.rstrip() for row in rows for _ in range(scale)]


def big_width(text: str, scale: int = 1) -> int:
    return max(len(line) for line in big_lines(text, scale)) if text else 0


class BigNumber(Static):
    """A ticket number in letters five lines high (times `scale` on a large screen)."""

    def __init__(self, number: str, **kwargs) -> None:
        super().__init__(Content("\n".join(big_lines(number))), **kwargs)
        self.number = number
        self.scale = 1

    def set_scale(self, scale: int) -> None:
        if scale != self.scale:
            self.scale = scale
            self.update(Content("\n".join(big_lines(self.number, scale))))


def qr_lines(data: str) -> list[str]:
    """The QR symbol in half blocks: two modules per character cell, quiet zone included.

    Built by the printer's QR module, so the screen shows the same symbol as the paper.
    """
    from reception.devices.printer.qr import half_block_lines  # imports qrcode: only when shown

    return half_block_lines(data, border=2)


class QrCode(Static):
    """Dark modules drawn in the foreground colour on a light background."""

    def __init__(self, data: str, **kwargs) -> None:
        super().__init__(Content("\n".join(qr_lines(data))), **kwargs)
        self.data = data


class KeyButton(Button):
    """A keypad key: every tap counts.

    Textual's Button ignores a click while its 0.2 s press effect is still
    showing, so "0" tapped twice quickly (a phone number, a query code) would
    come out once. A key keeps the effect but never drops a tap.
    """

    async def _on_click(self, event) -> None:
        event.stop()
        self.press()


class Keypad(Grid):
    """Digits for a touch screen that has no keyboard."""

    class Pressed(Message):
        def __init__(self, keypad: Keypad, key: str) -> None:
            super().__init__()
            self.keypad = keypad
            self.key = key  # a digit, "back" or "clear"

        @property
        def control(self) -> Keypad:
            return self.keypad

    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back")
    LABELS = {"clear": "清空", "back": "退格"}

    def compose(self) -> ComposeResult:
        for key in self.KEYS:
            button = KeyButton(self.LABELS.get(key, key), id=f"key-{key}", classes="key")
            # Touched, never focused: Enter on a keyboard must not press a digit.
            button.can_focus = False
            yield button

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = (event.button.id or "").removeprefix("key-")
        self.post_message(self.Pressed(self, key))


def apply_key(text: str, key: str, limit: int) -> str:
    if key == "back":
        return text[:-1]
    if key == "clear":
        return ""
    return (text + key)[:limit]
