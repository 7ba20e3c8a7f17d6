"""Log in to a staff front end: username and password, checked by the core.

Dismissed with the logged-in `User`. Repeated failures lock the account in
the core (`[accounts]`: counted in the database, whichever screen, browser
session or process they come from, so opening new sessions gives a guesser
nothing); the screen shows the core's 账户已锁定 message with the time the lock
ends. Every failure is in the audit log (core).

The password is checked by `HallService.login` in a thread worker (`run_core`):
a database busy with the kiosk's writes shows a wait, never a frozen screen,
and its refusal appears on the error line like a wrong password.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from reception.queue.errors import QueueError
from reception.queue.service import ROLES, AuthError, HallService, User
from reception.staff_ui.actions import run_core


@dataclass(frozen=True)
class Refused:
    """A login the core refused: its message, and how to get an account if none may log in."""

    message: str
    hint: str | None


def no_account_hint(users: list[User], roles: tuple[str, ...]) -> str | None:
    """When no active account may log in here: who creates one, and how. Said on the
    screen, so it reaches a browser under `reception serve` too (a refusal at start
    would only end the session, and the page would keep reconnecting)."""
    if any(user.active and user.role in roles for user in users):
        return None
    role = roles[0]
    leader = " --leader 领导姓名" if role == "leader" else ""
    return f"还没有可以在这里登录的账号。请管理员先创建：reception user add 用户名 --name 姓名 --role {role}{leader}"


class LoginScreen(Screen[User]):
    CSS_PATH = "login.tcss"

    def __init__(self, service: HallService, title: str, roles: tuple[str, ...] = ROLES) -> None:
        super().__init__()
        self.service = service
        self.heading = title
        self.roles = roles
        self.tried = False  # a try's answer is on the error line: the start-up hint must not hide it

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            # Content(...) is plain text: a hall name from config is never markup.
            yield Static(Content(self.heading), id="login-title")
            yield Static(Content("用户名"), classes="label")
            yield Input(id="login-username", max_length=64)
            yield Static(Content("密码"), classes="label")
            yield Input(id="login-password", password=True, max_length=256)
            yield Static(id="login-error")
            yield Button("登录", id="login-submit", variant="primary")

    @property
    def username_input(self) -> Input:
        return self.query_one("#login-username", Input)

    @property
    def password_input(self) -> Input:
        return self.query_one("#login-password", Input)

    @property
    def error_line(self) -> Static:
        return self.query_one("#login-error", Static)

    def no_account_hint(self) -> str | None:
        """See `no_account_hint`; reads the accounts (call it off the UI thread)."""
        return no_account_hint(self.service.users(), self.roles)

    def on_mount(self) -> None:
        self.username_input.focus()
        self.run_worker(self._read_hint, name="login-hint", group="login-hint",
                        thread=True, exit_on_error=False)

    def _read_hint(self) -> None:
        try:
            hint = self.no_account_hint()
        except QueueError:
            return  # a busy database: the hint is a help, the login itself still works
        if hint:
            self.app.call_from_thread(self._show_hint, hint)

    def _show_hint(self, hint: str) -> None:
        if not self.tried:
            self.error_line.update(Content(hint))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self.username_input:
            self.password_input.focus()
        else:
            self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "login-submit":
            self.submit()

    def submit(self) -> None:
        username = self.username_input.value
        password = self.password_input.value
        self.password_input.value = ""  # never left on screen or in memory longer than needed
        self.tried = True
        if not username.strip() or not password:
            self.error_line.update(Content("请输入用户名和密码"))
            return
        roles = self.roles

        def attempt() -> User | Refused:
            try:
                return self.service.login(username, password, roles=roles)
            except AuthError as exc:
                return Refused(exc.message, self.no_account_hint())

        run_core(self, attempt, self.answered, refused=self.refused, name="login")

    def answered(self, result: User | Refused) -> None:
        if isinstance(result, Refused):
            # Failures are counted per account by the core, across browser sessions
            # and processes ([accounts]); its message says when a lock ends.
            hint = result.hint
            self.error_line.update(Content(f"{result.message}\n{hint}" if hint else result.message))
            self.password_input.focus()
            return
        self.dismiss(result)

    def refused(self, exc: QueueError) -> None:
        """The database could not answer (busy, unusable): not a failed try."""
        self.error_line.update(Content(exc.message))
        self.password_input.focus()
