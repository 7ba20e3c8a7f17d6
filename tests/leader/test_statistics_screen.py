"""The leader's statistics screen (z 统计): the monthly report's own figures and a daily trend.

Demo data (`service.ledger().seed_demo`) fills the 60 days up to the fixture
clock's day, 2026-11-25; the screen's figures are compared with the report
`reception report --print` prints for the same month.
"""

from __future__ import annotations

import threading

import pytest

from reception.config import HallConfig
from reception.leader.app import create_app
from reception.leader.screens.queue_screen import QueueScreen
from reception.leader.screens.statistics_screen import StatisticsScreen
from reception.queue.accounts import Accounts
from reception.queue.ledger_desk import LedgerDesk
from reception.queue.service import HallService
from tests.leader.conftest import LEADER_PASSWORD, add_leader
from tests.leader.test_leader_app import SIZE, open_queue, text_of
from tests.staff_ui.helpers import settle, until

MARKUP_NAMES = ("[bold]", "[@click=app.quit]点我[/]", "其他")


@pytest.fixture
def seeded(hall, service, leader_user):
    service.ledger().seed_demo(days=60, per_day=12, seed=3)
    return service


def report_of(service: HallService, month: str):
    desk = service.ledger()
    return desk.monthly_report(desk.period(month=month))


def rows_of(table) -> list[tuple[str, ...]]:
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def as_shown(rows: list[tuple]) -> list[tuple[str, ...]]:
    return [tuple(str(value) for value in row) for row in rows]


def screen_lines(widget) -> list[str]:
    """What the widget draws, line by line, as characters on the screen."""
    return ["".join(segment.text for segment in widget.render_line(y)) for y in range(widget.size.height)]


async def open_statistics(hall, pilot) -> StatisticsScreen:
    await open_queue(hall, pilot)
    await pilot.press("z")
    await until(pilot, lambda: isinstance(pilot.app.screen, StatisticsScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.figures is not None)
    await settle(pilot)
    return screen


def assert_shows(screen: StatisticsScreen, report) -> None:
    overview = dict(report.table("概况").rows)
    shown = text_of(screen.overview)
    assert f"来访：{overview['来访批次']} 批次，{overview['来访人次']} 人次" in shown
    assert f"个访：{overview['个访批次']} 批次" in shown
    assert f"集访：{overview['集访批次']} 批次，{overview['集访人次']} 人次" in shown
    assert f"越级访：{overview['越级访批次']} 批次" in shown
    assert f"重复访：{overview['重复访批次']} 批次" in shown
    assert f"过号：{overview['过号']} 人" in shown
    notice, conclude = report.table("按期办理").rows
    assert f"告知按期率：{notice[4]}（15日内）" in shown and f"按期 {notice[1]}  超期 {notice[2]}" in shown
    assert f"办结按期率：{conclude[4]}（60日内）" in shown and f"按期 {conclude[1]}  超期 {conclude[2]}" in shown
    rated = {row[0]: row[2] for row in report.table("满意度").rows}
    assert f"满意率：{rated['满意率']}  满意及基本满意 {rated['满意及基本满意率']}" in shown
    assert rows_of(screen.categories) == as_shown(report.table("问题类别").rows)
    assert rows_of(screen.outcomes) == as_shown(report.table("处理结果").rows)


async def test_the_screen_shows_the_monthly_reports_figures(hall, seeded, leader_id):
    app = create_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(hall, pilot)
        report = report_of(seeded, "2026-11")
        assert report.table("概况").rows[0][1] > 0  # the demo filled the month
        assert "2026年11月" in text_of(screen.query_one("#stats-title"))
        assert "截至11月25日" in text_of(screen.status_line)
        assert_shows(screen, report)
        times = seeded.ledger().statistics(seeded.ledger().period(month="2026-11")).times
        assert f"等候：中位数 {times.wait_median} 分钟\n  90%分位 {times.wait_p90} 分钟（{times.waits} 人次）" in text_of(screen.overview)

        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))


async def test_the_chart_has_one_point_per_day_of_the_month_so_far(hall, seeded, leader_id):
    app = create_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(hall, pilot)
        assert screen.plotted_days == list(range(1, 26))
        # What the plotext figure holds: the visits line over those days.
        monitor = screen.chart.plt._active.monitor
        assert list(monitor.x[0]) == list(range(1, 26))
        days = seeded.ledger().statistics(seeded.ledger().period(month="2026-11")).days
        assert list(monitor.y[0]) == [day.visits for day in days]
        assert sum(day.visits for day in days) == dict(report_of(seeded, "2026-11").table("概况").rows)["来访批次"]
        assert screen.chart.display and screen.chart.size.height >= 8
        assert not screen.trend_line.display


async def test_a_terminal_too_small_for_the_chart_gets_one_plain_line(hall, seeded, leader_id):
    app = create_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_statistics(hall, pilot)
        assert not screen.chart.display
        assert screen.trend_line.display
        line = text_of(screen.trend_line)
        assert line.startswith("每日来访批次：1日 ") and "25日 " in line and "26日" not in line
        # The two tables stand one above the other: each outcome's row is drawn whole.
        drawn = [" ".join(line.split()) for line in screen_lines(screen.outcomes)]
        for name, count, share in report_of(seeded, "2026-11").table("处理结果").rows:
            assert f"{name} {count} {share}" in drawn


async def test_brackets_show_the_previous_and_next_month_but_not_beyond_this_one(hall, seeded, leader_id):
    app = create_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(hall, pilot)
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: screen.figures is not None and screen.figures.month.month == 10)
        await settle(pilot)
        assert "2026年10月" in text_of(screen.query_one("#stats-title"))
        assert "整月" in text_of(screen.status_line)
        assert_shows(screen, report_of(seeded, "2026-10"))
        assert screen.plotted_days == list(range(1, 32))

        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.figures is not None and screen.figures.month.month == 11)
        await settle(pilot)
        assert_shows(screen, report_of(seeded, "2026-11"))

        await pilot.press("right_square_bracket")  # December has not come yet
        await until(pilot, lambda: any("已是本月" in str(n.message) for n in app._notifications))
        assert screen.month.month == 11 and "2026年11月" in text_of(screen.query_one("#stats-title"))


async def test_the_figures_are_read_off_the_ui_thread(hall, seeded, leader_id, monkeypatch):
    threads: list[str] = []
    real = LedgerDesk.statistics

    def recording(desk, period):
        threads.append(threading.current_thread().name)
        return real(desk, period)

    monkeypatch.setattr(LedgerDesk, "statistics", recording)
    app = create_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await open_statistics(hall, pilot)
    assert threads and threading.main_thread().name not in threads


async def test_markup_in_a_category_name_is_shown_as_written(db_path, clock):
    config = HallConfig(hall_name="测试市信访局来访接待大厅", categories=MARKUP_NAMES)
    service = HallService.open(db_path, config, clock)
    try:
        hall = service._hall
        leader_id = add_leader(hall)
        Accounts(hall.db, hall.clock).add("lijuzhang", LEADER_PASSWORD, "leader", "李局长", leader_id=leader_id)
        service.ledger().seed_demo(days=30, per_day=12, seed=5)
        app = create_app(service)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_statistics(hall, pilot)
            names = {row[0] for row in rows_of(screen.categories)}
            assert {"[bold]", "[@click=app.quit]点我[/]"} <= names
            drawn = "\n".join(screen_lines(screen.categories))
            assert "[bold]" in drawn and "[@click=app.quit]点我[/]" in drawn
            assert app.is_running and isinstance(app.screen, StatisticsScreen)
    finally:
        service.close()


async def test_e_exports_the_months_register_masked_private_and_audited(seeded, hall, tmp_path):
    """Issue 14: the register 'also from the leader view' — the same file as
    `reception ledger export`, ID numbers masked, 0600, the export in the audit log."""
    import stat

    from openpyxl import load_workbook

    app = create_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(hall, pilot)
        screen.exports = tmp_path / "exports"
        await pilot.press("e")
        await until(pilot, lambda: "已导出" in str(screen.status_line.render()), timeout=20)
    (written,) = (tmp_path / "exports").iterdir()
    assert written.name == "信访登记台账-2026-11.xlsx" and stat.S_IMODE(written.stat().st_mode) == 0o600
    sheet = load_workbook(written, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    desk = seeded.ledger()
    assert len(rows) - 1 == desk.ledger_count(desk.period(month="2026-11")) > 0
    id_column = rows[0].index("证件号码")
    assert all("*" in str(row[id_column]) for row in rows[1:] if row[id_column])
    exports = [entry for entry in seeded.audit_log() if entry.action == "ledger.export"]
    assert exports and exports[-1].actor == "lijuzhang"  # the leader who exported


async def test_esc_cancels_an_export_and_leaves_no_file(seeded, hall, tmp_path, monkeypatch):
    import reception.exports.ledger_file as ledger_file

    writing = threading.Event()
    go_on = threading.Event()

    def slow_writer(path, columns, widths, rows, tick, title="信访登记台账"):
        path.write_bytes(b"partial")
        writing.set()
        go_on.wait(20)
        tick(1)  # the next progress tick sees the cancel
        raise AssertionError("the export went on after Esc")

    monkeypatch.setattr(ledger_file, "write_ledger_xlsx", slow_writer)
    app = create_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(hall, pilot)
        screen.exports = tmp_path / "exports"
        await pilot.press("e")
        await until(pilot, lambda: writing.is_set())
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, StatisticsScreen)  # Esc cancelled the export, not the screen
        go_on.set()
        await until(pilot, lambda: "已取消导出" in str(screen.status_line.render()), timeout=20)
    assert list((tmp_path / "exports").iterdir()) == []
