"""The month's figures for a leader (统计, issue 14 item 4), with a daily trend chart.

The same figures `reception report --print` gives, taken from the core's
monthly report itself (`LedgerDesk.statistics`: the report, each day's visits
and the waiting times of all tickets), never counted again here: visits
(批次/人次), individual and group, 越级, 重复, 过号, the 问题类别 and
处理结果 tables, the on-time rates (告知 15 days, 办结 60), satisfaction and
waiting times. `[` and `]` show the previous and next month (not beyond this
one); Esc goes back.

The figures are read in a thread worker (a month of a big hall takes up to
a second) and posted back; a late answer for a month no longer shown is
dropped. Category names come from the hall's configuration and outcomes from
the records: every name is shown as data (`Text`), never as markup.

The trend is drawn with textual-plotext (imported only here, so the CLI and
the other screens never load plotext). A terminal too small for a chart gets
the same daily numbers as one plain line instead.

`e` exports the month's register (信访登记台账, ID and phone masked) to the
data directory's `exports/` folder, as `reception ledger export` does, with a
progress bar; Esc cancels it and leaves no partial file.

The screen needs only a `HallService` (and who is looking, for the audit log):
any staff app can push it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static
from textual_plotext import PlotextPlot

from reception.queue.errors import QueueError
from reception.queue.service import DayCount, HallService, ReportTable, Statistics

LABEL = "bold #7fb0ff"
# Below these sizes (columns, rows) the chart would be unreadable: one line instead.
CHART_MIN_WIDTH = 60
CHART_MIN_HEIGHT = 28
TABLES_SIDE_BY_SIDE = 110
NAME_MAX = 26  # cells: 受理为信访事项（当场答复）


class ExportCancelled(Exception):
    """The leader pressed Esc during an export (raised in the writer's progress tick)."""


@dataclass(frozen=True)
class Figures:
    """One month's statistics as read off the UI thread."""

    month: date  # the first day of the month
    statistics: Statistics


class StatisticsScreen(Screen):
    CSS_PATH = "statistics_screen.tcss"
    BINDINGS = [
        Binding("escape", "back", "返回", id="statistics.back"),
        Binding("e", "export", "导出本月台账", id="statistics.export"),
        Binding("left_square_bracket", "previous_month", "上月", key_display="[", id="statistics.previous"),
        Binding("right_square_bracket", "next_month", "下月", key_display="]", id="statistics.next"),
    ]
    # Screen classes by size (statistics_screen.tcss): `-narrow` and `-short` show the
    # plain line instead of the chart; below `TABLES_SIDE_BY_SIDE` columns the two
    # tables stand one above the other.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (CHART_MIN_WIDTH, "-medium"), (TABLES_SIDE_BY_SIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (CHART_MIN_HEIGHT, "-tall")]

    class Read(Message):
        """Posted from the worker thread: a month's figures."""

        def __init__(self, figures: Figures) -> None:
            super().__init__()
            self.figures = figures

    class Unreadable(Message):
        """Posted from the worker thread: the core refused (busy database, ...)."""

        def __init__(self, month: date, message: str) -> None:
            super().__init__()
            self.month = month
            self.message = message

    def __init__(self, service: HallService, month: date | None = None, actor: str = "leader",
                 exports: Path | None = None) -> None:
        super().__init__()
        self.service = service
        self.actor = actor  # who exports, for the audit log
        self.exports = exports  # where exports go (default: the data directory's exports/)
        self.cancel_export: threading.Event | None = None  # set while an export runs
        self.this_month = service.clock.today().replace(day=1)
        self.month = (month or self.this_month).replace(day=1)
        self.figures: Figures | None = None
        self.plotted_days: list[int] = []  # the chart's x values: one per day read

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title")
        yield Static(id="stats-status")
        yield ProgressBar(id="stats-export", show_eta=False)
        with Horizontal(id="stats-figures"):
            yield Static(id="stats-overview")
            # Side by side on a wide screen, one above the other on a narrower one (CSS).
            with Container(id="stats-tables"):
                with Vertical(id="stats-categories-column", classes="stats-column"):
                    yield Static(Content("问题类别"), classes="stats-heading")
                    yield DataTable(id="stats-categories", cursor_type="none", zebra_stripes=True, cell_padding=0)
                with Vertical(id="stats-outcomes-column", classes="stats-column"):
                    yield Static(Content("处理结果"), classes="stats-heading")
                    yield DataTable(id="stats-outcomes", cursor_type="none", zebra_stripes=True, cell_padding=0)
        yield Static(Content("每日来访批次"), id="stats-chart-title")
        yield PlotextPlot(id="stats-chart")
        yield Static(id="stats-trend-line")
        yield Footer()

    # ------------------------------------------------------------------ widgets

    @property
    def chart(self) -> PlotextPlot:
        return self.query_one("#stats-chart", PlotextPlot)

    @property
    def trend_line(self) -> Static:
        return self.query_one("#stats-trend-line", Static)

    @property
    def overview(self) -> Static:
        return self.query_one("#stats-overview", Static)

    @property
    def status_line(self) -> Static:
        return self.query_one("#stats-status", Static)

    @property
    def categories(self) -> DataTable:
        return self.query_one("#stats-categories", DataTable)

    @property
    def outcomes(self) -> DataTable:
        return self.query_one("#stats-outcomes", DataTable)

    # ------------------------------------------------------------------ reading

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        month = self.month
        self.query_one("#stats-title", Static).update(Content(
            f"{self.service.config.hall_name} 统计（{month.year}年{month.month}月）"
        ))
        self.status_line.update(Content("正在统计…"))
        self._read(month)

    @work(thread=True, exclusive=True, group="statistics", exit_on_error=False)
    def _read(self, month: date) -> None:
        desk = self.service.ledger()
        try:
            period = desk.period(month=f"{month:%Y-%m}")
            figures = Figures(month, desk.statistics(period))
        except QueueError as exc:
            self.post_message(self.Unreadable(month, exc.message))
            return
        self.post_message(self.Read(figures))

    def on_statistics_screen_read(self, message: Read) -> None:
        if message.figures.month != self.month:
            return  # the leader moved to another month meanwhile
        self.figures = message.figures
        self._show(message.figures.statistics)

    def on_statistics_screen_unreadable(self, message: Unreadable) -> None:
        if message.month == self.month:
            self.status_line.update(Content(f"统计失败：{message.message}"))

    # ------------------------------------------------------------------ showing

    def _show(self, statistics: Statistics) -> None:
        report = statistics.report
        today = self.service.clock.today()
        period = report.period
        until = f"截至{today.month}月{today.day}日" if period.first <= today <= period.last else "整月"
        self.status_line.update(Content(f"统计期间：{period.first} 至 {period.last}（{until}）"))
        self.overview.update(overview_text(statistics))
        _fill(self.categories, report.table("问题类别"))
        _fill(self.outcomes, report.table("处理结果"))
        self._draw(statistics.days)

    def _draw(self, days: list[DayCount]) -> None:
        plt = self.chart.plt
        plt.clear_data()
        plt.clear_figure()
        self.trend_line.update(trend_text(days))
        xs = self.plotted_days = [day.day.day for day in days]
        if days:
            ys = [day.visits for day in days]
            plt.plot(xs, ys, marker="braille")
            plt.scatter(xs, ys, marker="dot")
            month_days = (self.month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            plt.xlim(1, month_days.day)
            top = max(max(ys), 1)
            step = max(1, -(-top // 5))  # at most about six whole-number ticks
            plt.ylim(0, top + step / 2)
            plt.yticks(list(range(0, top + step, step)))
            plt.xticks(list(range(1, month_days.day + 1, 2)))
        self.chart.refresh()

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        if self.cancel_export is not None:  # Esc during an export cancels the export
            self.cancel_export.set()
            return
        self.app.pop_screen()

    def action_export(self) -> None:
        if self.cancel_export is not None:
            self.notify("正在导出，请稍候（Esc 取消）", markup=False, timeout=3)
            return
        self.cancel_export = threading.Event()
        bar = self.query_one("#stats-export", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._export(self.month, self.cancel_export)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, month: date, cancelled: threading.Event) -> None:
        from reception.exports.files import ExportError
        from reception.exports.ledger_file import export_ledger
        from reception.paths import data_dir

        bar = self.query_one("#stats-export", ProgressBar)

        def tick(done: int) -> None:
            if cancelled.is_set():
                raise ExportCancelled
            self.app.call_from_thread(bar.update, progress=done)

        folder = self.exports or data_dir() / "exports"
        target = folder / f"信访登记台账-{month:%Y-%m}.xlsx"
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            desk = self.service.ledger()
            period = desk.period(month=f"{month:%Y-%m}")
            self.app.call_from_thread(bar.update, total=max(desk.ledger_count(period), 1))
            written = export_ledger(desk, period, target, self.actor, tick=tick)
        except ExportCancelled:
            said = "已取消导出，没有留下文件"
        except (QueueError, ExportError, OSError) as exc:
            said = f"导出失败：{getattr(exc, 'message', None) or exc}"
        else:
            said = f"已导出 {month.year}年{month.month}月 台账 {written} 条（证件号码和电话已打码）：{target}"
        self.app.call_from_thread(self._exported, said)

    def _exported(self, said: str) -> None:
        self.cancel_export = None
        self.query_one("#stats-export", ProgressBar).display = False
        self.status_line.update(Content(said))

    def action_previous_month(self) -> None:
        self.month = (self.month - timedelta(days=1)).replace(day=1)
        self.load()

    def action_next_month(self) -> None:
        following = (self.month + timedelta(days=32)).replace(day=1)
        if following > self.this_month:
            self.notify("已是本月，没有以后月份的统计", markup=False, timeout=3)
            return
        self.month = following
        self.load()


# ------------------------------------------------------------------ text


def overview_text(statistics: Statistics) -> Text:
    """The month's headline figures, as the report gives them."""
    report = statistics.report
    overview = dict(report.table("概况").rows)
    on_time = {row[0]: row for row in report.table("按期办理").rows}
    rated = {row[0]: row for row in report.table("满意度").rows}
    times = statistics.times
    text = Text()
    _line(text, "来访", f"{overview['来访批次']} 批次，{overview['来访人次']} 人次")
    _line(text, "个访", f"{overview['个访批次']} 批次")
    _line(text, "集访", f"{overview['集访批次']} 批次，{overview['集访人次']} 人次")
    _line(text, "越级访", f"{overview['越级访批次']} 批次")
    _line(text, "重复访", f"{overview['重复访批次']} 批次")
    _line(text, "过号", f"{overview['过号']} 人")
    for label, days in (("告知", 15), ("办结", 60)):
        _, kept, late, pending, rate = on_time[f"{label}（{days}日内）"]
        _line(text, f"{label}按期率", f"{rate}（{days}日内）")
        text.append(f"\n  按期 {kept}  超期 {late}  未到期 {pending}", "dim")
    _line(text, "满意率", f"{rated['满意率'][2]}  满意及基本满意 {rated['满意及基本满意率'][2]}")
    _line(text, "等候", f"中位数 {_minutes(times.wait_median)}")
    text.append(f"\n  90%分位 {_minutes(times.wait_p90)}（{times.waits} 人次）", "dim")
    return text


def trend_text(days: list[DayCount]) -> Text:
    """The daily visits as one line (a terminal too small for the chart)."""
    if not days:
        return Text("本月尚无统计日")
    return Text("每日来访批次：" + "  ".join(f"{day.day.day}日 {day.visits}" for day in days))


def _line(text: Text, label: str, value: str) -> None:
    if text:
        text.append("\n")
    text.append(f"{label}：", LABEL)
    text.append(value)


def _minutes(value: float | str) -> str:
    return f"{value} 分钟" if isinstance(value, float | int) else str(value)


def _fill(table: DataTable, source: ReportTable) -> None:
    """The report's rows, in its order; names as `Text` (a category may hold `[`).

    Columns get fixed widths from this month's names (auto-sized columns were
    drawn at their headers' width after a refill, cutting every name to two
    characters); a name longer than `NAME_MAX` cells is cut with an ellipsis.
    """
    names = [Text(str(row[0]), overflow="ellipsis", no_wrap=True) for row in source.rows] or [Text("（无）")]
    table.clear(columns=True)
    table.add_column("名称", width=min(max(cell_len(name.plain) for name in names), NAME_MAX), key="name")
    # Right-aligned numbers wider than their figures: the gaps between columns.
    table.add_column(Text("批次", justify="right"), width=5, key="count")
    table.add_column(Text("占比", justify="right"), width=7, key="share")
    for name, (_, count, share) in zip(names, source.rows or [("", "", "")], strict=True):
        table.add_row(name, Text(str(count), justify="right"), Text(str(share), justify="right"))
