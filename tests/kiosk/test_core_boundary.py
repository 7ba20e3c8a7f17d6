"""The kiosk reaches the core through its facade only, off the UI thread, and
turns a failing database into a Chinese notice instead of a crash (issue 12)."""

from __future__ import annotations

import ast
import threading
import time

import pytest

from reception.queue.errors import DatabaseReadOnly, DiskFull
from reception.queue.service import HallService
from tests.helpers import REPO_ROOT, walk_in
from tests.kiosk.conftest import Kiosk, card

SECRET_PATH = "/srv/reception/hall.db"  # what the core's message names; never for a visitor


async def until(kiosk: Kiosk, condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, kiosk.text()[:400]
        await kiosk.pilot.pause(0.05)
    await kiosk.settle()


async def to_confirm(kiosk: Kiosk, n: int = 1) -> None:
    await kiosk.place(card(n))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#alone")
    assert kiosk.screen_name == "ConfirmScreen"


async def test_a_full_disk_at_check_in_stops_issuing_in_chinese_and_the_kiosk_runs_on(kiosk, hall, monkeypatch):
    def full(self, request, actor="kiosk"):
        raise DiskFull(f"磁盘空间已满，无法保存：{SECRET_PATH}（请清理磁盘后重试）")

    await to_confirm(kiosk)
    monkeypatch.setattr(HallService, "check_in", full)
    await kiosk.click("#next")
    shown = kiosk.text()
    assert kiosk.app.is_running and kiosk.screen_name == "ConfirmScreen"
    assert "暂停取号" in shown and "服务窗口" in shown
    assert SECRET_PATH not in shown and "磁盘" not in shown
    assert kiosk.app.screen.query_one("#next").disabled  # a second press cannot help
    # Left alone, the kiosk goes back to welcome for the next visitor.
    kiosk.clock.now += kiosk.app.settings.idle_seconds + 1
    await until(kiosk, lambda: kiosk.screen_name == "WelcomeScreen")
    assert kiosk.app.draft is None and hall.tickets() == []
    # The disk cleared: the next visitor gets a ticket.
    monkeypatch.undo()
    await kiosk.visit_alone(card(2))
    assert kiosk.screen_name == "TicketScreen" and "A001" in kiosk.text()


async def test_a_read_only_database_at_the_card_reader_is_told_in_chinese(kiosk, monkeypatch):
    def read_only(self, doc_type, doc_number):
        raise DatabaseReadOnly(f"数据库所在磁盘为只读，无法保存：{SECRET_PATH}")

    monkeypatch.setattr(HallService, "active_ticket_for", read_only)
    await kiosk.place(card(1))
    assert kiosk.app.is_running and kiosk.screen_name == "RefusalScreen"
    assert "服务窗口" in kiosk.text() and SECRET_PATH not in kiosk.text()
    await kiosk.click("#home")
    assert kiosk.screen_name == "WelcomeScreen"


def calls_on_the_ui_thread(service: HallService, monkeypatch) -> list[str]:
    """Every public method of `service`, recording those called on the UI thread."""
    ui = threading.current_thread()
    found: list[str] = []
    for name, member in vars(HallService).items():
        if name.startswith("_") or not callable(member) or isinstance(member, (staticmethod, classmethod)):
            continue
        method = getattr(service, name)

        def watched(*args, _name=name, _method=method, **kwargs):
            if threading.current_thread() is ui:
                found.append(_name)
            return _method(*args, **kwargs)

        monkeypatch.setattr(service, name, watched)
    return found


async def test_no_kiosk_screen_calls_the_core_on_the_ui_thread(service, hall, printer, settings, monkeypatch):
    from tests.kiosk.conftest import running_kiosk

    on_ui = calls_on_the_ui_thread(service, monkeypatch)
    async with running_kiosk(service, printer, settings) as kiosk:
        await kiosk.visit_alone(card(1))  # card look-up, leader list, check-in, print
        assert kiosk.screen_name == "TicketScreen"
        await kiosk.click("#home")
        await kiosk.place(card(1))  # held ticket, then a reprint
        await kiosk.click("#reprint")
        assert "凭条已打印" in kiosk.text()
        ticket = hall.tickets()[0]
        hall.call_next(1, "staff")
        hall.start(ticket.id, "staff")
        hall.finish(ticket.id, "staff")
        await kiosk.click("#home")
        await kiosk.click("#query")  # progress and rating
        await kiosk.pilot.press(*ticket.query_code, "enter")
        await kiosk.settle()
        await kiosk.click("#rate-0")
        assert "感谢您的评价" in kiosk.text()
    assert on_ui == []


async def test_the_print_result_lands_from_the_printer_thread_while_the_ui_thread_writes(
    service, hall, printer, settings, monkeypatch
):
    from tests.kiosk.conftest import running_kiosk

    recorded_on: list[str] = []
    record = service.record_print

    def watched(*args, **kwargs):
        recorded_on.append(threading.current_thread().name)
        return record(*args, **kwargs)

    monkeypatch.setattr(service, "record_print", watched)
    printer.gate = threading.Event()  # the paper is slow to come out
    async with running_kiosk(service, printer, settings) as kiosk:
        await kiosk.visit_alone(card(1))
        assert "正在打印" in kiosk.text()
        printer.gate.set()
        # Meanwhile the UI thread writes and reads through the same service.
        n = 10
        deadline = time.monotonic() + 10
        while kiosk.app.print_worker.pending:
            assert time.monotonic() < deadline, "the print result never came back"
            n += 1
            walk_in(service, n)
            service.waiting_counts()
            await kiosk.pilot.pause(0)
        await kiosk.settle()
        assert "凭条已打印" in kiosk.text()
    ticket = hall.find_ticket("A001")
    assert ticket.printed_at is not None and not ticket.print_error
    assert [e.actor for e in hall.events_for(ticket.id) if e.action == "printed"] == [settings.actor]
    assert recorded_on and all(name.startswith("printer-") for name in recorded_on)
    assert len(hall.tickets()) == n - 9  # every walk-in of the UI thread landed too


FRONT_ENDS = ("kiosk", "hall_display", "serve", "printing")


def python_files(package: str):
    return sorted((REPO_ROOT / "reception" / package).rglob("*.py"))


@pytest.mark.parametrize("package", FRONT_ENDS)
def test_front_ends_never_touch_sqlite_themselves(package):
    """They catch QueueError (the core translates the engine's errors), never sqlite3's."""
    found = []
    for path in python_files(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                names = [node.value.id]
            if any(name.split(".")[0] == "sqlite3" for name in names):
                found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert not found, found
