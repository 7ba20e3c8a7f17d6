"""A busy or full database at the counter: a wait or a refusal in words, never a frozen
or crashed console (issue 12: actions run through the service off the UI thread)."""

from __future__ import annotations

import sqlite3

from reception.counter.screens.console import ConsoleScreen
from reception.queue.errors import DiskFull
from reception.queue.models import TicketState
from reception.staff_ui.actions import WAIT_TEXT
from reception.staff_ui.registration import RegistrationScreen
from tests.counter.conftest import log_in, open_registration, press, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import settle, until

FULL = "磁盘空间已满，无法保存：/tmp/hall.db（请清理磁盘后重试）"


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def status(app) -> str:
    return text_of(app.screen.status_line)


async def test_a_call_while_another_connection_holds_the_write_lock_waits_then_completes(
    make_app, hall, db_path
):
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        console = app.screen
        # The kiosk (another process) in the middle of a write.
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("n")
            await until(pilot, lambda: WAIT_TEXT in notices(app))
            # Not `hall` here: the test runs on the UI thread, and the core's per-Hall
            # lock is held by the waiting call; the kiosk's own connection reads.
            state = other.execute("SELECT state FROM tickets WHERE id = ?", (ticket.id,)).fetchone()[0]
            assert state == TicketState.WAITING.value
            # The screen still answers keys meanwhile (the call waits in a worker thread).
            await pilot.press("r")
            await until(pilot, lambda: "本窗口当前没有来访人" in status(app))
            assert app.screen is console
        finally:
            other.rollback()
            other.close()
        await settle(pilot)
        assert status(app) == "已叫号：A001"
        assert "A001" in text_of(console.serving_panel)
        assert hall.get_ticket(ticket.id).state is TicketState.CALLED


async def test_a_full_disk_is_said_at_the_counter_and_the_console_goes_on(make_app, hall, service, monkeypatch):
    ticket = walk_in(hall, 1).ticket

    def full(*args, **kwargs):
        raise DiskFull(FULL)

    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        with monkeypatch.context() as patch:
            patch.setattr(service, "call_next", full)
            await press(pilot, "n")
            assert "磁盘空间已满" in status(app)
            assert app.is_running and isinstance(app.screen, ConsoleScreen)
            assert hall.get_ticket(ticket.id).state is TicketState.WAITING
        await press(pilot, "n")  # room again: the next try works
        assert status(app) == "已叫号：A001"


async def test_a_full_disk_while_saving_the_form_is_said_in_place(make_app, hall, service, monkeypatch):
    walk_in(hall, 1)

    def full(*args, **kwargs):
        raise DiskFull(FULL)

    async with make_app().run_test(size=(120, 40)) as pilot:
        form = await open_registration(pilot)
        form._select("purpose").value = "申诉求决"
        monkeypatch.setattr(service, "save_registration", full)
        await press(pilot, "ctrl+s")
        assert pilot.app.screen is form and isinstance(form, RegistrationScreen)
        assert "磁盘空间已满" in text_of(form.error_line)
        assert pilot.app.is_running
