"""The hall TV: calls, waiting counts, duty leaders and the coming schedule.

Nothing to press: no bindings, no command palette, no selection; the app is
stopped by whoever started it (systemd). A thread worker looks at the database
every `refresh_interval` and posts a fresh board only when something changed;
while the database cannot be read the last good board stays up with a
discreet "连接中…".
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path

from rich.cells import cell_len
from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Label, Static
from textual.worker import Worker, WorkerState

from reception.config import HallConfig
from reception.hall_display.board import Board
from reception.hall_display.settings import DisplaySettings
from reception.hall_display.source import BoardSource
from reception.hall_display.voice import Announcer, SpeakingFloor, announcement, default_floor
from reception.hall_display.widgets import (
    WEEKDAYS,
    ComingSchedule,
    CurrentCall,
    DutyLeaders,
    HoursLine,
    LeaderPanels,
    NoticeLine,
    RecentCalls,
    WaitingCounts,
)
from reception.queue.errors import QueueError
from reception.queue.service import Clock

RETRY_S = 1.0  # between attempts while the database is unavailable
NARROW_COLUMNS = 76  # below this the list of earlier calls is left out
log = logging.getLogger(__name__)  # to the journal (reception.logs); Textual's self.log reaches only devtools


class BoardRead(Message):
    def __init__(self, board: Board):
        super().__init__()
        self.board = board


class SourceLost(Message):
    def __init__(self, problem: str):
        super().__init__()
        self.problem = problem


class HallDisplayApp(App, inherit_bindings=False):
    CSS_PATH = "display.tcss"
    TITLE = "大厅显示屏"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    # From 50 rows (a TV at the browser's default font) the calls grow (display.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (50, "-tall")]

    def __init__(
        self,
        source: BoardSource,
        settings: DisplaySettings,
        config: HallConfig,
        clock: Clock | None = None,
        announcer: Announcer | None = None,
    ):
        super().__init__()
        self.source = source
        self.settings = settings
        self.config = config
        self.clock = clock or Clock(config.tz)
        self.announcer = announcer
        self.board: Board | None = None
        self.online = False
        self.boards_shown = 0
        self._minute = ""
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Label(Content(self.config.hall_name), id="hall-name")
            yield Label("", id="status")
            yield Label("", id="clock")
        with Horizontal(id="calls"):
            yield CurrentCall(id="current")
            yield RecentCalls(id="recent")
        yield WaitingCounts(id="waiting")
        yield HoursLine(id="hours")
        with LeaderPanels(id="leaders"):
            yield DutyLeaders(id="duty")
            yield ComingSchedule(id="coming")
        yield NoticeLine(self.settings.notice, id="notice")

    # typed accessors -------------------------------------------------------

    @property
    def current(self) -> CurrentCall:
        return self.query_one("#current", CurrentCall)

    @property
    def recent(self) -> RecentCalls:
        return self.query_one("#recent", RecentCalls)

    @property
    def waiting(self) -> WaitingCounts:
        return self.query_one("#waiting", WaitingCounts)

    @property
    def duty(self) -> DutyLeaders:
        return self.query_one("#duty", DutyLeaders)

    @property
    def coming(self) -> ComingSchedule:
        return self.query_one("#coming", ComingSchedule)

    @property
    def leaders(self) -> LeaderPanels:
        return self.query_one("#leaders", LeaderPanels)

    @property
    def status(self) -> Label:
        return self.query_one("#status", Label)

    # life cycle ------------------------------------------------------------

    def on_mount(self) -> None:
        self.status.update("连接中…")
        self.tick_clock()
        self.set_interval(1, self.tick_clock)
        self.set_interval(self.settings.page_seconds, self.turn_pages)
        self.watch_database()

    def on_unmount(self) -> None:
        self._stop.set()
        self.source.close()
        if self.announcer is not None:
            self.announcer.close()

    def on_resize(self) -> None:
        # Under ~76 columns (a 1366x768 screen at ?fontsize=32 is 69) the earlier
        # calls give their width to the current one, which must never be cut off.
        self.recent.display = self.size.width >= NARROW_COLUMNS

    def tick_clock(self) -> None:
        """The date and time, shortened where the hall's name would not fit beside it."""
        try:
            self._tick_clock()
        except NoMatches:
            return  # a tick while the display closes: its widgets are already gone

    def _tick_clock(self) -> None:
        now = self.clock.now()
        # padding of the name and the clock, and room for "连接中…" when it shows
        room = self.size.width - cell_len(self.config.hall_name) - 4 - (0 if self.online else 10)
        for text in _clock_texts(now):
            if cell_len(text) <= room:
                break
        self.query_one("#clock", Label).update(text)
        minute = now.strftime("%H:%M")
        if minute != self._minute and self.board is not None:
            self.duty.show(self.board.duty, minute)  # a reception's hours end by the clock
            self.leaders.share()
        self._minute = minute

    def turn_pages(self) -> None:
        """Show the next page of each table, and of the notice, longer than its space."""
        try:
            self.leaders.next_page()
            self.query_one("#notice", NoticeLine).next_page()
        except NoMatches:
            return  # a turn while the display closes: its widgets are already gone

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def watch_database(self) -> None:
        while not self._stop.is_set():
            try:
                board = self.source.poll()
            except QueueError as exc:  # unavailable: keep the last board, retry
                self.post_message(SourceLost(f"{type(exc).__name__}: {exc.message}"))
                self._stop.wait(RETRY_S)
                continue
            if board is not None:
                self.post_message(BoardRead(board))
            self._stop.wait(self.settings.refresh_interval)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug while reading must not freeze the TV: log it, say so, watch again."""
        if event.worker.group == "watch" and event.state == WorkerState.ERROR:
            log.error("reading the board failed", exc_info=event.worker.error)
            self.post_message(SourceLost(f"{type(event.worker.error).__name__}: {event.worker.error}"))
            if not self._stop.is_set():
                self.set_timer(RETRY_S, self.watch_database)

    # updates ---------------------------------------------------------------

    def on_board_read(self, message: BoardRead) -> None:
        board = message.board
        if not self.online:
            if self.board is not None:
                log.info("database available again")
            self.online = True
            self.status.update("")
        self._announce_new_calls(self.board, board)
        self.board = board
        self.current.show(board.current)
        self.recent.show(board.calls[1 : self.settings.recent_calls + 1])
        self.waiting.show(board.waiting)
        self.query_one("#hours", HoursLine).show(board.hours)
        self.duty.show(board.duty, self.clock.clock_time())
        if self.settings.schedule_days:
            self.coming.show(board.coming, self.settings.schedule_days)
        self.leaders.schedule_shown = bool(self.settings.schedule_days)
        self.leaders.share()
        self.boards_shown += 1

    def on_source_lost(self, message: SourceLost) -> None:
        if self.online or self.board is None:
            log.warning("database unavailable: %s", message.problem)
        self.online = False
        self.status.update("连接中…")

    def _announce_new_calls(self, before: Board | None, after: Board) -> None:
        if self.announcer is None or before is None:
            return  # nothing is spoken for calls made before the display started
        new = []
        for call in after.calls:  # newest first, down to the newest one already seen
            if call == before.current:
                break
            new.append(call)
        for call in reversed(new):
            if not self.announcer.announce(announcement(call)):
                log.warning("voice: backlog full, %s not spoken", call.number)



def _clock_texts(now: datetime) -> tuple[str, ...]:
    """Longest first; the last is what is left on a narrow screen beside a long name."""
    return (
        f"{now.year}年{now.month}月{now.day}日 星期{WEEKDAYS[now.weekday()]} {now:%H:%M:%S}",
        f"{now.month}月{now.day}日 星期{WEEKDAYS[now.weekday()]} {now:%H:%M}",
        f"{now.month}月{now.day}日 {now:%H:%M}",
    )


def create_app(
    db_path: str | Path,
    config: HallConfig,
    settings: DisplaySettings | None = None,
    clock: Clock | None = None,
) -> HallDisplayApp:
    """The display app for a database file and a hall configuration."""
    settings = settings or config.display
    clock = clock or Clock(config.tz)
    announcer = Announcer(settings.voice_command, floor=SpeakingFloor(default_floor())) if settings.voice else None
    source = BoardSource(db_path, config, settings, clock)
    return HallDisplayApp(source, settings, config, clock, announcer)


__all__ = ["HallDisplayApp", "Static", "create_app"]
