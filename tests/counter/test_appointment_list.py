"""预约名单 at the counter: the coming bookings listed, one cancelled after asking (issue 17)."""

from __future__ import annotations

import pytest

from reception.counter.screens.appointments import AppointmentListScreen
from reception.counter.screens.console import ConsoleScreen
from reception.queue import audit
from reception.queue.models import PersonInput
from reception.staff_ui.confirm import ConfirmPrompt
from tests.counter.conftest import log_in, press, text_of
from tests.schedule.sheets import good_rows, write_csv

GOOD_ID = "11010519491231002X"


@pytest.fixture
def booked(service, hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "schedule.csv", good_rows()), "staff")
    leader = service.leader_named("王建国")
    first = service.book_appointment(leader.id, "2026-11-26", PersonInput(
        name="[b]张[/b]三", doc_type="居民身份证", doc_number=GOOD_ID, phone="13800138000"), "staff")
    return first


async def test_the_list_shows_bookings_masked_and_a_cancel_is_asked_first(make_app, service, hall, booked):
    async with make_app().run_test(size=(120, 32)) as pilot:
        await log_in(pilot)
        await press(pilot, "l")
        screen = pilot.app.screen
        assert isinstance(screen, AppointmentListScreen)
        rows = [[str(c) for c in screen.table.get_row_at(i)] for i in range(screen.table.row_count)]
        assert rows == [[str(booked.id), "2026-11-26 09:00", "王建国", "[b]张[/b]三", "1101**********002X",
                         "13800138000", "已预约"]]
        assert service.remaining_places(booked.reception.leader_id, "2026-11-26") == 9
        await press(pilot, "c")
        assert isinstance(pilot.app.screen, ConfirmPrompt)
        await press(pilot, "escape")
        assert service.get_appointment(booked.id).state.value == "booked"
        await press(pilot, "c", "enter")
        assert pilot.app.screen is screen
        assert service.get_appointment(booked.id).state.value == "cancelled"
        assert f"已取消第 {booked.id} 号预约" in text_of(screen.status_line)
        assert str(screen.table.get_row_at(0)[-1]) == "已取消"
        assert service.remaining_places(booked.reception.leader_id, "2026-11-26") == 10
        assert [e.actor for e in audit.entries(hall.db, action="appointment.cancel")] == ["liuyang"]
        await press(pilot, "c")  # a cancelled booking is not cancelled twice
        assert "不能取消" in text_of(screen.status_line)
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, ConsoleScreen)
