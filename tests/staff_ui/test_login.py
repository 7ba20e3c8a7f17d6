"""The shared staff login screen, driven as staff at a counter would."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Static

from reception.queue import audit
from reception.queue.accounts import User
from reception.queue.service import HallService
from reception.staff_ui import login
from reception.staff_ui.login import LoginScreen
from tests.staff_ui.helpers import settle

PASSWORD = "counter pass 1"


class LoginHost(App):
    def __init__(self, service: HallService, roles=("staff", "admin")) -> None:
        super().__init__()
        self.service = service
        self.roles = roles
        self.user: User | None = None

    def on_mount(self) -> None:
        self.push_screen(LoginScreen(self.service, "[bold]测试大厅[/] 窗口登录", self.roles), self.logged_in)

    def logged_in(self, user: User | None) -> None:
        self.user = user


@pytest.fixture
def accounts(service) -> HallService:
    service.add_user("liuyang", PASSWORD, "staff", "刘洋")
    return service


async def type_in(pilot, username: str, password: str) -> None:
    screen = pilot.app.screen
    screen.username_input.value = username
    screen.password_input.focus()
    await pilot.press(*password)
    await pilot.press("enter")
    await settle(pilot)


def error_text(app) -> str:
    return str(app.screen.query_one("#login-error", Static).render())


async def test_right_password_dismisses_with_the_user(accounts):
    app = LoginHost(accounts)
    async with app.run_test() as pilot:
        await pilot.pause()
        # The title from config is shown as typed, brackets and all.
        assert "[bold]测试大厅[/]" in str(app.screen.query_one("#login-title", Static).render())
        await type_in(pilot, "liuyang", PASSWORD)
        assert app.user is not None and app.user.display_name == "刘洋"


async def test_wrong_password_is_refused_in_chinese_and_cleared(accounts, hall):
    app = LoginHost(accounts)
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_in(pilot, "liuyang", "wrong password")
        assert app.user is None
        assert "用户名或密码错误" in error_text(app)
        assert app.screen.password_input.value == ""
    assert audit.entries(hall.db, action="login.failed")


async def test_markup_as_username_is_plain_text(accounts):
    app = LoginHost(accounts)
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_in(pilot, "[@click=app.quit]x[/]", "whatever12")
        assert app.is_running and app.user is None
        assert "用户名或密码错误" in error_text(app)


async def test_leader_console_refuses_a_staff_account(accounts):
    app = LoginHost(accounts, roles=("leader",))
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_in(pilot, "liuyang", PASSWORD)
        assert app.user is None and "仅限接访领导" in error_text(app)


async def test_too_many_failures_lock_the_account_even_for_the_right_password(accounts, clock):
    """Five failures lock the account in the core (issue 16), not only this screen:
    the screen says 账户已锁定 and until when, and a new session is locked too."""
    app = LoginHost(accounts)
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(5):
            await type_in(pilot, "liuyang", "wrong password")
        await type_in(pilot, "liuyang", PASSWORD)
        assert app.user is None and "账户已锁定" in error_text(app) and "后再试" in error_text(app)
    again = LoginHost(accounts)  # another browser session
    async with again.run_test() as pilot:
        await pilot.pause()
        await type_in(pilot, "liuyang", PASSWORD)
        assert again.user is None and "账户已锁定" in error_text(again)
        clock.advance(minutes=16)  # the hall's clock past the 15-minute lock
        await type_in(pilot, "liuyang", PASSWORD)
        assert again.user is not None


async def test_empty_fields_ask_for_both(accounts):
    app = LoginHost(accounts)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.click("#login-submit")
        await settle(pilot)
        assert "请输入用户名和密码" in error_text(app)


async def test_before_any_account_the_screen_says_how_to_make_one(service):
    # A fresh hall: without this every try answered 用户名或密码错误, in a terminal
    # and in a browser under `reception serve` alike.
    app = LoginHost(service)
    async with app.run_test() as pilot:
        await settle(pilot)
        hint = "还没有可以在这里登录的账号。请管理员先创建：reception user add 用户名 --name 姓名 --role staff"
        assert hint in error_text(app)
        await type_in(pilot, "admin", "whatever1")
        assert hint in error_text(app) and app.user is None


async def test_the_hint_names_the_leader_role_on_the_leader_login(accounts):
    # accounts holds a staff account only: nobody may log in as a leader yet.
    app = LoginHost(accounts, roles=("leader",))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "--role leader --leader 领导姓名" in error_text(app)


async def test_no_hint_once_an_account_exists(accounts):
    app = LoginHost(accounts)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert error_text(app).strip() == ""
        await type_in(pilot, "liuyang", "wrong password")
        assert "还没有" not in error_text(app)


async def test_a_busy_database_is_said_on_the_error_line_and_is_not_a_failed_try(accounts, monkeypatch):
    from reception.queue.errors import DatabaseBusy

    def busy(*args, **kwargs):
        raise DatabaseBusy("数据库繁忙，请稍后重试")

    app = LoginHost(accounts)
    async with app.run_test() as pilot:
        await settle(pilot)
        with monkeypatch.context() as patch:
            patch.setattr(accounts, "login", busy)
            await type_in(pilot, "liuyang", PASSWORD)
            assert app.user is None and "数据库繁忙，请稍后重试" in error_text(app)
            assert not [e for e in accounts.audit_log() if e.action == "login.failed"]  # not a failed try
        await type_in(pilot, "liuyang", PASSWORD)
        assert app.user is not None
