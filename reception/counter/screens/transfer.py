"""Transfer the ticket at the window to another service or a duty leader's queue."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
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


class PickList(OptionList):
    """An option list where a click (a tap) only picks: the transfer itself waits
    for Enter or the 确认转办 button, so a slip of the finger cannot use up a
    leader's place (issue 17)."""

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # Textual runs each class's handler: not OptionList's select
        clicked: int | None = event.style.meta.get("option")
        if clicked is not None and not self.get_option_at_index(clicked).disabled:
            self.highlighted = clicked


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
            yield PickList(
                *(Option(Content(target.label), id=target.queue) for target in self.targets),
                id="transfer-targets",
            )
            yield Static(id="transfer-picked", classes="picked")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("确认转办（回车）"), id="transfer-confirm", variant="warning")
                yield Button(Content("取消（Esc）"), id="transfer-cancel")
            yield Static(Content("方向键或点击选择去向，回车或“确认转办”才转办"), classes="hint")

    @property
    def options(self) -> OptionList:
        return self.query_one("#transfer-targets", OptionList)

    @property
    def picked(self) -> str | None:
        index = self.options.highlighted
        return None if index is None else self.targets[index].queue

    def on_mount(self) -> None:
        self.options.focus()
        self.options.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        target = self.targets[event.option_index]
        self.query_one("#transfer-picked", Static).update(Content(f"已选：{target.name}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter on the list: the confirming key
        self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.picked if event.button.id == "transfer-confirm" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
