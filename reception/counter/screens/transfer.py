"""Transfer the ticket at the window to another service or a duty leader's queue."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reception.queue.models import Ticket, leader_queue
from reception.queue.service import HallService


@dataclass(frozen=True)
class Target:
    queue: str
    label: str  # in the list, with the places left
    name: str  # in the confirmation


def transfer_targets(service: HallService, ticket: Ticket) -> list[Target]:
    """Other services of the hall, then today's duty leaders with places left
    (reads the schedule: call it off the UI thread)."""
    targets = [
        Target(offered.code, f"{offered.name}（{offered.code}）", offered.name)
        for offered in service.config.services
        if offered.code != ticket.queue
    ]
    for duty in service.duty_leaders():
        queue = leader_queue(duty.leader_id)
        if queue == ticket.queue:
            continue
        left = duty.left
        places = "不限" if left is None else f"余 {left} 个名额"
        where = f" {duty.place}" if duty.place else ""
        targets.append(Target(
            queue, f"接访领导：{duty.name} {duty.post}{where}（{places}）", f"接访领导 {duty.name}"
        ))
    return targets


class TransferScreen(ModalScreen[str | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, number: str, targets: list[Target]) -> None:
        super().__init__()
        self.number = number
        self.targets = targets

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(f"把 {self.number} 号转至："), classes="dialog-title")
            # Content(...): leader names and places come from the schedule, never markup.
            yield OptionList(
                *(Option(Content(target.label), id=target.queue) for target in self.targets),
                id="transfer-targets",
            )
            yield Static(Content("回车确认，Esc 取消"), classes="hint")

    @property
    def options(self) -> OptionList:
        return self.query_one("#transfer-targets", OptionList)

    def on_mount(self) -> None:
        self.options.focus()
        self.options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
