"""What every kiosk screen shares: a title, the nav bar, card handling."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from reception.kiosk.cards import CardEvent

NOTICE_SECONDS = 8  # long enough to read twice, slowly
CHOSEN = "✔ "
REPEAT = "再听一遍"


def lines(*phrases: str) -> Content:
    """Text broken only where the caller says: one phrase per line.

    Textual wraps Chinese at any character and breaks at spaces, so a long
    sentence came apart mid-word (补打凭/条, 7 到 12 / 位). Each phrase here is
    short enough for the narrowest place it is shown in (80 columns), so
    nothing is left for Textual to break (tests check the rendered rows).
    """
    return Content("\n".join(phrases))


def mark_choice(button: Button, text: str, chosen: bool) -> None:
    """A chosen button is coloured and ticked: colour alone looked like keyboard focus."""
    button.set_class(chosen, "chosen")
    button.label = Content(CHOSEN + text if chosen else text)

if TYPE_CHECKING:
    from reception.kiosk.app import KioskApp


class KioskScreen(Screen):
    """A step of the visit. `back` and `home` are the only ways out."""

    TITLE_TEXT = ""
    SPOKEN = ""  # the step said aloud when the voice is on (default: the title)
    _notice_timer: Timer | None = None
    SHOW_BACK = True
    AUTO_FOCUS = "#next"  # Enter on a keyboard moves on, never back
    held = False  # True: the idle timeout leaves this screen alone (a number to show staff)

    @property
    def kiosk(self) -> KioskApp:
        """The app, typed: its service, settings, draft and the flow's steps."""
        return cast("KioskApp", self.app)

    def compose_title(self) -> ComposeResult:
        yield Static(Content(self.TITLE_TEXT), classes="screen-title")

    def compose_nav(self, next_label: str | None = None, *extra: Button) -> ComposeResult:
        buttons = [Button("上一步", id="back")] if self.SHOW_BACK else []
        buttons += [Button("返回首页", id="home"), *extra]
        if next_label:
            buttons.append(Button(next_label, id="next", variant="success"))
        yield from self.compose_nav_area(*buttons)

    def spoken(self) -> str:
        """What the voice says for this step, as it is shown now (one or two sentences)."""
        return self.SPOKEN or self.TITLE_TEXT

    def on_screen_resume(self) -> None:
        self.kiosk.speak_step(self)  # shown (again): say the step

    def compose_nav_area(self, *buttons: Button) -> ComposeResult:
        """The bottom bar: `buttons` in a row, and the notice line just above them
        (first, 再听一遍 when the kiosk speaks)."""
        if self.kiosk.speaker is not None:
            buttons = (Button(REPEAT, id="repeat"), *buttons)
        with Vertical(classes="nav-area"):
            # A notice lives here, just above the buttons it points to: a toast
            # floated over them, hiding 返回首页 while telling the visitor to press it.
            yield Static(id="kiosk-notice", classes="kiosk-notice")
            with Horizontal(classes="nav"):
                for button in buttons:
                    button.add_class("nav-button")
                    yield button

    def show_notice(self, text: str, seconds: float = NOTICE_SECONDS) -> bool:
        """Show `text` above the nav buttons for a while; False when there is no place."""
        try:
            line = self.query_one("#kiosk-notice", Static)
        except NoMatches:
            return False
        line.update(Content(text))
        line.display = True
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(seconds, self.hide_notice)
        return True

    def hide_notice(self) -> None:
        self._notice_timer = None
        try:
            self.query_one("#kiosk-notice", Static).display = False
        except NoMatches:
            pass

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            event.stop()
            self.kiosk.back(self)
        elif event.button.id == "home":
            event.stop()
            self.kiosk.reset()
        elif event.button.id == "next":
            event.stop()
            self.go_next()
        elif event.button.id == "repeat":
            event.stop()
            # Said once: a screen that hands other buttons to super() reaches this
            # handler itself, and Textual calls it again down the class tree.
            event.prevent_default()
            self.kiosk.speak_step(self)

    def go_next(self) -> None:
        """Subclasses with a 下一步 button move on here."""

    def key_is_for_screen(self, event) -> bool:
        """Enter on a focused button is that button's; everything else is ours."""
        return not (event.key == "enter" and isinstance(self.focused, Button))

    def handle_card(self, event: CardEvent) -> bool:
        """Return True when this screen used the card event."""
        return False
