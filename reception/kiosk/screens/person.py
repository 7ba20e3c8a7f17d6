"""The form filled from the card; the visitor adds a phone number on the keypad."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.cards import CardData
from reception.kiosk.screens.base import KioskScreen, lines
from reception.kiosk.widgets import Keypad, apply_key
from reception.queue.service import mask_doc_number  # the one masking rule

PHONE_MIN, PHONE_MAX = 7, 12
# Two phrases, each on its own line of the 46-column keypad column (never 7 到 12 / 位).
PHONE_HINT = (f"请输入 {PHONE_MIN} 到 {PHONE_MAX} 位电话号码", "没有电话请点“没有电话”")


def card_lines(card: CardData) -> list[tuple[str, str]]:
    """The card's facts; a field the card type does not carry (民族 on a
    Hong Kong/Macau/Taiwan or foreigner's card) is left out, not shown blank."""
    lines = [
        ("姓名", card.name),
        ("性别", card.gender),
        ("民族", card.ethnicity),
        ("出生", card.birth_date),
        ("住址", card.address),
        ("证件号码", mask_doc_number(card.doc_number)),
    ]
    return [(label, value) for label, value in lines if value.strip()]


class PersonScreen(KioskScreen):
    CSS_PATH = "person.tcss"
    TITLE_TEXT = "请核对您的信息，并输入联系电话"
    SPOKEN = "请核对您的信息，并输入联系电话，然后点下一步。"

    def compose(self) -> ComposeResult:
        draft = self.kiosk.draft
        assert draft is not None and draft.card is not None
        yield from self.compose_title()
        with Horizontal(id="person-body"):
            with Vertical(id="card-facts"):
                for label, value in card_lines(draft.card):
                    yield Static(Content.assemble((f"{label}：", "bold"), value), classes="fact")
            with Vertical(id="phone-entry"):
                phone = Static(Content(draft.phone or " "), id="phone")
                phone.border_title = "联系电话"
                yield phone
                yield Static(id="phone-hint", classes="message hint")
                yield Keypad(id="phone-keypad")
        yield from self.compose_nav("下一步", Button("没有电话", id="no-phone"))

    @property
    def phone(self) -> Static:
        return self.query_one("#phone", Static)

    def on_keypad_pressed(self, event: Keypad.Pressed) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        draft.phone = apply_key(draft.phone, event.key, PHONE_MAX)
        self.phone.update(Content(draft.phone or " "))
        self.query_one("#phone-hint", Static).update("")

    def on_key(self, event) -> None:  # a keyboard works too
        if not self.key_is_for_screen(event):
            return
        if event.character and event.character.isdigit():
            self.post_message(Keypad.Pressed(self.query_one(Keypad), event.character))
        elif event.key == "backspace":
            self.post_message(Keypad.Pressed(self.query_one(Keypad), "back"))
        elif event.key == "enter":
            self.go_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "no-phone":
            event.stop()
            assert self.kiosk.draft is not None
            self.kiosk.draft.phone = ""
            self.kiosk.show_visit()
            return
        super().on_button_pressed(event)

    def go_next(self) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        if not PHONE_MIN <= len(draft.phone) <= PHONE_MAX:
            self.query_one("#phone-hint", Static).update(lines(*PHONE_HINT))
            return
        self.kiosk.show_visit()
