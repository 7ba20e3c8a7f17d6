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

from reception.queue.models import LEADER_QUEUE_PREFIX, Ticket, leader_queue
from reception.queue.service import HallService


@dataclass(frozen=True)
class Target:
    queue: str
    label: str  # in the list, with the places left
    name: str  # in the confirmation


def transfer_targets(service: HallService, ticket: Ticket) -> list[Target]:
    """Other services of the hall, then today's duty leaders by name with the places
    they have left (reads the schedule: call it off the UI thread). A service for
    leader reception in general says it names no leader, so it is not mistaken for
    one of the leaders listed below it (issue 17)."""
    targets = [
        Target(offered.code, service_label(offered.name, offered.code), offered.name)
        for offered in service.config.services
        if offered.code != ticket.queue
    ]
    for duty in service.duty_leaders():
        queue = leader_queue(duty.leader_id)
        if queue == ticket.queue:
            continue
        left = duty.left
        places = "名额不限" if left is None else f"剩余名额 {left}"
        title = f"（{duty.post}）" if duty.post else ""
        where = f" {duty.place}" if duty.place else ""
        targets.append(Target(
            queue, f"接访领导 {duty.name}{title}{where}  {places}", f"接访领导 {duty.name}"
        ))
    return targets


def service_label(name: str, code: str) -> str:
    if "领导" in name:
        return f"{name}（不指定领导，{code}）"
    return f"{name}（{code}）"


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
            yield PickList(*self._options(), id="transfer-targets")
            yield Static(id="transfer-picked", classes="picked")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("确认转办（回车）"), id="transfer-confirm", variant="warning")
                yield Button(Content("取消（Esc）"), id="transfer-cancel")
            yield Static(Content("方向键或点击选择去向，回车或“确认转办”才转办"), classes="hint")

    def _options(self) -> list[Option | None]:
        """Services first, then a rule, then the named leaders (None: a separator line)."""
        found: list[Option | None] = []
        for target in self.targets:
            if target.queue.startswith(LEADER_QUEUE_PREFIX) and found and not any(
                option is not None and option.id and option.id.startswith(LEADER_QUEUE_PREFIX)
                for option in found
            ):
                found.append(None)
            found.append(Option(Content(target.label), id=target.queue))
        return found

    @property
    def options(self) -> OptionList:
        return self.query_one("#transfer-targets", OptionList)

    @property
    def picked(self) -> str | None:
        index = self.options.highlighted
        return None if index is None else self.options.get_option_at_index(index).id

    def on_mount(self) -> None:
        self.options.focus()
        self.options.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        name = {target.queue: target.name for target in self.targets}.get(event.option.id or "", "")
        self.query_one("#transfer-picked", Static).update(Content(f"已选：{name}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter on the list: the confirming key
        self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.picked if event.button.id == "transfer-confirm" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
