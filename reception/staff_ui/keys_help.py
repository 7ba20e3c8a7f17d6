"""帮助: every key of a staff screen with its Chinese meaning (? or F1).

The footer shows only the main keys, so that it fits an 80-column screen; this
list is built from the screen's own bindings, so it never leaves a key out.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

HELP_BINDING = Binding("question_mark,f1", "help", "帮助", key_display="?", id="help")


def key_text(screen: Screen, binding: Binding) -> str:
    """The keys as a person types them: `Ctrl+L`, `F1`, `?`, `n`."""
    keys = []
    for key in binding.key.split(","):
        key = key.strip()
        if binding.key_display and key == binding.key.split(",")[0].strip():
            keys.append(binding.key_display)
        elif key.startswith("ctrl+"):
            keys.append("Ctrl+" + key[5:].upper())
        elif key.startswith("f") and key[1:].isdigit():
            keys.append(key.upper())
        elif key == "escape":
            keys.append("Esc")
        else:
            keys.append(screen.app.get_key_display(Binding(key, binding.action)))
    return " / ".join(dict.fromkeys(keys))


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(keys, meaning) of every binding the screen declares, shown in the footer or not."""
    found = []
    for item in screen.BINDINGS:
        binding = item if isinstance(item, Binding) else Binding(*item)
        found.append((key_text(screen, binding), binding.description))
    return found


class KeysHelp(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysHelp {
        align: center middle;
    }
    KeysHelp > Vertical {
        width: 56;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    KeysHelp .keys-title {
        text-style: bold;
    }
    KeysHelp DataTable {
        height: auto;
        max-height: 1fr;
    }
    """
    BINDINGS = [
        Binding("escape,question_mark,f1,enter", "close", "返回", show=False),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical():
            # One title line and no table header: every key fits a 24-line screen.
            yield Static(Content(f"{self.title_text}：按键说明（Esc 返回）"), classes="keys-title")
            yield DataTable(id="keys-table", cursor_type="row", show_cursor=False, show_header=False)

    def on_mount(self) -> None:
        table = self.query_one("#keys-table", DataTable)
        table.add_columns("按键", "作用")
        for keys, meaning in self.keys:
            table.add_row(Text(keys), Text(meaning))

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["HELP_BINDING", "KeysHelp", "screen_keys"]
