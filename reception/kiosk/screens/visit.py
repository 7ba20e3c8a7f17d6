"""What the visit is about: purpose, category, and on a leader's day the leader."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.screens.base import KioskScreen
from reception.queue.leaders import DutyLeader


def leader_text(leader: DutyLeader) -> Content:
    parts = [f"{leader.name}　{leader.post}"]
    if leader.fields:
        parts.append(f"分管：{leader.fields}")
    where = "　".join(p for p in (leader.hours, leader.place) if p)
    if where:
        parts.append(f"接访时间地点：{where}")
    if leader.left is not None:
        parts.append(f"今日剩余名额：{leader.left} 人")
    return Content("\n".join(parts))


CHOSEN = "✔ "


def mark_choice(button: Button, text: str, chosen: bool) -> None:
    """A chosen button is coloured and ticked: colour alone looked like keyboard focus."""
    button.set_class(chosen, "chosen")
    button.label = Content(CHOSEN + text if chosen else text)


class VisitScreen(KioskScreen):
    CSS_PATH = "visit.tcss"
    TITLE_TEXT = "请选择来访目的和问题类别"

    def __init__(self, leaders: list[DutyLeader]) -> None:
        super().__init__()
        self.leaders = leaders  # already those the visitor may ask for (Hall.leaders_for_walk_ins)

    def compose(self) -> ComposeResult:
        config = self.kiosk.hall.config
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
            if self.leaders:
                yield Static(Content("今日领导接访日，可申请领导接待（可不选）"), classes="section")
                for index, leader in enumerate(self.leaders):
                    yield Static(leader_text(leader), classes="leader")
                    yield Button(
                        Content(f"申请{leader.name}接待"), id=f"leader-{index}", classes="leader-choice"
                    )
            yield Static(id="visit-hint", classes="message refusal")
        yield from self.compose_nav("下一步")

    def on_mount(self) -> None:
        self.show_choices()

    def show_choices(self) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        config = self.kiosk.hall.config
        for index, purpose in enumerate(config.purposes):
            mark_choice(self.query_one(f"#purpose-{index}", Button), purpose, draft.purpose == purpose)
        for index, category in enumerate(config.categories):
            mark_choice(self.query_one(f"#category-{index}", Button), category, draft.category == category)
        for index, leader in enumerate(self.leaders):
            chosen = draft.leader is not None and draft.leader.leader_id == leader.leader_id
            button = self.query_one(f"#leader-{index}", Button)
            button.set_class(chosen, "chosen")
            button.label = Content(f"已申请{leader.name}接待（点此取消）" if chosen else f"申请{leader.name}接待")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        config = self.kiosk.hall.config
        name = event.button.id or ""
        kind, _, index = name.partition("-")
        if kind in ("purpose", "category", "leader") and index.isdigit():
            event.stop()
            if kind == "purpose":
                draft.purpose = config.purposes[int(index)]
            elif kind == "category":
                draft.category = config.categories[int(index)]
            else:
                leader = self.leaders[int(index)]
                same = draft.leader is not None and draft.leader.leader_id == leader.leader_id
                draft.leader = None if same else leader
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
            hint.scroll_visible()  # below the leaders on a short screen
            return
        self.kiosk.show_mode()
