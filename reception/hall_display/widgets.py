"""The display's panels. Every text from the database is data, never markup."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, Static

from reception.hall_display.board import Board
from reception.hall_display.digits import HEIGHT, TicketDigits, big_width
from reception.queue.models import Call
from reception.queue.service import DutyLeader, HallStatus, ReceptionDay

WEEKDAYS = "一二三四五六日"


def weekday(day: str) -> str:
    return "周" + WEEKDAYS[date.fromisoformat(day).weekday()]


def short_day(day: str) -> str:
    parsed = date.fromisoformat(day)
    return f"{parsed.month}月{parsed.day}日 {weekday(day)}"


class CurrentCall(Vertical):
    """The number being called, and where to go, in large digits.

    "正在叫号" is the frame's title, so the digits take every other row. The
    number is yellow, the window white like "号窗口" after it. The digits grow
    with the panel: as many rows per dot as its height allows (a TV at the
    browser's default font has 67 rows), as wide as its width allows. When the
    panel is too narrow for everything, the digits drop to one cell per dot,
    and then "请到" is left out and a wider gap keeps the number and the window
    apart; the window number and "号窗口" are never cut off. A leader's room is
    a name the digits cannot draw: the number stays big and "请到" and the room
    go on a bold line of their own beneath it.
    """

    GAPS = 3  # the number's right margin and the window's margins (display.tcss)
    APART = 3  # the window's extra left margin when "请到" is left out (.-apart)
    LABEL_PADDING = 2
    ROOM_ROWS = 3  # the room line under the number (display.tcss #call-room)
    _place_text = ""
    _room = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="call-line"):
            yield TicketDigits("", id="call-number")
            yield Label("", id="call-to")
            yield TicketDigits("", id="call-window")
            yield Label("", id="call-place")
        yield Label("", id="call-room")

    def on_mount(self) -> None:
        self.border_title = "正在叫号"
        self.room.display = False

    @property
    def number(self) -> TicketDigits:
        return self.query_one("#call-number", TicketDigits)

    @property
    def window(self) -> TicketDigits:
        return self.query_one("#call-window", TicketDigits)

    @property
    def to(self) -> Label:
        return self.query_one("#call-to", Label)

    @property
    def place(self) -> Label:
        return self.query_one("#call-place", Label)

    @property
    def room(self) -> Label:
        return self.query_one("#call-room", Label)

    def on_resize(self) -> None:
        self._fit()

    def _layouts(self, rows: int) -> list[tuple[int, int, bool]]:
        """(rows per dot, cells per dot, with "请到"), largest first."""
        options = []
        for tall in range(max(1, rows // HEIGHT), 0, -1):
            options += [(tall, 2 * tall, True), (tall, tall, True)]
        return options + [(1, 1, False)]

    def _needed(self, scale: int, with_to: bool) -> int:
        number = self.number.value or "A000"
        if self._room:
            return big_width(number, scale)
        needed = big_width(number, scale) + big_width(self.window.value, scale) + self.GAPS
        needed += cell_len(self._place_text) + self.LABEL_PADDING
        return needed + (cell_len("请到") + self.LABEL_PADDING if with_to else self.APART)

    def _fit(self) -> None:
        """The largest layout whose every part fits the panel."""
        width, height = self.content_size.width, self.content_size.height
        rows = height - (self.ROOM_ROWS if self._room else 0)
        # "请到" stays before square dots: without it the number and the window
        # run together ("A004 2" read as "A0042" in a browser at ?fontsize=32).
        tall, scale, with_to = next(
            (layout for layout in self._layouts(rows) if self._needed(layout[1], layout[2]) <= width),
            (1, 1, False),
        )
        self.number.scale = self.window.scale = scale
        self.number.tall = self.window.tall = tall
        for label in (self.to, self.place):
            label.styles.height = HEIGHT * tall
        self.to.display = not self._room and (with_to or not self.number.value)  # "暂无叫号" stays
        self.window.set_class(not with_to, "-apart")

    def show(self, call: Call | None) -> None:
        self._show(call)
        self._fit()

    def _show(self, call: Call | None) -> None:
        self._room = call is not None and call.window is None
        self.room.display = self._room
        self.place.display = not self._room
        if self.parent is not None:
            self.parent.set_class(self._room, "-room")  # #calls makes room for the line
        if call is None:
            self.number.update("")
            self.window.update("")
            self.to.update(Content("暂无叫号"))
            self._place_text = ""
            self.place.update("")
            return
        self.number.update(call.number)
        self.to.update(Content("请到"))
        if call.window is not None:
            self.window.update(str(call.window))
            self.window.display = True
            self._place_text = "号窗口"
            self.place.update(Content(self._place_text))
        else:
            self.window.update("")
            self.window.display = False
            self._place_text = call.place or "领导接待室"
            self.room.update(Content(f"请到 {self._place_text}"))


class RecentCalls(Static):
    def on_mount(self) -> None:
        self.border_title = "已叫号"

    def show(self, calls: tuple[Call, ...]) -> None:
        text = Text()
        for index, call in enumerate(calls):
            if index:
                text.append("\n")
            where = f"{call.window}号窗口" if call.window is not None else (call.place or "领导接待室")
            text.append(f"{call.number}", style="bold")
            text.append(f"  {where}")
        if not calls:
            text.append("—")
        self.update(text)


class WaitingCounts(Static):
    """「服务 N 人等候」 per queue, packed into lines by hand: an entry is never
    broken (Rich breaks at its spaces: 「李建国接访 1」 / 「人等候」)."""

    GAP = "    "
    waiting: tuple[tuple[str, int], ...] = ()

    def show(self, waiting: tuple[tuple[str, int], ...]) -> None:
        self.waiting = waiting
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.content_size.width or 10**6  # before layout: one line
        text = Text()
        used = 0
        for index, (label, count) in enumerate(self.waiting):
            entry = Text.assemble(f"{label} ", (f"{count}", "bold"), " 人等候")
            if index:
                if used + len(self.GAP) + entry.cell_len > width:
                    text.append("\n")
                    used = 0
                else:
                    text.append(self.GAP)
                    used += len(self.GAP)
            text.append_text(entry)
            used += entry.cell_len
        self.update(text)


class HoursLine(Static):
    """The published 接待时间 and what the hall is doing now; when closed, the next opening."""

    def show(self, status: HallStatus | None) -> None:
        if status is None:
            self.update("")
            return
        text = Text()
        text.append(f" {status.headline} ", style="bold reverse" if status.may_issue else "bold #000000 on #ffd54f")
        today = status.today
        if today.open:
            text.append(f"  今日接待时间 {today.hours_text}")
            if today.last_number_text and status.may_issue:
                text.append(f"（{today.last_number_text} 停止取号）")
        if not status.may_issue and status.next_opening is not None:
            text.append("  下次取号时间 ")
            text.append(status.next_opening_text, style="bold #ffd54f")
        self.update(text)


NO_WRAP = {"日期", "时间", "方式", "剩余名额"}  # short; a time broken over two lines misreads


def _table(title: str, columns: tuple[str, ...]) -> Table:
    # No rules between rows: every line of a TV is worth a row of schedule.
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold #ffd54f",
        header_style="bold #ffd54f",
        box=None,
        expand=True,
        pad_edge=False,
        padding=(0, 2, 0, 0),
    )
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in NO_WRAP)
    return table


class PagedTable(Static):
    """A table of whole rows that cycles through pages when they do not all fit.

    The rows are split so that every page fits the widget's height at its
    width (a row that wraps counts its lines); the title says "第1/2页" when
    there is more than one page. Nothing is cut off: a row that does not fit
    is on the next page. A new set of rows keeps the page being shown (a busy
    hall updates the board every few seconds; restarting at page 1 each time
    would never show page 2).
    """

    TITLE = ""
    COLUMNS: tuple[str, ...] = ()
    WIDEST_LABEL = "（第88/88页）"  # a page measured with it is a page that fits when drawn

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title_text = self.TITLE
        self.empty_text = ""
        self.rows: tuple[tuple[str, ...], ...] = ()
        self.pages: list[tuple[int, int]] = [(0, 0)]  # (first row, end) of each page
        self.page = 0
        self._laid_out_for: tuple[int, int] | None = None
        self._measures: dict[tuple, int] = {}

    # what to show -------------------------------------------------------------

    def set_rows(self, title: str, rows: tuple[tuple[str, ...], ...], empty: str) -> None:
        changed = (title, rows, empty) != (self.title_text, self.rows, self.empty_text)
        self.title_text, self.rows, self.empty_text = title, rows, empty
        if changed:
            self._laid_out_for = None
            self._measures.clear()
            self.refresh_page()

    def next_page(self) -> None:
        if len(self.pages) > 1:
            self.page = (self.page + 1) % len(self.pages)
            self.refresh_page()

    def first_page(self) -> None:
        self.page = 0
        self.refresh_page()

    @property
    def page_label(self) -> str:
        return f"（第{self.page + 1}/{len(self.pages)}页）" if len(self.pages) > 1 else ""

    def page_rows(self) -> tuple[tuple[str, ...], ...]:
        first, end = self.pages[self.page]
        return self.rows[first:end]

    # measuring ------------------------------------------------------------------

    def natural_height(self, width: int) -> int:
        """Lines needed to show every row at once at `width`."""
        if not self.rows or width <= 0:
            return 1
        return self._measured(("natural", width), lambda: self._height(self._table_for(self.rows, ""), width))

    def _measured(self, key: tuple, measure) -> int:
        # The board is read again after every call; the rows seldom change.
        if key not in self._measures:
            self._measures[key] = measure()
        return self._measures[key]

    def least_height(self, width: int) -> int:
        """Lines for a page of the tallest single row (less would cut a row off)."""
        if not self.rows or width <= 0:
            return 1
        return self._measured(("least", width), lambda: max(
            self._height(self._table_for((row,), self.WIDEST_LABEL), width) for row in self.rows
        ))

    def _table_for(self, rows: tuple[tuple[str, ...], ...], label: str) -> Table | Text:
        if not self.rows:
            return Text(self.empty_text, style="bold")
        table = _table(self.title_text + label, self.COLUMNS)
        for row in rows:
            table.add_row(*(Text(value) for value in row))
        return table

    def _height(self, renderable: Table | Text, width: int) -> int:
        console = self.app.console
        return len(console.render_lines(renderable, console.options.update_width(width), pad=False))

    def _paginate(self, width: int, height: int) -> list[tuple[int, int]]:
        rows = self.rows
        if not rows or width <= 0 or height <= 0:
            return [(0, len(rows))]
        if self._height(self._table_for(rows, ""), width) <= height:
            return [(0, len(rows))]
        label = self.WIDEST_LABEL
        pages: list[tuple[int, int]] = []
        first = 0
        while first < len(rows):
            # The most rows from `first` on that fit; at least one, so the pages end.
            low, high = first + 1, min(len(rows), first + height)
            while low < high:
                middle = (low + high + 1) // 2
                if self._height(self._table_for(rows[first:middle], label), width) <= height:
                    low = middle
                else:
                    high = middle - 1
            pages.append((first, low))
            first = low
        return pages

    def refresh_page(self) -> None:
        size = (self.content_size.width, self.content_size.height)
        if self._laid_out_for != size:
            self.pages = self._paginate(*size)
            self._laid_out_for = size
        self.page = min(self.page, len(self.pages) - 1)
        self.update(self._table_for(self.page_rows(), self.page_label))

    def on_resize(self) -> None:
        self.refresh_page()


class DutyLeaders(PagedTable):
    TITLE = "今日领导接访"
    COLUMNS = ("领导", "职务", "分管领域", "时间", "地点", "方式", "剩余名额")

    def show(self, duty: tuple[DutyLeader, ...], now: str = "") -> None:
        """`now` (HH:MM): a reception whose hours have ended says so instead of
        showing places nobody can take any more."""
        rows = tuple(
            (
                leader.name, leader.post, leader.fields, leader.hours, leader.place,
                leader.mode, _places(leader, now),
            )
            for leader in duty
        )
        self.set_rows(self.TITLE, rows, "今日领导接访：今天没有领导接访安排")


def _places(leader: DutyLeader, now: str) -> str:
    if now and leader.over_at(now):
        return "已结束"
    if leader.left is None:
        return "不限"
    return "已满" if leader.full else str(leader.left)


class ComingSchedule(PagedTable):
    COLUMNS = ("日期", "领导", "职务", "分管领域", "时间", "地点", "方式")

    def show(self, coming: tuple[ReceptionDay, ...], days: int) -> None:
        rows = tuple(
            (
                short_day(reception.day), reception.leader_name, reception.post, reception.fields,
                f"{reception.start_time}–{reception.end_time}", reception.place, reception.mode,
            )
            for reception in coming
        )
        self.set_rows(f"近 {days} 天领导接访安排", rows, f"近 {days} 天领导接访安排：暂无")


class NoticeLine(Static):
    """The hall's notice, on at most MAX_LINES lines; a longer one turns pages.

    `[display] notice` may be 200 characters: on a TV at a large font that is
    six lines, which would push the schedule off the screen, and a single
    line would cut most of it off.
    """

    MAX_LINES = 2

    def __init__(self, notice: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.parts: list[str] = [notice]
        self.part = 0
        self._laid_out_for = -1

    def on_resize(self) -> None:
        width = self.content_size.width
        if width > 0 and width != self._laid_out_for:
            self._laid_out_for = width
            self.parts = self._split(width)
            self.part = min(self.part, len(self.parts) - 1)
            self.update(Text(self.parts[self.part]))

    def next_page(self) -> None:
        if len(self.parts) > 1:
            self.part = (self.part + 1) % len(self.parts)
            self.update(Text(self.parts[self.part]))

    def _lines(self, text: str, width: int) -> int:
        console = self.app.console
        return len(console.render_lines(Text(text), console.options.update_width(width), pad=False))

    def _split(self, width: int) -> list[str]:
        text, parts = self.notice, []
        while text:
            low, high = 1, len(text)
            while low < high:  # the longest start of the text that fits
                middle = (low + high + 1) // 2
                if self._lines(text[:middle], width) <= self.MAX_LINES:
                    low = middle
                else:
                    high = middle - 1
            parts.append(text[:low].strip())
            text = text[low:].lstrip()
        return parts or [""]


class LeaderPanels(Vertical):
    """Today's duty leaders above the coming schedule, in the space left.

    When both fit, both are shown. When today's leaders fit with room for a
    useful page of the schedule (SCHEDULE_LINES) below, the schedule pages
    through that room. On a small screen (a TV at a large font size) the
    two take turns in the whole space instead: today's leaders, then each
    page of the schedule. Nothing is ever cut off.
    """

    GAP = 1  # a blank line between the two tables
    SCHEDULE_LINES = 8  # title, header and a few rows: less is not worth sharing the space

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.schedule_shown = True  # [display] schedule_days = 0 turns it off
        self.taking_turns = False
        self.turn = 0  # while taking turns: 0 today's leaders, 1 the schedule

    @property
    def duty(self) -> DutyLeaders:
        return self.query_one(DutyLeaders)

    @property
    def coming(self) -> ComingSchedule:
        return self.query_one(ComingSchedule)

    def on_resize(self) -> None:
        self.share()

    def share(self) -> None:
        width, height = self.content_size.width, self.content_size.height
        if width <= 0 or height <= 0:
            return
        duty, coming = self.duty, self.coming
        duty_needs = duty.natural_height(width)
        if not self.schedule_shown:
            self._arrange(duty=height, coming=None, gap=0)
            return
        coming_needs = coming.natural_height(width)
        room = height - self.GAP - duty_needs
        if coming_needs <= room:
            self._arrange(duty=duty_needs, coming=room, gap=self.GAP)
        elif room >= max(self.SCHEDULE_LINES, coming.least_height(width)):
            self._arrange(duty=duty_needs, coming=room, gap=self.GAP)
        else:
            self.taking_turns = True
            if self.turn == 0:
                self._arrange(duty=height, coming=None, gap=0)
            else:
                self._arrange(duty=None, coming=height, gap=0)
            return
        self.taking_turns = False

    def _arrange(self, duty: int | None, coming: int | None, gap: int) -> None:
        self.duty.display = duty is not None
        self.coming.display = coming is not None
        if duty is not None:
            self.duty.styles.height = duty
            self.duty.styles.margin = (0, 0, gap, 0)
        if coming is not None:
            self.coming.styles.height = coming
        for table in (self.duty, self.coming):
            if table.display:  # paginated again for its new size once laid out
                self.call_after_refresh(table.refresh_page)

    def next_page(self) -> None:
        """What the display's page timer calls."""
        if not self.taking_turns:
            self.duty.next_page()
            self.coming.next_page()
            return
        showing = self.duty if self.turn == 0 else self.coming
        if showing.page < len(showing.pages) - 1:
            showing.next_page()
            return
        showing.first_page()
        self.turn = 1 - self.turn
        (self.coming if self.turn else self.duty).first_page()
        self.share()


__all__ = [
    "Board", "ComingSchedule", "CurrentCall", "DutyLeaders", "LeaderPanels", "NoticeLine", "PagedTable",
    "RecentCalls", "WaitingCounts",
]
