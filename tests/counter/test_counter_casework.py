"""From the counter's 督办 list (`d`): a written notice as .docx (`w`) and a 催办 (`r`)
(DOMAIN.md "The case after the counter"; seed 000, 办件程序: 书面见告信访人)."""

from __future__ import annotations

from dataclasses import replace

import docx

from reception.counter.screens.supervision import SupervisionScreen
from reception.staff_ui import supervision as shared
from tests.casework.conftest import FORM
from tests.counter.conftest import log_in, press, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import settle


async def test_rule_written_notice_from_the_counter(make_app, hall, service, clock, tmp_path, monkeypatch):
    monkeypatch.setattr(shared, "LETTERS_DIR", tmp_path / "文书")
    visit = walk_in(hall, 1).ticket.visit_id
    number = service.register(visit, FORM, "staff1").form.case_number
    clock.advance(days=13)  # notify by 12-10
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "d")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SupervisionScreen)
        await press(pilot, "w", "enter")  # 受理告知书, offered
        await settle(pilot)
        target = tmp_path / "文书" / f"{number}-受理告知书.docx"
        assert f"已生成受理告知书：{target}" in text_of(screen.status_line)
        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
        assert number in text and "来访人1" in text and "某公司拖欠工资三个月" in text
        await press(pilot, "w", "ctrl+u", *"答复意见书", "enter")  # no reply yet: refused in place
        await settle(pilot)
        assert "没有答复的决定，不能生成答复意见书" in text_of(screen.status_line)
        assert not (tmp_path / "文书" / f"{number}-答复意见书.docx").exists()


async def test_rule_supervision_reminder_from_the_counter(make_app, hall, service, clock):
    visit = walk_in(hall, 1).ticket.visit_id
    service.register(visit, replace(FORM, department="环保局"), "staff1")
    clock.advance(days=13)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "d")
        await settle(pilot)
        screen = pilot.app.screen
        await press(pilot, "r", "ctrl+u", *"飞鸽", "enter")
        await settle(pilot)
        assert "催办方式只能是" in text_of(screen.status_line)
        await press(pilot, "r", "ctrl+u", *"短信", "enter")
        await settle(pilot)
        assert "已记录催办" in text_of(screen.status_line)
    assert [(r.kind, r.method, r.actor) for r in service.reminders(visit)] == [("告知", "短信", "liuyang")]


async def test_rule_delivery_recorded_from_the_counter(make_app, hall, service, clock):
    visit = walk_in(hall, 1).ticket.visit_id
    service.register(visit, FORM, "staff1")
    clock.advance(days=13)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "d")
        await settle(pilot)
        screen = pilot.app.screen
        await press(pilot, "s", "enter", "ctrl+u", *"邮寄", "enter")
        await settle(pilot)
        assert "受理告知书已邮寄送达" in text_of(screen.status_line)
        assert screen.table.row_count == 0  # told: the 告知 deadline is met
    [delivery] = service.case_file(visit).deliveries
    assert (delivery.kind, delivery.method, delivery.actor) == ("受理告知书", "邮寄", "liuyang")


async def test_rule_baoan_given_from_the_counter(make_app, hall, service, clock):
    from tests.casework.conftest import add_leader

    leader = add_leader(service)
    visit = walk_in(hall, 1).ticket.visit_id
    service.register(visit, FORM, "staff1")
    clock.advance(days=13)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "d")
        await settle(pilot)
        screen = pilot.app.screen
        await press(pilot, "b", *"王某", "enter", "enter", *"约谈", "enter", *"2026-12-20", "enter")
        await settle(pilot)
        assert "没有" in text_of(screen.status_line)  # no leader of that name: nothing given
        assert service.baoan_of_visit(visit) == []
        await press(pilot, "b", *"李副县长", "enter", "enter", *"约谈企业负责人", "enter", *"2026-12-20", "enter")
        await settle(pilot)
        assert "已包案：李副县长" in text_of(screen.status_line)
        assert [str(screen.table.get_row_at(i)[1]) for i in range(screen.table.row_count)] == ["告知"]
    [baoan] = service.baoan_of_leader(leader)
    assert (baoan.unit, baoan.measures, baoan.due_date.isoformat(), baoan.assigned_by) == (
        "市人社局", "约谈企业负责人", "2026-12-20", "liuyang")
