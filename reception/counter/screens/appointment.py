"""预约: book a visitor for a leader's reception day from the counter.

Staff pick one of the coming reception days that still has a place, and type
the visitor's name, document number and phone. The document number is
checked as at the walk-in (a resident ID by the GB 11643 rule, stored in its
18-character form): on the day the visitor's card is matched against it, and
a wrong digit would send them to the walk-in queue instead of the leader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from reception.counter.protocol import CounterScreen
from reception.queue.errors import InvalidInput, QueueError
from reception.queue.models import RESIDENT_ID_CARD, PersonInput
from reception.queue.service import PHONE_RULE, Appointment, HallService, clean_document, phone_ok
from reception.staff_ui.actions import run_core

DAYS_AHEAD = 30
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Bookable:
    leader_id: int
    day: str
    label: str


def bookable_days(service: HallService, days: int = DAYS_AHEAD) -> list[Bookable]:
    """Reception days from today on with a place left, as staff choose them;
    today's only while its hours have not ended (reads the schedule: call it off
    the UI thread)."""
    found = []
    today, now = service.clock.hall_day(), service.clock.clock_time()
    for reception in service.reception_days(today, days):
        if reception.day == today and reception.over_at(now):
            continue
        left = service.remaining_places(reception.leader_id, reception.day)
        if left == 0:
            continue
        when = date.fromisoformat(reception.day)
        title = f"{reception.leader_name}（{reception.post}）" if reception.post else reception.leader_name
        places = "不限" if left is None else f"余 {left} 个名额"
        found.append(Bookable(reception.leader_id, reception.day, (
            f"{when.month}月{when.day}日 周{WEEKDAYS[when.weekday()]} {reception.start_time}–{reception.end_time}"
            f" {title} {reception.place} {reception.mode}（{places}）"
        )))
    return found


class AppointmentScreen(CounterScreen, ModalScreen[Appointment | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "取消"), Binding("ctrl+s", "book", "预约")]

    def __init__(self, choices: list[Bookable]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog booking"):
            yield Static(Content("领导接访预约"), classes="dialog-title")
            if not self.choices:
                yield Static(Content(f"今后 {DAYS_AHEAD} 天没有尚有名额的领导接访日。"), id="book-none")
                yield Static(Content("Esc 返回"), classes="hint")
                return
            with Horizontal(classes="field"):
                yield Static(Content("接访日"), classes="field-label")
                yield Select(
                    [(Text(choice.label), index) for index, choice in enumerate(self.choices)],
                    value=0, allow_blank=False, id="book-day", compact=True,
                )
            for key, label, length, hint in (
                ("name", "姓名", 100, ""),
                ("doc-number", "身份证号", 40, "必填：来访当天凭证件核对"),
                ("phone", "联系电话", 40, ""),
            ):
                with Horizontal(classes="field"):
                    yield Static(Content(label), classes="field-label")
                    yield Input(id=f"book-{key}", max_length=length, placeholder=hint, compact=True)
            yield Static(id="book-error")
            yield Button("预约（Ctrl+S）", id="book-save", variant="primary")
            yield Static(Content("Esc 取消"), classes="hint")

    def _input(self, key: str) -> Input:
        return self.query_one(f"#book-{key}", Input)

    @property
    def error_line(self) -> Static:
        return self.query_one("#book-error", Static)

    def on_mount(self) -> None:
        if self.choices:
            self._input("name").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_book()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_book(self) -> None:
        if not self.choices:
            return
        selected = self.query_one("#book-day", Select).value
        if not isinstance(selected, (int, str)):  # nothing chosen (Select.BLANK)
            return
        try:
            choice = self.choices[int(selected)]
            person = self.person()
        except QueueError as exc:
            self.refused(exc)
            return
        service, actor = self.service, self.actor
        run_core(self, lambda: service.book_appointment(choice.leader_id, choice.day, person, actor),
                 self.dismiss, refused=self.refused, name="counter-book-appointment")

    def refused(self, exc: QueueError) -> None:
        self.error_line.update(Text(exc.message))

    def person(self) -> PersonInput:
        typed = self._input("doc-number").value.strip()
        if not typed:
            raise InvalidInput("预约须登记身份证号，来访当天凭证件核对")
        doc_type, doc_number = clean_document(RESIDENT_ID_CARD, typed, self.service.clock.today())
        phone = self._input("phone").value.strip()
        if phone and not phone_ok(phone):
            raise InvalidInput(PHONE_RULE)
        return PersonInput(
            name=self._input("name").value, doc_type=doc_type, doc_number=doc_number, phone=phone
        )


__all__ = ["AppointmentScreen", "Bookable", "bookable_days"]
