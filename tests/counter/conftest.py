"""A counter console on a real hall database, with the real printer on Dummy bytes."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from reception.counter.app import CounterApp, create_app
from reception.devices.printer import TicketPrinter, parse_printer_settings
from reception.devices.printer.decode import decode
from reception.queue.accounts import Accounts
from reception.queue.service import HallService
from reception.staff_ui.login import LoginScreen
from tests.staff_ui.helpers import settle

PASSWORD = "counter pass 1"


class DummyPrinter(TicketPrinter):
    def __init__(self) -> None:
        super().__init__(parse_printer_settings({"kind": "dummy"}))

    @property
    def tickets(self):
        return [decode(job) for job in self.link.jobs]


@pytest.fixture
def accounts(hall) -> Accounts:
    accounts = Accounts(hall.db, hall.clock)
    accounts.add("liuyang", PASSWORD, "staff", "刘洋")
    accounts.add("wangfang", PASSWORD, "staff", "王芳")
    return accounts


@pytest.fixture
def printer() -> DummyPrinter:
    return DummyPrinter()


@pytest.fixture
def make_app(service, accounts, printer):
    def make(window: int = 1, service_: HallService | None = None, **options) -> CounterApp:
        # A long poll: tests refresh explicitly, so nothing changes under an assertion.
        return create_app(service_ or service, window, printer=printer, poll_seconds=30, **options)

    return make


async def log_in(pilot, username: str = "liuyang", password: str = PASSWORD) -> None:
    for _ in range(100):  # the login screen is pushed once the app has mounted
        if isinstance(pilot.app.screen, LoginScreen):
            break
        await pilot.pause(0.01)
    screen = pilot.app.screen
    screen.username_input.value = username
    screen.password_input.value = password
    screen.submit()
    await settle(pilot)


async def press(pilot, *keys: str) -> None:
    """Press keys as staff do, one after another: each action (run off the UI thread)
    has answered before the next key."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def open_registration(pilot):
    """Log in, call the next visitor, start, and open the registration form."""
    from reception.staff_ui.registration import RegistrationScreen

    await log_in(pilot)
    await press(pilot, "n", "s", "g")
    form = pilot.app.screen
    assert isinstance(form, RegistrationScreen)
    return form


def text_of(widget: Static) -> str:
    return str(widget.render())
