"""The leader view's 包案 (`b`) and the one 督办 list (`d`) (issue 13 items 7 and 8).

包案 (DOMAIN.md "The case after the counter"; seed 001: 领导干部…亲自包案,亲自调度,一抓到底):
the leader sees their own 包案 cases and closes them with a result. 督办 (seed 000:
成立健全信访案件登记督办制度): every due date, overdue first, from the leader view too."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reception.leader.app import create_app
from reception.leader.screens.baoan_screen import BaoanScreen
from reception.staff_ui.supervision import SupervisionList
from tests.casework.conftest import FORM
from tests.conftest import SHANGHAI
from tests.leader.conftest import add_leader
from tests.leader.test_leader_app import SIZE, open_queue, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import settle


def a_case(service, n: int = 1) -> int:
    visit = walk_in(service._hall, n).ticket.visit_id
    service.register(visit, replace(FORM, summary=f"[b]拖欠工资{n}[/b]"), "staff1")
    return visit


async def test_rule_baoan_leader_sees_and_closes_their_own_cases(hall, leader_user, leader_id, service, clock):
    mine = a_case(service, 1)
    theirs = a_case(service, 2)
    other = add_leader(hall, "赵局长", days=())
    service.assign_baoan(mine, leader_id, "市人社局", "约谈企业负责人", "2026-12-01", "staff1")
    service.assign_baoan(theirs, other, "市住建局", "现场督办", "2026-12-01", "staff1")
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI))
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, BaoanScreen)
        assert screen.table.row_count == 1
        assert [str(c) for c in screen.table.get_row_at(0)][:2] == ["2026-12-01", "已超期 2 天"]
        assert "未结 1 件（已超期 1 件）" in text_of(screen.query_one("#baoan-title"))
        await pilot.press("c")
        await settle(pilot)
        for key in "工资已结清":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # confirm
        await settle(pilot)
        assert pilot.app.screen is screen and screen.table.row_count == 0
        assert "包案已结案" in text_of(screen.status_line)
    [closed] = service.baoan_of_leader(leader_id, include_closed=True)
    assert (closed.result, closed.closed_by) == ("工资已结清", "lijuzhang")
    assert service.baoan_of_leader(other) != []


async def test_rule_supervision_one_list_in_the_leader_view(hall, leader_user, leader_id, service, clock):
    visit = a_case(service, 1)
    service.assign_baoan(visit, leader_id, "市人社局", "约谈", "2026-12-01", "staff1")
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI))
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SupervisionList)
        rows = [[str(c) for c in screen.table.get_row_at(i)][:3] for i in range(screen.table.row_count)]
        assert rows == [["2026-12-01", "包案", "已超期 2 天"], ["2026-12-10", "告知", "剩 7 天"],
                        ["2027-01-24", "办理", "剩 52 天"]]
        assert str(screen.table.get_row_at(0)[4]) == "来访人1"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # 电话, offered
        await settle(pilot)
        assert "已记录催办" in text_of(screen.status_line)
        assert str(screen.table.get_row_at(0)[8]) == "1 次"
    [reminder] = service.reminders(visit)
    assert (reminder.kind, reminder.method, reminder.actor) == ("包案", "电话", "lijuzhang")
