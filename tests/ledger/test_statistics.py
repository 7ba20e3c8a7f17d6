"""`LedgerDesk.statistics`: the monthly report with each day's visits and all tickets' times,
what the leaders' statistics screen shows (issue 14 item 4)."""

from __future__ import annotations

from datetime import date

from reception.exports.sheets import report_text
from reception.queue.service import HallService


def test_statistics_carry_the_monthly_report_and_each_day_up_to_today(service: HallService):
    desk = service.ledger()
    desk.seed_demo(days=40, per_day=10, seed=2)
    period = desk.period(month="2026-11")
    statistics = desk.statistics(period)
    # The report is the one `reception report --print` prints, figure for figure.
    assert report_text(statistics.report) == report_text(desk.monthly_report(period))
    days = statistics.days
    assert [d.day for d in days] == [date(2026, 11, n) for n in range(1, 26)]  # up to the clock's day
    overview = dict(statistics.report.table("概况").rows)
    assert sum(d.visits for d in days) == overview["来访批次"]
    assert sum(d.people for d in days) == overview["来访人次"]
    assert any(d.visits == 0 for d in days)  # the hall is closed at weekends: days without visits are zero
    times = statistics.times
    assert times.waits > 0 and isinstance(times.wait_median, float) and times.wait_median <= times.wait_p90


def test_a_month_not_yet_begun_has_no_days_and_an_empty_month_has_dashes(service: HallService):
    desk = service.ledger()
    future = desk.statistics(desk.period(month="2026-12"))
    assert future.days == []
    empty = desk.statistics(desk.period(month="2026-10"))
    assert len(empty.days) == 31 and all(d.visits == 0 for d in empty.days)
    assert empty.times.waits == 0 and empty.times.wait_median == "—"
