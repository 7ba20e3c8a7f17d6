"""A group's representatives check in one by one with their cards, up to the limit."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.cards import PULLED, CardData, CardEvent, CardPulled, CardRead, CardRejected
from reception.kiosk.failures import for_visitor
from reception.kiosk.flow import HELD, expired_problem
from reception.kiosk.screens.base import KioskScreen
from reception.queue.errors import QueueError, RuleViolation
from reception.queue.service import (
    HallService,
    mask_doc_number,  # the one masking rule
)


class RepresentativesScreen(KioskScreen):
    CSS_PATH = "representatives.tcss"
    TITLE_TEXT = "请各位代表依次将身份证放在读卡区"

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static(id="reps-left", classes="message")
        yield Static(id="reps-refusal", classes="message refusal")
        yield VerticalScroll(id="reps-list")
        if self.kiosk.card_source.simulated:
            from reception.kiosk.demo import DemoBar

            yield DemoBar(classes="demo-inline")
        yield from self.compose_nav("下一步")

    def on_mount(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        config = self.kiosk.config
        left = draft.left(config)
        group_left = max(0, draft.group_size - len(draft.speakers))
        left = min(left, group_left)
        text = (
            f"共 {draft.group_size} 人来访，已登记代表 {len(draft.speakers)} 名，"
            + (f"还可登记 {left} 名代表" if left else "代表名额已满")
            + f"\n本厅规定：集体来访推选代表不超过 {config.representative_limit} 人"
        )
        self.query_one("#reps-left", Static).update(Content(text))
        body = self.query_one("#reps-list", VerticalScroll)
        body.remove_children()
        for index, card in enumerate(draft.speakers):
            lead = index == draft.lead_index
            row = Horizontal(classes="rep-row")
            body.mount(row)
            role = "主访人" if lead else "代表"
            row.mount(Static(
                Content(f"{index + 1}. {card.name}　{mask_doc_number(card.doc_number)}　{role}"),
                classes="rep-name",
            ))
            if not lead:
                row.mount(Button("设为主访人", id=f"lead-{index}", classes="rep-lead"))

    def handle_card(self, event: CardEvent) -> bool:
        draft = self.kiosk.draft
        assert draft is not None
        refusal = self.query_one("#reps-refusal", Static)
        if isinstance(event, CardPulled):
            refusal.update(Content(PULLED))
            return True
        if isinstance(event, CardRejected):
            refusal.update(Content(event.reason + "。此证件不能登记为代表，请联系工作人员。"))
            return True
        if not isinstance(event, CardRead):
            return False
        problem = expired_problem(event.card, self.kiosk.clock)
        if problem is not None:
            self.add_card(event.card, problem)
        else:
            self.check_card(self.kiosk.service, event.card)
        return True

    @work(thread=True, exit_on_error=False, group="representative")
    def check_card(self, service: HallService, card: CardData) -> None:
        """Has this representative a ticket of their own today? (off the UI thread)"""
        try:
            held = service.active_ticket_for(card.doc_type, card.doc_number)
        except QueueError as exc:
            problem: str | None = for_visitor(exc)
        else:
            problem = None if held is None else HELD.format(number=held.number)
        self.app.call_from_thread(self.add_card, card, problem)

    def add_card(self, card: CardData, problem: str | None) -> None:
        draft = self.kiosk.draft
        if draft is None or not self.is_current:  # reset meanwhile
            return
        if problem is None:
            try:
                draft.add_representative(card, self.kiosk.config)
            except RuleViolation as exc:
                # Two lines: a wrapped one-liner split "第 4 / 名代表" mid-phrase.
                problem = f"{exc.reason}\n依据：{exc.rule}" if exc.rule else exc.reason
            except QueueError as exc:
                problem = exc.message
        self.query_one("#reps-refusal", Static).update(Content(problem or ""))
        self.refresh_list()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if name.startswith("lead-"):
            event.stop()
            assert self.kiosk.draft is not None
            self.kiosk.draft.lead_index = int(name.removeprefix("lead-"))
            self.refresh_list()
            return
        super().on_button_pressed(event)

    def go_next(self) -> None:
        self.kiosk.show_confirm()
