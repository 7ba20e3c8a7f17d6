import datetime as dt

import pytest

from reception.queue.deadlines import DeadlineError, compute, days_left, extend


def test_ordinary_visit_gets_15_and_60_calendar_days():
    d = compute(dt.date(2026, 3, 2))
    assert d.notify_by == dt.date(2026, 3, 17)
    assert d.handle_by == dt.date(2026, 5, 1)


def test_across_month_end_and_february():
    d = compute(dt.date(2026, 1, 31))
    assert d.notify_by == dt.date(2026, 2, 15)
    assert d.handle_by == dt.date(2026, 4, 1)
    leap = compute(dt.date(2028, 2, 20))
    assert leap.notify_by == dt.date(2028, 3, 6)


def test_across_year_end():
    d = compute(dt.date(2026, 12, 20))
    assert d.notify_by == dt.date(2027, 1, 4)
    assert d.handle_by == dt.date(2027, 2, 18)


def test_extension_adds_30_days_once_with_reason():
    d = extend(compute(dt.date(2026, 3, 2)), "涉及多个部门，需要会商")
    assert d.handle_by == dt.date(2026, 5, 31)
    assert d.notify_by == dt.date(2026, 3, 17)
    with pytest.raises(DeadlineError, match="只能延长一次"):
        extend(d, "再延")


@pytest.mark.parametrize("reason", ["", "   "])
def test_extension_without_reason_refused(reason):
    with pytest.raises(DeadlineError, match="理由"):
        extend(compute(dt.date(2026, 3, 2)), reason)


def test_days_left_goes_negative_when_overdue():
    assert days_left(dt.date(2026, 3, 17), dt.date(2026, 3, 15)) == 2
    assert days_left(dt.date(2026, 3, 17), dt.date(2026, 3, 20)) == -3
