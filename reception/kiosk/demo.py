"""Simulation only: a bar to 'place' a sample card, and the picker it opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reception.kiosk.cards import SAMPLES

if TYPE_CHECKING:
    from reception.kiosk.app import KioskApp


class DemoBar(Horizontal):
    """Shown only when no real reader is attached."""

    def compose(self) -> ComposeResult:
        yield Button("演示：放置样例身份证", id="demo-place")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "demo-place":
            event.stop()
            self.app.push_screen(DemoPicker())


class DemoPicker(ModalScreen):
    # Styled in kiosk.tcss: the app's Button rule would beat DEFAULT_CSS.

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("演示模式：选择一张样例身份证"), classes="message")
            for index, sample in enumerate(SAMPLES):
                yield Button(Content(sample.label), id=f"sample-{index}")
            yield Button("取消", id="sample-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()
        name = event.button.id or ""
        if name.startswith("sample-") and name != "sample-cancel":
            sample = SAMPLES[int(name.removeprefix("sample-"))]
            cast("KioskApp", self.app).card_source.place(sample)
