"""预约名单: the coming leader appointments, listed and cancelled at the counter.

Read through the facade (`reception_days`, `appointments_for`) off the UI
thread; a cancellation is asked first and goes through `cancel_appointment`,
which the core audits. Names and numbers are data (`Text` cells), never markup;
document numbers are shown masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reception.counter.protocol import CounterScreen
from reception.queue.errors import QueueError
from reception.queue.service import Appointment, HallService, mask_doc_number
from reception.staff_ui.actions import run_core
from reception.staff_ui.confirm import ConfirmPrompt

DAYS_AHEAD = 30
CANCEL_REASON = "窗口办理取消"


@dataclass(frozen=True)
class Listed:
    appointment: Appointment
    cells: tuple[Text, ...]


def coming_appointments(service: HallService, days: int = DAYS_AHEAD) -> list[Listed]:
    """Bookings (cancelled ones too) of the reception days from today on
    (reads the database: call it off the UI thread)."""
    found = []
    for reception in service.reception_days(service.clock.hall_day(), days):
        for booked in service.appointments_for(reception.leader_id, reception.day, include_cancelled=True):
            found.append(Listed(booked, (
                Text(str(booked.id)),
                Text(f"{reception.day} {reception.start_time}"),
                Text(reception.leader_name),
                Text(booked.person_name),
                Text(mask_doc_number(booked.doc_number or "")),
                Text(booked.phone),
                Text(booked.state.label),
            )))
    return found


class AppointmentListScreen(CounterScreen, ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "返回"),
        Binding("c,delete", "cancel_booking", "取消所选预约"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[Listed] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content(f"领导接访预约名单（今后 {DAYS_AHEAD} 天）"), classes="dialog-title")
            yield Static(id="booked-status")
            yield DataTable(id="booked", cursor_type="row", zebra_stripes=True)
            yield Static(Content("方向键选择   c 取消所选预约   Esc 返回"), classes="hint")

    @property
    def table(self) -> DataTable:
        return self.query_one("#booked", DataTable)

    @property
    def status_line(self) -> Static:
        return self.query_one("#booked-status", Static)

    def on_mount(self) -> None:
        for key, label in (("id", "编号"), ("when", "接访时间"), ("leader", "接访领导"), ("name", "姓名"),
                           ("doc", "身份证号"), ("phone", "电话"), ("state", "状态")):
            self.table.add_column(label, key=key)
        self.table.focus()
        self.reload()

    def reload(self, said: str = "") -> None:
        service = self.service

        def show(listed: list[Listed]) -> None:
            self.listed = listed
            self.table.clear()
            for item in listed:
                self.table.add_row(*item.cells, key=str(item.appointment.id))
            booked = sum(1 for item in listed if item.appointment.state.value == "booked")
            count = f"共 {len(listed)} 条，其中待到场 {booked} 条" if listed else "今后没有领导接访预约"
            self.status_line.update(Text(f"{said}  {count}" if said else count))

        run_core(self, lambda: coming_appointments(service), show, refused=self.refused,
                 name="counter-appointments")

    def refused(self, exc: QueueError) -> None:
        self.status_line.update(Text(exc.message))

    def action_cancel_booking(self) -> None:
        row = self.table.cursor_row
        if not self.listed or not 0 <= row < len(self.listed):
            self.status_line.update(Text("没有可取消的预约"))
            return
        booked = self.listed[row].appointment
        if booked.state.value != "booked":
            self.status_line.update(Text(f"第 {booked.id} 号预约{booked.state.label}，不能取消"))
            return
        service, actor = self.service, self.actor
        reception = booked.reception

        def cancel() -> None:
            run_core(self, lambda: service.cancel_appointment(booked.id, actor, CANCEL_REASON),
                     lambda _: self.reload(f"已取消第 {booked.id} 号预约。"), refused=self.refused,
                     name="counter-cancel-appointment")

        def answered(yes: bool | None) -> None:
            if yes:
                cancel()

        question = (f"取消第 {booked.id} 号预约（{booked.person_name}，{reception.day} "
                    f"{reception.leader_name}）？名额将空出给他人。")
        self.app.push_screen(ConfirmPrompt(question, "取消预约"), answered)

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["AppointmentListScreen", "coming_appointments"]
