"""What the visit is about: purpose and category (the leader offer is the next step)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.screens.base import KioskScreen, mark_choice


class VisitScreen(KioskScreen):
    CSS_PATH = "visit.tcss"
    TITLE_TEXT = "请选择来访目的和问题类别"
    SPOKEN = "请选择来访目的和问题类别，然后点下一步。"

    def compose(self) -> ComposeResult:
        config = self.kiosk.config
        yield from self.compose_title()
        with VerticalScroll(id="visit-body", can_focus=False):  # no invisible Tab stop
            yield Static(Content("来访目的"), classes="section")
            with Grid(id="purposes", classes="choices"):
                for index, purpose in enumerate(config.purposes):
                    yield Button(Content(purpose), id=f"purpose-{index}", classes="choice")
            yield Static(Content("问题类别"), classes="section")
            with Grid(id="categories", classes="choices"):
                for index, category in enumerate(config.categories):
                    yield Button(Content(category), id=f"category-{index}", classes="choice")
            yield Static(id="visit-hint", classes="message refusal")
        yield from self.compose_nav("下一步")

    def on_mount(self) -> None:
        self.show_choices()

    def show_choices(self) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        config = self.kiosk.config
        for index, purpose in enumerate(config.purposes):
            mark_choice(self.query_one(f"#purpose-{index}", Button), purpose, draft.purpose == purpose)
        for index, category in enumerate(config.categories):
            mark_choice(self.query_one(f"#category-{index}", Button), category, draft.category == category)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        config = self.kiosk.config
        name = event.button.id or ""
        kind, _, index = name.partition("-")
        if kind in ("purpose", "category") and index.isdigit():
            event.stop()
            if kind == "purpose":
                draft.purpose = config.purposes[int(index)]
            else:
                draft.category = config.categories[int(index)]
            self.query_one("#visit-hint", Static).update("")
            self.show_choices()
            return
        super().on_button_pressed(event)

    def go_next(self) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        if not draft.purpose or not draft.category:
            missing = "来访目的" if not draft.purpose else "问题类别"
            hint = self.query_one("#visit-hint", Static)
            hint.update(Content(f"请先选择{missing}"))
            hint.scroll_visible()  # below the categories on a short screen
            return
        self.kiosk.show_leaders_or_mode()
