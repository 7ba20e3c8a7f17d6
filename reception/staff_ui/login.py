"""Log in to a staff front end: username and password, checked by the core.

Dismissed with the logged-in `User`. After repeated failures the screen
refuses further tries for a while, so a password cannot be guessed at the
counter by trying quickly; every failure is in the audit log (core).
"""

from __future__ import annotations

from time import monotonic

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from reception.queue.accounts import ROLES, Accounts, AuthError, User

MAX_TRIES = 5
LOCK_SECONDS = 60.0


class LoginScreen(Screen[User]):
    CSS_PATH = "login.tcss"

    def __init__(self, accounts: Accounts, title: str, roles: tuple[str, ...] = ROLES) -> None:
        super().__init__()
        self.accounts = accounts
        self.heading = title
        self.roles = roles
        self.failures = 0
        self.locked_until = 0.0

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
        """When no active account may log in here: who creates one, and how. Said on the
        screen, so it reaches a browser under `reception serve` too (a refusal at start
        would only end the session, and the page would keep reconnecting)."""
        if any(user.active and user.role in self.roles for user in self.accounts.list()):
            return None
        role = self.roles[0]
        leader = " --leader 领导姓名" if role == "leader" else ""
        return f"还没有可以在这里登录的账号。请管理员先创建：reception user add 用户名 --name 姓名 --role {role}{leader}"

    def on_mount(self) -> None:
        self.username_input.focus()
        hint = self.no_account_hint()
        if hint:
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
        if monotonic() < self.locked_until:
            self.error_line.update(Content("密码错误次数过多，请一分钟后再试"))
            return
        if not username.strip() or not password:
            self.error_line.update(Content("请输入用户名和密码"))
            return
        try:
            user = self.accounts.authenticate(username, password, roles=self.roles)
        except AuthError as exc:
            self.failures += 1
            if self.failures >= MAX_TRIES:
                self.failures = 0
                self.locked_until = monotonic() + LOCK_SECONDS
            hint = self.no_account_hint()
            self.error_line.update(Content(f"{exc.message}\n{hint}" if hint else exc.message))
            self.password_input.focus()
            return
        self.failures = 0
        self.dismiss(user)
