"""The duty leader's view (领导接访): log in, then today's queue and the talk record.

`create_app` builds the app over a Hall; `reception leader` runs it, and
`reception serve` offers it to browsers at /leader (one process per session,
each logging in on its own).
"""

from __future__ import annotations

from textual.app import App

from reception.queue.accounts import Accounts, User
from reception.queue.hall import Hall
from reception.staff_ui.login import LoginScreen

POLL_SECONDS = 1.0


class LeaderApp(App):
    CSS_PATH = "leader.tcss"
    TITLE = "领导接访"
    ENABLE_COMMAND_PALETTE = False  # nothing for a leader there; it also offers Quit and themes

    def __init__(self, hall: Hall, poll_interval: float = POLL_SECONDS) -> None:
        super().__init__()
        self.hall = hall
        self.poll_interval = poll_interval
        self.accounts = Accounts(hall.db, hall.clock)
        self.user: User | None = None

    def on_mount(self) -> None:
        self.show_login()

    def show_login(self) -> None:
        self.user = None
        self.sub_title = ""
        title = f"{self.hall.config.hall_name} 领导接访登录"
        self.push_screen(LoginScreen(self.accounts, title, roles=("leader",)), self.logged_in)

    def logout(self) -> None:
        """Back to the login: the next person at this PC sees no one's record."""
        self.pop_screen()
        self.show_login()

    def logged_in(self, user: User | None) -> None:
        if user is None:
            return
        from reception.leader.screens.queue_screen import QueueScreen

        self.user = user
        self.sub_title = user.display_name
        self.push_screen(QueueScreen(self.hall, user, self.poll_interval))


def create_app(hall: Hall, poll_interval: float = POLL_SECONDS) -> LeaderApp:
    return LeaderApp(hall, poll_interval)
