"""A choice list staff work with number keys (issue 17: registration in ≤ 10 keys).

A `ChoiceSelect` is Textual's `Select` whose options are numbered: with the list
closed, pressing an option's number chooses it and moves on to the next field
(two digits for a list of ten or more: the first waits while a second could
follow); Enter on a chosen value moves on too. Space or the arrow keys still
open the list, and a mouse click works as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events
from textual.widgets import Select


def numbered(values: Iterable[str], current: str = "") -> list[tuple[Text, str]]:
    """Options labelled "1 value", "2 value", ...; a stored value missing from the
    list (kept under an older list) is added at the end."""
    values = list(values)
    if current and current not in values:
        values.append(current)
    return [(Text(f"{index} {value}"), value) for index, value in enumerate(values, start=1)]


def pick(value: str, options: list[tuple[Text, str]]) -> str | object:
    """`value` if it is one of the options, else no selection."""
    return value if value and any(value == item for _, item in options) else Select.NULL


class ChoiceSelect(Select[str]):
    def __init__(self, options: list[tuple[Text, str]], **kwargs) -> None:
        super().__init__(options, type_to_search=False, **kwargs)
        self.choice_values = [value for _, value in options]
        self._digits = ""

    def set_choices(self, options: list[tuple[Text, str]]) -> None:
        self.set_options(options)
        self.choice_values = [value for _, value in options]

    def on_blur(self) -> None:
        self._digits = ""

    def on_key(self, event: events.Key) -> None:
        if self.expanded:
            return
        if event.character and event.character.isdigit():
            event.stop()
            event.prevent_default()
            self.choose_digit(event.character)
        elif event.key == "enter" and self.value is not Select.NULL:
            event.stop()
            event.prevent_default()
            self._digits = ""
            self.move_on()

    def choose_digit(self, digit: str) -> None:
        count = len(self.choice_values)
        typed = self._digits + digit
        if not 1 <= int(typed) <= count:
            typed = digit
        if not 1 <= int(typed) <= count:
            self._digits = ""
            return
        self.value = self.choice_values[int(typed) - 1]
        if int(typed) * 10 <= count:
            self._digits = typed  # a second digit may follow (10 and more)
            return
        self._digits = ""
        self.move_on()

    def move_on(self) -> None:
        """Let the screen enable what this choice opens, then focus the next field."""
        chosen = getattr(self.screen, "choice_made", None)
        if chosen is not None:
            chosen(self)
        else:
            self.screen.focus_next()
