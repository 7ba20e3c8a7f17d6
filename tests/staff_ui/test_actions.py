"""Core actions run off the UI thread: the screen stays live, refusals are shown once."""

from __future__ import annotations

import threading
import time

from textual.app import App, ComposeResult
from textual.widgets import Static

from reception.queue.errors import DatabaseBusy, RuleViolation
from reception.staff_ui.actions import DEFECT, STILL_RUNNING, WAIT_TEXT, run_core


class ActionsApp(App):
    def compose(self) -> ComposeResult:
        yield Static("", id="out")

    def notices(self) -> list[str]:
        return [str(n.message) for n in self._notifications]


async def settle(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.02)


async def test_a_slow_action_shows_a_wait_and_the_screen_stays_live():
    release = threading.Event()
    seen: list[str] = []
    app = ActionsApp()
    async with app.run_test() as pilot:
        worker_thread: list[str] = []

        def slow() -> str:
            worker_thread.append(threading.current_thread().name)
            release.wait(20)
            return "A001"

        assert run_core(app.screen, slow, seen.append)
        await settle(pilot, lambda: WAIT_TEXT in app.notices())
        # The UI thread is free meanwhile: it still answers the keyboard.
        await pilot.press("tab")
        assert not seen
        assert not run_core(app.screen, lambda: "again", seen.append)  # no second action meanwhile
        await settle(pilot, lambda: STILL_RUNNING in app.notices())
        release.set()
        await settle(pilot, lambda: seen == ["A001"])
        assert worker_thread and worker_thread[0] != threading.main_thread().name
        assert run_core(app.screen, lambda: "next", seen.append)  # free again
        await settle(pilot, lambda: seen == ["A001", "next"])


async def test_a_refusal_is_shown_in_chinese_and_done_is_not_called():
    seen: list[object] = []
    app = ActionsApp()
    async with app.run_test() as pilot:

        def refused_by_rule() -> None:
            raise RuleViolation("1 号窗口还有正在叫号的来访人")

        run_core(app.screen, refused_by_rule, seen.append)
        await settle(pilot, lambda: "1 号窗口还有正在叫号的来访人" in app.notices())

        def busy() -> None:
            raise DatabaseBusy("数据库繁忙，请稍后重试")

        in_place: list[str] = []
        await settle(pilot, lambda: not getattr(app.screen, "_core_busy", False))
        run_core(app.screen, busy, seen.append, refused=lambda exc: in_place.append(exc.message))
        await settle(pilot, lambda: in_place == ["数据库繁忙，请稍后重试"])
        assert seen == []


async def test_a_defect_is_logged_and_the_app_goes_on(caplog):
    app = ActionsApp()
    async with app.run_test() as pilot:

        def broken() -> None:
            raise KeyError("a bug")

        run_core(app.screen, broken, name="broken-action")
        await settle(pilot, lambda: DEFECT in app.notices())
        assert app.is_running
    assert any("broken-action failed" in record.getMessage() for record in caplog.records)
