"""The display's panels. Every text from the database is data, never markup."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, Static

from reception.hall_display.board import Board
from reception.hall_display.digits import TicketDigits, big_width
from reception.queue.leaders import DutyLeader
from reception.queue.models import Call
from reception.queue.schedule import ReceptionDay

WEEKDAYS = "一二三四五六日"


def weekday(day: str) -> str:
    return "周" + WEEKDAYS[date.fromisoformat(day).weekday()]


def short_day(day: str) -> str:
    parsed = date.fromisoformat(day)
    return f"{parsed.month}月{parsed.day}日 {weekday(day)}"


class CurrentCall(Vertical):
    """The number being called, and where to go, in large digits."""

    def compose(self) -> ComposeResult:
        yield Label("正在叫号", id="call-title")
        with Horizontal(id="call-line"):
            yield TicketDigits("", id="call-number")
            yield Label("", id="call-to")
            yield TicketDigits("", id="call-window")
            yield Label("", id="call-place")

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

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Two cells per dot when the panel is wide enough (a TV), else one."""
        number, window = self.number.value or "A000", self.window.value
        labels = 16  # "请到", "号窗口" and the gaps
        wide = big_width(number, 2) + big_width(window, 2) + labels <= self.content_size.width
        scale = 2 if wide else 1
        self.number.scale = self.window.scale = scale

    def show(self, call: Call | None) -> None:
        self._show(call)
        self._fit()

    def _show(self, call: Call | None) -> None:
        if call is None:
            self.number.update("")
            self.window.update("")
            self.to.update(Content("暂无叫号"))
            self.place.update("")
            return
        self.number.update(call.number)
        self.to.update(Content("请到"))
        if call.window is not None:
            self.window.update(str(call.window))
            self.window.display = True
            self.place.update(Content("号窗口"))
        else:
            self.window.update("")
            self.window.display = False
            self.place.update(Content(call.place or "领导接待室"))


class RecentCalls(Static):
    def show(self, calls: tuple[Call, ...]) -> None:
        text = Text("已叫号\n", style="bold")
        for call in calls:
            where = f"{call.window}号窗口" if call.window is not None else (call.place or "领导接待室")
            text.append(f"{call.number}", style="bold")
            text.append(f"  {where}\n")
        if not calls:
            text.append("—")
        self.update(text)


class WaitingCounts(Static):
    def show(self, waiting: tuple[tuple[str, int], ...]) -> None:
        text = Text()
        for index, (label, count) in enumerate(waiting):
            if index:
                text.append("    ")
            text.append(f"{label} ")
            text.append(f"{count}", style="bold")
            text.append(" 人等候")
        self.update(text)


def _table(title: str) -> Table:
    # No rules between rows: every line of a TV is worth a row of schedule.
    return Table(
        title=title,
        title_justify="left",
        title_style="bold #ffd54f",
        header_style="bold #ffd54f",
        box=None,
        expand=True,
        pad_edge=False,
        padding=(0, 2, 0, 0),
    )


class DutyLeaders(Static):
    def show(self, duty: tuple[DutyLeader, ...]) -> None:
        if not duty:
            self.update(Text("今日领导接访：今天没有领导接访安排", style="bold"))
            return
        table = _table("今日领导接访")
        for column in ("领导", "职务", "分管领域", "时间", "地点", "方式", "剩余名额"):
            table.add_column(column, overflow="fold")
        for leader in duty:
            left = "不限" if leader.left is None else ("已满" if leader.full else str(leader.left))
            table.add_row(*(Text(value) for value in (
                leader.name, leader.post, leader.fields, leader.hours, leader.place,
                f"{leader.mode}接访", left,
            )))
        self.update(table)


class ComingSchedule(Static):
    def show(self, coming: tuple[ReceptionDay, ...], days: int) -> None:
        if not coming:
            self.update(Text(f"近 {days} 天领导接访安排：暂无", style="bold"))
            return
        table = _table(f"近 {days} 天领导接访安排")
        for column in ("日期", "领导", "职务", "分管领域", "时间", "地点", "方式"):
            table.add_column(column, overflow="fold")
        for reception in coming:
            table.add_row(*(Text(value) for value in (
                short_day(reception.day), reception.leader_name, reception.post, reception.fields,
                reception.time_text, reception.place, f"{reception.mode}接访",
            )))
        self.update(table)


__all__ = ["Board", "ComingSchedule", "CurrentCall", "DutyLeaders", "RecentCalls", "WaitingCounts"]
