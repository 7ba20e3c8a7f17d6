"""The duty leader's view (领导接访): log in, then today's queue and the talk record.

`create_app` builds the app over the process's `HallService`; `reception leader`
runs it, and `reception serve` offers it to browsers at /leader (one process per
session, each logging in on its own). The app is a `LeaderHost`
(reception.leader.protocol): its screens reach it through that, typed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App

from reception.queue.service import HallService, TalkForm, User
from reception.staff_ui.idle import DEFAULT_IDLE_MINUTES, IdleLogout
from reception.staff_ui.login import LoginScreen

POLL_SECONDS = 1.0


class LeaderApp(IdleLogout, App):
    CSS_PATH = "leader.tcss"
    TITLE = "领导接访"
    ENABLE_COMMAND_PALETTE = False  # nothing for a leader there; it also offers Quit and themes

    def __init__(
        self,
        service: HallService,
        poll_interval: float = POLL_SECONDS,
        idle_minutes: float = DEFAULT_IDLE_MINUTES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.init_idle(idle_minutes, monotonic)
        self.service = service
        self.poll_interval = poll_interval
        self.user: User | None = None
        # Talk records typed but not saved when the view locked itself: kept in
        # this process only, per leader and visit, and offered back in the form.
        self.talk_drafts: dict[tuple[str, int], TalkForm] = {}

    @property
    def actor(self) -> str:
        return self.user.username if self.user is not None else "leader"

    def on_mount(self) -> None:
        self.show_login()
        self.start_idle_timer()

    def show_login(self) -> None:
        self.user = None
        self.sub_title = ""
        title = f"{self.service.config.hall_name} 领导接访登录"
        self.push_screen(LoginScreen(self.service, title, roles=("leader",)), self.logged_in)

    def logout(self) -> None:
        """Back to the login: the next person at this PC sees no one's record.
        The audit entry is written off the UI thread; leaving never waits for it."""
        if self.user is not None:
            self.record_logout(self.user.username, {})
        self.pop_screen()
        self.show_login()

    def before_idle_lock(self) -> None:
        # A leader may listen for a long time without a key: what was typed in
        # the talk form must survive the lock (the lock itself matters more).
        super().before_idle_lock()  # a registration form open: kept as a draft
        from reception.leader.screens.talk_screen import TalkScreen

        kept = False
        for screen in self.screen_stack:
            if isinstance(screen, TalkScreen):
                form = screen.form
                if (form.notes + form.instruction + form.department + form.due_date).strip():
                    self.talk_drafts[(screen.actor, screen.visit_id)] = form
                    kept = True
        if kept:
            self.notify("未保存的接谈记录已暂存：重新登录后打开该来访人的接谈记录即可继续",
                        markup=False, timeout=15)

    def take_talk_draft(self, username: str, visit_id: int) -> TalkForm | None:
        return self.talk_drafts.pop((username, visit_id), None)

    def logged_in(self, user: User | None) -> None:
        if user is None:
            return
        from reception.leader.screens.queue_screen import QueueScreen

        self.user = user
        self.sub_title = user.display_name
        self.push_screen(QueueScreen(self.service, user, self.poll_interval))


def create_app(
    service: HallService,
    poll_interval: float = POLL_SECONDS,
    idle_minutes: float = DEFAULT_IDLE_MINUTES,
    monotonic: Callable[[], float] = time.monotonic,
) -> LeaderApp:
    return LeaderApp(service, poll_interval, idle_minutes, monotonic)
