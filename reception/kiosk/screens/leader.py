"""On a leader reception day: ask for the duty leader, or be received at a window.

A step of its own, after purpose and category: below the category buttons the
offer fell off the bottom of the kiosk's screen (about 120x30 cells at the
deployed font size) and visitors never saw it. One question per screen, one tap.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.screens.base import KioskScreen, mark_choice
from reception.queue.service import DutyLeader

NO_LEADER = "不需要，由窗口工作人员接待"


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


def choice_label(leader: DutyLeader) -> str:
    # Name and post: two duty leaders may share a name (two 王伟), and each
    # button must say which one it asks for.
    return f"申请{leader.name}{leader.post}接待"


class LeaderScreen(KioskScreen):
    CSS_PATH = "leader.tcss"
    TITLE_TEXT = "今天是领导接访日，您可以申请领导接待"
    AUTO_FOCUS = "#no-leader"  # Enter on a keyboard: the usual way, a window

    def __init__(self, leaders: list[DutyLeader]) -> None:
        super().__init__()
        self.leaders = leaders  # those the visitor may ask for now (Hall.leaders_for_walk_ins)

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with VerticalScroll(id="leader-body", can_focus=False):
            for index, leader in enumerate(self.leaders):
                yield Static(leader_text(leader), classes="leader")
                yield Button(Content(choice_label(leader)), id=f"leader-{index}", classes="leader-choice")
            yield Button(Content(NO_LEADER), id="no-leader", classes="leader-choice")
        yield from self.compose_nav()

    def on_mount(self) -> None:
        self.show_choice()

    def on_screen_resume(self) -> None:  # back from the next step: show what they chose
        self.show_choice()

    def show_choice(self) -> None:
        draft = self.kiosk.draft
        chosen = draft.leader.leader_id if draft is not None and draft.leader else None
        for index, leader in enumerate(self.leaders):
            mark_choice(self.query_one(f"#leader-{index}", Button), choice_label(leader), leader.leader_id == chosen)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        draft = self.kiosk.draft
        assert draft is not None
        if name == "no-leader":
            event.stop()
            draft.leader = None
            self.kiosk.show_mode()
        elif name.startswith("leader-") and name.removeprefix("leader-").isdigit():
            event.stop()
            draft.leader = self.leaders[int(name.removeprefix("leader-"))]
            self.kiosk.show_mode()
        else:
            super().on_button_pressed(event)
