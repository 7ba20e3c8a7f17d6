"""Leader reception days at the kiosk, and the progress lookup by query code."""

import pytest

from tests.kiosk.conftest import card


def add_duty(hall, quota=0, mode="定点"):
    leader = hall.db.execute(
        "INSERT INTO leaders (name, post, fields) VALUES ('李[b]局长[/b]', '副局长', '城乡建设、住房保障')"
    ).lastrowid
    hall.db.execute(
        "INSERT INTO reception_days (leader_id, day, start_time, end_time, place, mode, quota)"
        " VALUES (?, '2026-11-25', '09:00', '11:30', '一楼领导接待室', ?, ?)",
        (leader, mode, quota),
    )
    return leader


async def test_on_a_leader_day_the_visitor_can_ask_for_the_duty_leader(kiosk, hall):
    leader = add_duty(hall, quota=5)
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    assert kiosk.screen_name == "LeaderScreen"
    shown = kiosk.text()
    assert "李[b]局长[/b]　副局长" in shown and "分管：城乡建设、住房保障" in shown
    assert "09:00–11:30" in shown and "今日剩余名额：5 人" in shown
    await kiosk.click("#leader-0")
    assert kiosk.screen_name == "ModeScreen"
    await kiosk.click("#back")  # the choice shows when they come back
    assert "✔ 申请李[b]局长[/b]副局长接待" in kiosk.text()
    await kiosk.click("#leader-0")
    await kiosk.click("#alone")
    assert "申请领导接待：李[b]局长[/b]" in kiosk.text()
    await kiosk.click("#next")
    assert "C001" in kiosk.text() and "领导接访" in kiosk.text()
    assert hall.db.execute("SELECT requested_leader_id FROM visits").fetchone()[0] == leader


async def test_no_leader_offered_on_an_ordinary_day(kiosk):
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    assert kiosk.screen_name == "ModeScreen"  # straight on: no leader step


async def test_the_leader_step_fits_the_kiosk_screen_and_no_thanks_goes_on(hall, printer, settings, service):
    from tests.kiosk.conftest import running_kiosk

    add_duty(hall, quota=5)
    second = hall.db.execute(
        "INSERT INTO leaders (name, post, fields) VALUES ('王伟', '副县长', '农业农村、水利')"
    ).lastrowid
    hall.db.execute(
        "INSERT INTO reception_days (leader_id, day, start_time, end_time, place, mode, quota)"
        " VALUES (?, '2026-11-25', '14:00', '17:00', '二楼接待室', '定点', 0)",
        (second,),
    )
    # 120x30: the deployed kiosk (foot at size 22 on a 1080p screen).
    async with running_kiosk(service, printer, settings, size=(120, 30)) as kiosk:
        await kiosk.place(card(1))
        await kiosk.click("#no-phone")
        await kiosk.choose_purpose()
        assert kiosk.screen_name == "LeaderScreen"
        screen = kiosk.app.screen.region
        for selector in ("#leader-0", "#leader-1", "#no-leader", "#home", "#back"):
            assert screen.contains_region(kiosk.app.screen.query_one(selector).region), selector
        labels = [str(kiosk.app.screen.query_one(f"#leader-{i}").label) for i in (0, 1)]
        assert labels == ["申请李[b]局长[/b]副局长接待", "申请王伟副县长接待"]
        await kiosk.click("#no-leader")
        await kiosk.click("#alone")
        assert "申请领导接待" not in kiosk.text()
        await kiosk.click("#next")
        assert hall.db.execute("SELECT requested_leader_id FROM visits").fetchone()[0] is None


async def test_a_full_leader_is_not_offered(kiosk, hall):
    leader = add_duty(hall, quota=1)
    from reception.queue.models import CheckInRequest
    from tests.helpers import visitor

    hall.check_in(CheckInRequest(lead=visitor(9), service="C", requested_leader_id=leader))
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    assert kiosk.screen_name == "ModeScreen"


async def test_a_leader_whose_hours_are_over_is_not_offered(kiosk, hall):
    add_duty(hall, quota=5)  # 09:00-11:30
    hall.clock.advance(hours=3)  # 12:00 in the hall
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    assert kiosk.screen_name == "ModeScreen"


async def test_quota_taken_while_the_visitor_was_choosing_is_refused_clearly(kiosk, hall):
    leader = add_duty(hall, quota=1)
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#leader-0")
    await kiosk.click("#alone")
    from reception.queue.models import CheckInRequest
    from tests.helpers import visitor

    hall.check_in(CheckInRequest(lead=visitor(9), service="C", requested_leader_id=leader))
    await kiosk.click("#next")
    assert kiosk.screen_name == "ConfirmScreen" and "名额" in kiosk.text() and "已满" in kiosk.text()
    assert not kiosk.app.screen.query_one("#next").disabled  # they can go back and choose again


@pytest.mark.slow  # two visits end to end
async def test_progress_lookup_by_typed_query_code(kiosk, hall):
    await kiosk.visit_alone(card(1))
    code = hall.tickets()[0].query_code
    await kiosk.click("#home")
    await kiosk.click("#query")
    await kiosk.pilot.press(*"ABC", "enter")
    await kiosk.settle()
    assert "查询码格式不正确" in kiosk.text()
    await kiosk.pilot.press(*code.lower(), "enter")  # what a scanner types
    await kiosk.settle()
    shown = kiosk.text()
    assert "号码：A001" in shown and "状态：等候中" in shown and "前面没有人等候" in shown
    assert "来访人1" not in shown  # no personal data
    await kiosk.click("#char-back")
    for char in code[:3]:
        await kiosk.click(f"#char-{char}")
    assert kiosk.app.screen.query_one("#code").value == code[:3]


async def test_a_finished_visit_is_rated_at_the_lookup(kiosk, hall):
    await kiosk.visit_alone(card(1))
    ticket = hall.tickets()[0]
    await kiosk.click("#home")
    await kiosk.click("#query")
    await kiosk.pilot.press(*ticket.query_code, "enter")
    await kiosk.settle()
    assert not kiosk.app.screen.query_one("#rating-area").display  # still waiting: nothing to rate

    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    hall.finish(ticket.id, "staff")
    await kiosk.pilot.press(*ticket.query_code, "enter")
    await kiosk.settle()
    assert kiosk.app.screen.query_one("#rating-area").display
    assert "接待已结束，请您对本次接待作出评价" in kiosk.text()
    await kiosk.click("#rate-1")
    assert "感谢您的评价：基本满意" in kiosk.text()
    assert hall.progress(ticket.query_code).rating == "基本满意"
    assert [e.actor for e in hall.events_for(ticket.id) if e.action == "rate"] == ["kiosk"]

    await kiosk.click("#home")  # the next visitor sees no one's rating
    await kiosk.click("#query")
    assert not kiosk.app.screen.query_one("#rating-area").display
    await kiosk.pilot.press(*"ZZZZZZZZZZZZ", "enter")
    await kiosk.settle()
    assert not kiosk.app.screen.query_one("#rating-area").display
