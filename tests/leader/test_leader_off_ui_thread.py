"""The leader view waits for a busy database without freezing, and shows the core's refusals.

Another program (the kiosk, a counter) holding SQLite's write lock makes a
leader's action wait: the screen says so, still answers the keyboard, and the
action completes once the lock is free. A database the core reports busy or
full is said in Chinese; the app goes on.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

import reception.leader
from reception.leader.app import create_app
from reception.leader.screens.talk_screen import TalkScreen
from reception.queue.errors import DatabaseBusy, DiskFull
from reception.queue.models import TicketState
from reception.staff_ui.actions import STILL_RUNNING, WAIT_TEXT
from tests.leader.conftest import route_to_leader
from tests.leader.test_leader_app import SIZE, open_queue, text_of
from tests.staff_ui.helpers import settle, until

BUSY = "数据库繁忙，请稍后重试"
FULL = "磁盘空间已满，无法保存：/srv/hall.db（请清理磁盘后重试）"


def state_of(conn: sqlite3.Connection, ticket_id: int) -> str:
    return conn.execute("SELECT state FROM tickets WHERE id = ?", (ticket_id,)).fetchone()[0]


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_call_waits_for_another_programs_write_lock_without_freezing(
        hall, service, leader_user, leader_id, db_path):
    first = route_to_leader(hall, 1, leader_id)
    second = route_to_leader(hall, 2, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        other = sqlite3.connect(db_path, isolation_level=None)  # the kiosk, say, mid-write
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("n")
            await until(pilot, lambda: WAIT_TEXT in notices(app))
            # The screen still answers: the cursor moves, a second action is refused in words.
            await pilot.press("down")
            await until(pilot, lambda: screen.table.cursor_row == 1)
            await pilot.press("n")
            await until(pilot, lambda: STILL_RUNNING in notices(app))
            # Still waiting for the lock. (Read on the lock's own connection: the test
            # runs on the UI thread, which must not wait for the core meanwhile.)
            assert state_of(other, first.id) == "waiting"
        finally:
            other.execute("ROLLBACK")
            other.close()
        await until(pilot, lambda: f"已叫 {first.number} 号" in notices(app))
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.CALLED
        assert hall.get_ticket(second.id).state is TicketState.WAITING
        assert screen.selected_ticket.id == first.id  # the cursor goes to the one called
        assert "已叫号" in text_of(screen.visit_panel)
        assert app.is_running


async def test_a_talk_saved_while_the_database_is_locked_is_saved_after_the_wait(
        hall, service, leader_user, leader_id, db_path):
    ticket = route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TalkScreen)
        form.notes_area.text = "来访人反映工资拖欠。"
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("ctrl+s")
            await until(pilot, lambda: WAIT_TEXT in notices(app))
            assert app.screen is form
            assert other.execute("SELECT count(*) FROM talks").fetchone() == (0,)
        finally:
            other.execute("ROLLBACK")
            other.close()
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert "来访人反映工资拖欠。" in text_of(screen.talk_panel)
    assert service.talk(ticket.visit_id, leader_id).notes == "来访人反映工资拖欠。"


@pytest.mark.parametrize(("error", "message"), [(DatabaseBusy, BUSY), (DiskFull, FULL)])
@pytest.mark.parametrize(("key", "method"), [
    ("n", "call_next_for_leader"), ("s", "start"), ("x", "no_show"), ("r", "recall"),
    ("t", "talk"), ("o", "open_doc_number"),
])
async def test_a_refusal_of_the_database_is_said_in_chinese_and_the_app_goes_on(
        hall, service, leader_user, leader_id, monkeypatch, key, method, error, message):
    route_to_leader(hall, 1, leader_id, doc_number="110101198001010019")
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)

        def refused(*args, **kwargs):
            raise error(message)

        monkeypatch.setattr(service, method, refused)
        app.clear_notifications()
        await pilot.press(key)
        if key == "x":  # 过号 is confirmed first (issue 17)
            await until(pilot, lambda: app.screen is not screen)
            await pilot.press("enter")
        await until(pilot, lambda: message in notices(app))
        await settle(pilot)
        assert app.is_running and app.screen is screen
        monkeypatch.undo()
        await pilot.press("down")  # and it still works
        await settle(pilot)
        assert app.is_running


@pytest.mark.parametrize(("error", "message"), [(DatabaseBusy, BUSY), (DiskFull, FULL)])
async def test_a_talk_the_database_refuses_stays_in_the_form_with_the_reason(
        hall, service, leader_user, leader_id, monkeypatch, error, message):
    ticket = route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        form.notes_area.text = "已接谈"

        def refused(*args, **kwargs):
            raise error(message)

        monkeypatch.setattr(service, "save_talk", refused)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.notes_area.text == "已接谈"
        assert text_of(form.error_line).startswith(f"{message}；未能保存")
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, TalkScreen)
    assert service.talk(ticket.visit_id, leader_id).notes == "已接谈"


def test_the_leader_view_never_imports_sqlite3():
    """Engine errors reach the leader view only as the core's QueueError (issue 12)."""
    root = Path(reception.leader.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            found += [f"{path.relative_to(root)}: {name}" for name in names
                      if name.split(".")[0] == "sqlite3"]
    assert found == []


async def test_a_tap_on_a_button_runs_its_action(hall, service, leader_user, leader_id, db_path):
    """The buttons under the queue (for a touch screen or a mouse) act like their keys."""
    first = route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.click("#do-call_next")
        watcher = sqlite3.connect(db_path)
        try:
            await until(pilot, lambda: state_of(watcher, first.id) == "called")
        finally:
            watcher.close()
