"""A visitor at the kiosk, end to end: card, phone, purpose, alone or group, ticket."""

import pytest

from reception.kiosk.cards import CardPulled, CardRejected
from reception.kiosk.flow import NO_CARD_NAME
from reception.queue.models import TicketState
from tests.kiosk.conftest import DummyPrinter, card, running_kiosk
from tests.printer.conftest import decode_qr_image


def screen_qr_image(kiosk):
    """The QR widget's half blocks as a picture: each cell one module wide, two tall."""
    from PIL import Image

    lines = str(kiosk.app.screen.query_one("#qr").content).splitlines()
    image = Image.new("L", (len(lines[0]) * 8, len(lines) * 16), 255)
    for row, line in enumerate(lines):
        for col, char in enumerate(line):
            for half, dark in ((0, char in "▀█"), (1, char in "▄█")):
                if dark:
                    image.paste(0, (col * 8, row * 16 + half * 8, col * 8 + 8, row * 16 + half * 8 + 8))
    return image


async def test_single_visitor_gets_a_printed_ticket(kiosk, hall):
    await kiosk.place(card(1, name="张三"))
    shown = kiosk.text()
    assert "张三" in shown and "1101**********0001" in shown
    assert "110101198001010001" not in shown  # the number is masked on screen
    await kiosk.type("13800138000")
    await kiosk.click("#next")
    await kiosk.choose_purpose(purpose=2, category=1)
    await kiosk.click("#alone")
    assert "申诉求决" in kiosk.text() and "工资福利待遇" in kiosk.text()
    await kiosk.click("#next")
    assert kiosk.screen_name == "TicketScreen"
    shown = kiosk.text()
    assert "A001" in shown and "个人来访" in shown and "前面没有人等候" in shown
    assert "凭条已打印" in shown
    [ticket] = hall.tickets()
    assert ticket.number == "A001" and ticket.printed_at is not None
    [paper] = kiosk.printer.tickets
    assert "A001" in paper.text and "个人来访" in paper.text and "前面没有人等候" in paper.text
    [raster] = paper.rasters
    assert decode_qr_image(raster.image()) == [ticket.query_code]
    assert decode_qr_image(screen_qr_image(kiosk)) == [ticket.query_code]  # the same on screen
    assert "张三" not in paper.text and "13800138000" not in paper.text  # nothing personal
    assert f"查询码 {ticket.query_code}" in shown
    phone, purpose = hall.db.execute(
        "SELECT p.phone, v.purpose FROM persons p JOIN visit_people vp ON vp.person_id = p.id"
        " JOIN visits v ON v.id = vp.visit_id"
    ).fetchone()
    assert (phone, purpose) == ("13800138000", "申诉求决")


async def test_phone_number_is_required_unless_the_visitor_has_none(kiosk, hall):
    await kiosk.place(card(1))
    await kiosk.type("123")
    await kiosk.click("#next")
    assert kiosk.screen_name == "PersonScreen" and "7 到 12 位" in kiosk.text()
    await kiosk.click("#key-clear")
    await kiosk.click("#no-phone")
    assert kiosk.screen_name == "VisitScreen"


async def test_purpose_and_category_must_be_chosen(kiosk):
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.click("#next")
    assert kiosk.screen_name == "VisitScreen" and "请先选择来访目的" in kiosk.text()


async def test_group_of_three_representatives(kiosk, hall):
    await kiosk.place(card(1, name="甲"))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#group")
    await kiosk.type("25")
    await kiosk.click("#next")
    assert "还可登记 2 名代表" in kiosk.text()
    await kiosk.place(card(2, name="乙"))
    assert "还可登记 1 名代表" in kiosk.text()
    await kiosk.place(card(3, name="丙"))
    assert "代表名额已满" in kiosk.text()
    await kiosk.click("#lead-1")  # 乙 leads the talk
    await kiosk.click("#next")
    assert "主访人：乙" in kiosk.text() and "25 人（集体来访）" in kiosk.text()
    await kiosk.click("#next")
    assert kiosk.screen_name == "TicketScreen"
    assert "B001" in kiosk.text() and "集体来访 25 人，代表 3 名" in kiosk.text()
    rows = hall.db.execute(
        "SELECT p.name, vp.role FROM visit_people vp JOIN persons p ON p.id = vp.person_id"
        " ORDER BY p.name"
    ).fetchall()
    assert sorted(rows) == sorted([("甲", "representative"), ("乙", "lead"), ("丙", "representative")])
    assert "集体来访：共25人，推选代表3人" in kiosk.printer.tickets[0].text
    assert "代表人数不得超过3人" in kiosk.printer.tickets[0].text


async def test_a_fourth_representative_is_refused_citing_the_rule(kiosk, hall):
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#group")
    await kiosk.type("40")
    await kiosk.click("#next")
    for n in (2, 3, 4):
        await kiosk.place(card(n, name=f"代表{n}"))
    shown = kiosk.text()
    assert "最多推选 3 名代表" in shown and "代表人数不得超过3人" in shown
    assert "代表4" not in shown
    refusal = str(kiosk.app.screen.query_one("#reps-refusal").content)
    assert refusal.splitlines()[-1].startswith("依据："), "the rule on a line of its own"
    await kiosk.click("#next")
    await kiosk.click("#next")
    assert hall.slip_for(hall.tickets()[0]).representative_count == 3


async def test_the_same_card_twice_in_a_group_counts_once(kiosk):
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#group")
    await kiosk.type("5")
    await kiosk.click("#next")
    await kiosk.place(card(1))
    assert "这张身份证已经登记过了" in kiosk.text() and "还可登记 2 名代表" in kiosk.text()


async def test_a_group_needs_at_least_two_people(kiosk):
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#group")
    await kiosk.type("1")
    await kiosk.click("#next")
    assert kiosk.screen_name == "GroupSizeScreen" and "至少 2 人" in kiosk.text()


async def test_visitor_without_a_card_takes_a_number_for_staff_to_register(kiosk, hall):
    await kiosk.click("#no-card")
    assert "工作人员" in kiosk.text()
    await kiosk.click("#take-number")
    await kiosk.choose_purpose(purpose=0, category=0)
    assert kiosk.screen_name == "ConfirmScreen"
    await kiosk.click("#next")
    assert "A001" in kiosk.text()
    name, number = hall.db.execute("SELECT name, doc_number FROM persons").fetchone()
    assert name == NO_CARD_NAME and number is None


async def test_invalid_card_is_refused_with_the_way_to_staff(kiosk, hall):
    await kiosk.place(CardRejected("身份证号码校验未通过，无法识别此证件"))
    assert kiosk.screen_name == "RefusalScreen"
    assert "校验未通过" in kiosk.text() and "服务窗口" in kiosk.text()
    assert hall.tickets() == []


async def test_expired_card_is_refused(kiosk, hall):
    await kiosk.place(card(1, valid_until="2020-01-01"))
    assert kiosk.screen_name == "RefusalScreen"
    assert "已过期（有效期至 2020-01-01）" in kiosk.text()
    await kiosk.place(card(2))  # the right card straight after: the flow starts
    assert kiosk.screen_name == "PersonScreen"


async def test_card_pulled_mid_read_asks_to_place_it_again(kiosk):
    await kiosk.place(CardPulled())
    assert kiosk.screen_name == "WelcomeScreen"
    # Under the prompt where the visitor looks, not in a toast over the buttons.
    assert "读卡未完成，请将身份证重新放在读卡区" in kiosk.text()
    assert kiosk.notices() == []
    await kiosk.place(card(1))
    assert kiosk.screen_name == "PersonScreen"
    await kiosk.click("#home")
    assert "读卡未完成" not in kiosk.text()  # not left for the next visitor
    assert "放好后请稍候" in kiosk.text()


async def test_card_pulled_while_representatives_check_in(kiosk):
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#group")
    await kiosk.type("5")
    await kiosk.click("#next")
    await kiosk.place(CardPulled())
    assert kiosk.screen_name == "RepresentativesScreen"
    assert "读卡未完成，请将身份证重新放在读卡区" in kiosk.text() and kiosk.notices() == []
    await kiosk.place(card(2))
    shown = kiosk.text()
    assert "读卡未完成" not in shown and "来访人2" in shown


@pytest.mark.parametrize("fault", ["paper_out", "offline", "unreachable"])
async def test_printer_fault_still_issues_and_sends_to_staff(hall, settings, fault, service):
    printer = DummyPrinter(simulate=fault)
    async with running_kiosk(service, printer, settings) as kiosk:
        await kiosk.visit_alone(card(1))
        shown = kiosk.text()
        assert kiosk.screen_name == "TicketScreen" and "A001" in shown and "前面没有人等候" in shown
        assert "凭条未能打印" in shown and "请工作人员补打" in shown
        ticket = hall.tickets()[0]
        assert ticket.printed_at is None and ticket.print_error
        assert hall.events_for(ticket.id)[-1].action == "print_failed"


async def test_out_of_paper_is_named_on_screen(hall, settings, service):
    async with running_kiosk(service, DummyPrinter(simulate="paper_out"), settings) as kiosk:
        await kiosk.visit_alone(card(1))
        assert "凭条未能打印（打印机缺纸）" in kiosk.text()
        assert "simulate" not in kiosk.text()  # the technical detail is for staff, not the visitor
        # staff see what to do, and the detail
        assert hall.tickets()[0].print_error == "打印机缺纸。请装入新纸卷并合上纸仓盖（模拟 (simulate)）"
        assert kiosk.printer.tickets == []  # no paper came out


@pytest.mark.slow  # two visits end to end
async def test_same_person_twice_gets_the_same_ticket_and_a_reprint(kiosk, hall):
    await kiosk.visit_alone(card(1))
    await kiosk.click("#home")
    await kiosk.place(card(1))
    assert kiosk.screen_name == "TicketScreen"
    assert "今天已经取过号" in kiosk.text() and "A001" in kiosk.text()
    assert len(kiosk.printer.tickets) == 1  # nothing printed without asking
    await kiosk.click("#reprint")
    assert len(hall.tickets()) == 1
    first, reprint = kiosk.printer.tickets
    assert "补打凭条" not in first.text and "【补打凭条】" in reprint.text and "A001" in reprint.text
    assert "凭条已打印" in kiosk.text()
    assert hall.events_for(hall.tickets()[0].id)[-1].action == "reprint"


@pytest.mark.slow  # two visits end to end
async def test_a_visitor_whose_number_was_called_is_sent_to_the_window_not_told_to_wait(kiosk, hall):
    await kiosk.visit_alone(card(1))
    await kiosk.click("#home")
    hall.call_next(2, "staff")
    await kiosk.place(card(1))
    assert "今天已经取过号" in kiosk.text()
    assert "您的号已叫到，请到2号窗口" in kiosk.text() and "前面没有人等候" not in kiosk.text()


@pytest.mark.slow  # two visits end to end
async def test_a_repeat_visitor_sees_nothing_different(kiosk, hall, clock):
    per_visit = ("qr", "query-code", "countdown")  # differ on every ticket
    await kiosk.visit_alone(card(1))
    first_day = kiosk.text(skip=per_visit)
    await kiosk.click("#home")
    clock.advance(days=1)
    await kiosk.visit_alone(card(1))
    assert hall.tickets()[0].number == "A001"
    assert hall.db.execute("SELECT is_repeat FROM visits ORDER BY id DESC").fetchone()[0] == 1
    assert kiosk.text(skip=per_visit) == first_day


@pytest.mark.slow  # two visits end to end
async def test_a_representative_who_already_has_a_ticket_today_is_refused(kiosk, hall):
    await kiosk.visit_alone(card(5))
    await kiosk.click("#home")
    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#group")
    await kiosk.type("9")
    await kiosk.click("#next")
    await kiosk.place(card(5))
    assert "今天已在 A001 号登记" in kiosk.text() and "还可登记 2 名代表" in kiosk.text()


async def test_people_ahead_are_counted_on_screen(kiosk, hall):
    from tests.helpers import walk_in

    walk_in(hall, 90)
    walk_in(hall, 91)
    await kiosk.visit_alone(card(1))
    assert "A003" in kiosk.text() and "前面还有 2 人等候" in kiosk.text()
    assert "您前面还有 2 人等候" in kiosk.printer.tickets[0].text


async def test_a_hong_kong_permit_shows_no_blank_ethnicity_line(kiosk, hall):
    permit = card(5, ethnicity="", doc_type="港澳台居民居住证", doc_number="810000199001010015")
    await kiosk.place(permit)
    assert kiosk.screen_name == "PersonScreen"
    shown = kiosk.text()
    assert "民族" not in shown
    assert "姓名" in shown and "8100**********0015" in shown
