"""Everything the visitor entered, once more, before the ticket is issued."""

from __future__ import annotations

import logging

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from reception.kiosk.failures import NOT_ISSUING, SYSTEM_BUSY, for_visitor, is_outage
from reception.kiosk.flow import NO_CARD_NAME
from reception.kiosk.screens.base import KioskScreen
from reception.queue.errors import QueueError
from reception.queue.models import CheckInRequest
from reception.queue.service import (
    HallService,
    mask_doc_number,  # the one masking rule
)

log = logging.getLogger(__name__)


class ConfirmScreen(KioskScreen):
    CSS_PATH = "confirm.tcss"
    TITLE_TEXT = "请确认以下信息"
    SPOKEN = "请确认以下信息，无误后请点确认取号。"

    def compose(self) -> ComposeResult:
        draft = self.kiosk.draft
        assert draft is not None
        lines: list[tuple[str, str]] = []
        speakers = draft.speakers
        if speakers:
            lead = speakers[draft.lead_index]
            lines.append(("主访人", f"{lead.name}　{mask_doc_number(lead.doc_number)}"))
        else:
            lines.append(("来访人", f"{NO_CARD_NAME}（到窗口出示有效证件）"))
        if draft.phone:
            lines.append(("联系电话", draft.phone))
        lines.append(("来访目的", draft.purpose))
        lines.append(("问题类别", draft.category))
        if draft.leader:
            lines.append(("申请领导接待", f"{draft.leader.name}　{draft.leader.post}"))
        if draft.is_group:
            lines.append(("来访人数", f"{draft.group_size} 人（集体来访）"))
            others = [c for i, c in enumerate(speakers) if i != draft.lead_index]
            for card in others:
                lines.append(("代表", f"{card.name}　{mask_doc_number(card.doc_number)}"))
        else:
            lines.append(("来访方式", "个人来访"))
        yield from self.compose_title()
        with VerticalScroll(id="summary"):
            for label, value in lines:
                yield Static(Content.assemble((f"{label}：", "bold"), value), classes="summary-line")
            yield Static(id="confirm-error", classes="message refusal")
        yield from self.compose_nav("确认取号")

    def go_next(self) -> None:
        kiosk = self.kiosk
        assert kiosk.draft is not None
        self.query_one("#next", Button).disabled = True  # one ticket per press
        self.issue(kiosk.service, kiosk.draft.request(kiosk.settings), kiosk.settings.actor)

    @work(thread=True, exit_on_error=False, group="issue")
    def issue(self, service: HallService, request: CheckInRequest, actor: str) -> None:
        """Check in off the UI thread; the ticket screen, or why not."""
        try:
            result = service.check_in(request, actor=actor)
            slip = service.slip_for(result.ticket)
        except QueueError as exc:
            # A full, read-only or broken database will not work on a second
            # press: no more numbers here, staff take over (the kiosk runs on).
            retry = not is_outage(exc)
            self.app.call_from_thread(self.show_error, for_visitor(exc, SYSTEM_BUSY, NOT_ISSUING), retry)
            return
        self.app.call_from_thread(self.kiosk.show_ticket, result.ticket, slip, result.existing)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in check-in must not strand the visitor on a disabled button."""
        if event.worker.group == "issue" and event.state == WorkerState.ERROR:
            log.error("check-in failed", exc_info=event.worker.error)
            self.show_error(SYSTEM_BUSY)

    def show_error(self, message: str, retry: bool = True) -> None:
        self.query_one("#confirm-error", Static).update(Content(message))
        self.query_one("#next", Button).disabled = not retry
