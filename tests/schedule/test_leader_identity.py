"""Leaders are told apart by number (领导编号), never by name alone.

Two leaders of one name (王伟 is the commonest name in China), a leader who is
promoted, and a leader whose name is corrected must each stay one leader, with
their own days, appointments, account and line on the hall display.
The hall clock stands at 2026-11-25 09:00.
"""

from __future__ import annotations

import pytest

from reception.hall_display.board import read_board
from reception.queue.accounts import Accounts
from reception.queue.errors import InvalidInput, NotFound
from reception.queue.models import CheckInRequest
from reception.queue.schedule_input import ScheduleInvalid
from tests.helpers import ALWAYS_OPEN, hall_today, visitor
from tests.helpers import run_cli as _run_cli
from tests.schedule.sheets import HEADER, write_csv


def run_cli(*args, **kwargs):
    """The CLI with a hall open day and night: these tests import rows and book for
    "today" at the machine's real time, whatever day of the week that is."""
    return _run_cli(*args, env={**ALWAYS_OPEN, **kwargs.pop("env", {})}, **kwargs)

WITH_ID = HEADER[:3] + ["领导编号"] + HEADER[3:]  # 日期 星期 领导 领导编号 职务 ...


def row(day, name, leader_id, post, fields="城乡建设", time="09:00-11:30", place="第一接待室", mode="定点", quota="5"):
    return [day, "", name, leader_id, post, fields, time, place, mode, quota]


def plain(day, name, post, **kwargs):
    """A row of a sheet without the 领导编号 column."""
    full = row(day, name, "", post, **kwargs)
    return full[:3] + full[4:]


def leaders(hall):
    return hall.db.execute("SELECT id, name, post FROM leaders ORDER BY id").fetchall()


def errors(caught) -> list[str]:
    return [str(error) for error in caught.value.errors]


@pytest.fixture
def two_wangs(hall, tmp_path):
    """Two leaders named 王伟, both receiving today, told apart with “新”."""
    rows = [
        row("2026-11-25", "王伟", "新", "副县长", place="第一接待室"),
        row("2026-11-25", "王伟", "新", "县政协副主席", fields="文化旅游", time="14:30-17:00", place="第二接待室"),
        row("2026-11-26", "王伟", "新", "副县长", place="第一接待室"),
    ]
    result = hall.import_schedule(write_csv(tmp_path / "wangs.csv", rows, header=WITH_ID), "staff")
    assert result.leaders_added == 2
    (deputy, _, _), (chair, _, _) = leaders(hall)
    return deputy, chair


def test_two_leaders_of_one_name_keep_their_own_posts_days_and_queues(hall, service, two_wangs):
    deputy, chair = two_wangs
    assert leaders(hall) == [(deputy, "王伟", "副县长"), (chair, "王伟", "县政协副主席")]
    duty = {leader.leader_id: (leader.post, leader.place) for leader in hall.duty_leaders()}
    assert duty == {deputy: ("副县长", "第一接待室"), chair: ("县政协副主席", "第二接待室")}
    assert [d.leader_id for d in hall.reception_days("2026-11-26", 1)] == [deputy]
    # Walk-ins asking for each: the display's waiting line tells the two queues apart.
    hall.check_in(CheckInRequest(lead=visitor(1), service="A", requested_leader_id=deputy))
    first = hall.find_ticket("A001")
    hall.transfer(first.id, f"leader:{deputy}", "staff")
    hall.check_in(CheckInRequest(lead=visitor(2), service="A", requested_leader_id=chair))
    hall.transfer(hall.find_ticket("A002").id, f"leader:{chair}", "staff")
    waiting = dict(read_board(service, 3, 7).waiting)
    assert waiting["副县长王伟接访"] == 1 and waiting["县政协副主席王伟接访"] == 1


def test_a_sheet_without_numbers_cannot_pick_one_of_two_namesakes(hall, two_wangs, tmp_path):
    deputy, chair = two_wangs
    sheet = write_csv(tmp_path / "s.csv", [plain("2026-11-27", "王伟", "副县长")])
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(sheet, "staff")
    assert errors(caught) == [
        f"第 2 行 C 列「领导」：数据库中有 2 位名为 王伟 的领导：编号 {deputy}（副县长）、"
        f"编号 {chair}（县政协副主席），请在「领导编号」列（命令行 --leader-id）填写是哪一位"
    ]
    assert hall.reception_days("2026-11-27", 1) == []


def test_with_the_number_each_namesake_gets_their_own_day_and_booking(hall, two_wangs, tmp_path):
    deputy, chair = two_wangs
    rows = [row("2026-11-27", "王伟", str(chair), "县政协副主席", fields="文化旅游", place="第二接待室")]
    hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=WITH_ID), "staff")
    (day,) = hall.reception_days("2026-11-27", 1)
    assert day.leader_id == chair and day.post == "县政协副主席"
    booked = hall.book_appointment(chair, "2026-11-27", visitor(5), "staff")
    assert booked.reception.leader_id == chair
    assert hall.appointments_for(deputy, "2026-11-27") == []
    assert len(leaders(hall)) == 2


def test_a_stored_leader_with_another_post_is_not_silently_merged(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "a.csv", [plain("2026-11-25", "王伟", "副县长")]), "staff")
    (wang, _, _), = leaders(hall)
    # Next month's sheet has a 王伟 with another post: promoted, or another person?
    sheet = write_csv(tmp_path / "b.csv", [plain("2026-11-26", "王伟", "县政协副主席")])
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(sheet, "staff")
    (message,) = errors(caught)
    assert message.startswith("第 2 行 D 列「职务」：数据库中的王伟（编号 1）职务为“副县长”")
    assert f"改任请在「领导编号」列（命令行 --leader-id）填 {wang}" in message and "另一位同名领导请填“新”" in message
    assert leaders(hall) == [(wang, "王伟", "副县长")]  # the display still shows the right post
    assert hall.reception_days("2026-11-26", 1) == []


def test_a_promotion_with_the_number_keeps_the_leader_and_their_bookings(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "a.csv", [plain("2026-11-26", "王伟", "副县长")]), "staff")
    (wang, _, _), = leaders(hall)
    hall.book_appointment(wang, "2026-11-26", visitor(1), "staff")
    rows = [row("2026-11-26", "王伟", str(wang), "常务副县长")]
    hall.import_schedule(write_csv(tmp_path / "b.csv", rows, header=WITH_ID), "staff")
    assert leaders(hall) == [(wang, "王伟", "常务副县长")]
    assert len(hall.appointments_for(wang, "2026-11-26")) == 1


def test_a_renamed_leader_keeps_number_days_appointments_and_account(hall, service, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "a.csv", [
        plain("2026-11-25", "王建囯", "副县长"), plain("2026-11-26", "王建囯", "副县长"),
    ]), "staff")
    (wang, _, _), = leaders(hall)
    account = Accounts(hall.db, hall.clock).add("wjg", "Leader-pass-2026", "leader", "王建国", leader_id=wang)
    hall.book_appointment(wang, "2026-11-26", visitor(1), "staff")
    # The name was mistyped; the corrected sheet gives the number.
    rows = [row("2026-11-26", "王建国", str(wang), "副县长")]
    hall.import_schedule(write_csv(tmp_path / "b.csv", rows, header=WITH_ID), "staff")
    assert leaders(hall) == [(wang, "王建国", "副县长")]
    board = read_board(service, 3, 7)
    assert [leader.name for leader in board.duty] == ["王建国"]  # today's day, renamed too
    assert [day.leader_name for day in board.coming] == ["王建国"]  # one leader, not two
    assert len(hall.appointments_for(wang, "2026-11-26")) == 1
    assert hall.leader_named("王建国").id == wang
    with pytest.raises(NotFound):
        hall.leader_named("王建囯")
    assert Accounts(hall.db, hall.clock).get(account.username).leader_id == wang  # the leader logs in to the same queue


@pytest.mark.parametrize("value, message", [
    ("abc", "“abc”不对：应填已有领导的编号"),
    ("0", "“0”不对"),
    ("-1", "“-1”不对"),
    ("3.5", "“3.5”不对"),
    ("３", "“３”不对"),  # a full-width digit is not taken for a number
])
def test_a_bad_leader_number_is_named_by_row_and_column(hall, tmp_path, value, message):
    rows = [row("2026-11-25", "王伟", value, "副县长")]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=WITH_ID), "staff")
    (error,) = errors(caught)
    assert error.startswith("第 2 行 D 列「领导编号」：") and message in error
    assert leaders(hall) == []


def test_an_unknown_leader_number(hall, tmp_path):
    rows = [row("2026-11-25", "王伟", "99", "副县长")]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=WITH_ID), "staff")
    assert errors(caught) == ["第 2 行 D 列「领导编号」：没有编号为 99 的领导（reception schedule list 可查编号）"]
    assert leaders(hall) == []


def test_namesakes_in_one_sheet_without_numbers_get_a_hint(hall, tmp_path):
    rows = [plain("2026-11-25", "王伟", "副县长"), plain("2026-11-26", "王伟", "县政协副主席")]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    (error,) = errors(caught)
    assert error.startswith("第 3 行 D 列「职务」") and "请加一列「领导编号」区分" in error


def test_a_name_numbered_in_one_row_must_be_numbered_in_every_row(hall, tmp_path):
    rows = [row("2026-11-25", "王伟", "新", "副县长"), row("2026-11-26", "王伟", "", "副县长")]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=WITH_ID), "staff")
    assert errors(caught) == ["第 3 行 D 列「领导编号」：第 2 行的王伟填了领导编号：同名领导的每一行都须填写领导编号"]


def test_one_number_with_two_names_in_a_sheet(hall, two_wangs, tmp_path):
    deputy, _ = two_wangs
    rows = [row("2026-11-27", "王伟", str(deputy), "副县长"), row("2026-11-28", "王为", str(deputy), "副县长")]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=WITH_ID), "staff")
    (error,) = errors(caught)
    assert error.startswith("第 3 行 C 列「领导」") and "与第 2 行" in error


def test_the_same_leader_by_number_and_by_name_in_one_sheet(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "a.csv", [plain("2026-11-25", "赵卫东", "县长")]), "staff")
    (zhao, _, _), = leaders(hall)
    rows = [row("2026-11-26", "赵卫东", "", "县长"), row("2026-11-27", "赵卫栋", str(zhao), "县长")]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=WITH_ID), "staff")
    (error,) = errors(caught)
    assert error.startswith("第 3 行 C 列「领导」") and f"领导编号 {zhao}" in error


def test_staff_name_a_namesake_by_number(hall, two_wangs):
    deputy, chair = two_wangs
    with pytest.raises(InvalidInput) as caught:
        hall.leader_named("王伟")
    assert f"编号 {deputy}（副县长）" in str(caught.value) and f"--leader {deputy}" in str(caught.value)
    assert hall.leader_named(str(chair)).post == "县政协副主席"
    with pytest.raises(NotFound):
        hall.leader_named("999")


def test_the_cli_lists_numbers_and_takes_them(tmp_path):
    from datetime import timedelta

    db = str(tmp_path / "hall.db")
    today = hall_today()
    rows = [
        row(today.isoformat(), "王伟", "新", "副县长"),
        row((today + timedelta(days=1)).isoformat(), "王伟", "新", "县政协副主席", fields="文化旅游"),
    ]
    imported = run_cli("--db", db, "schedule", "import", str(write_csv(tmp_path / "s.csv", rows, header=WITH_ID)))
    assert imported.returncode == 0, imported.stderr
    listed = run_cli("--db", db, "schedule", "list", "--days", "3").stdout.splitlines()
    assert listed[0].split("\t")[3:5] == ["领导", "领导编号"]
    assert [line.split("\t")[3:6] for line in listed[1:]] == [["王伟", "1", "副县长"], ["王伟", "2", "县政协副主席"]]
    ambiguous = run_cli("--db", db, "appointment", "add", "--leader", "王伟", "--name", "张三", "--id-number", "11010519491231002X")
    assert ambiguous.returncode == 1 and "请改用编号指定，如 --leader 1" in ambiguous.stderr
    booked = run_cli("--db", db, "appointment", "add", "--leader", "1", "--name", "张三", "--id-number", "11010519491231002X")
    assert booked.returncode == 0 and "王伟" in booked.stdout, booked.stderr
    added = run_cli("--db", db, "schedule", "add", "--date", (today + timedelta(days=2)).isoformat(),
                    "--leader", "王伟", "--leader-id", "2", "--time", "9:00-11:00", "--place", "第二接待室",
                    "--mode", "预约", "--quota", "3")
    assert added.returncode == 0, added.stderr
    listed = run_cli("--db", db, "schedule", "list", "--days", "3").stdout.splitlines()
    assert listed[3].split("\t")[3:6] == ["王伟", "2", "县政协副主席"]
    bad = run_cli("--db", db, "schedule", "add", "--date", today.isoformat(), "--leader", "王伟",
                  "--leader-id", "x", "--time", "9:00-11:00", "--place", "室", "--mode", "预约", "--quota", "3")
    assert bad.returncode == 1 and "「领导编号」" in bad.stderr


def test_an_xlsx_number_cell_names_the_leader(hall, two_wangs, tmp_path):
    from tests.schedule.sheets import write_xlsx

    deputy, chair = two_wangs
    rows = [
        row("2026-11-27", "王伟", chair, "县政协副主席", fields="文化旅游"),  # a number cell
        row("2026-11-28", "王伟", float(deputy), "副县长"),  # a number cell Excel stored as 2.0
    ]
    hall.import_schedule(write_xlsx(tmp_path / "s.xlsx", rows, header=WITH_ID), "staff")
    assert [(d.day, d.leader_id) for d in hall.reception_days("2026-11-27", 2)] == [
        ("2026-11-27", chair), ("2026-11-28", deputy),
    ]
    bad = [row("2026-11-29", "王伟", 2.5, "副县长")]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_xlsx(tmp_path / "bad.xlsx", bad, header=WITH_ID), "staff")
    assert errors(caught)[0].startswith("第 2 行 D 列「领导编号」：")


def test_a_promoted_leader_in_a_years_sheet_is_one_error_not_one_per_row(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "a.csv", [plain("2026-11-25", "王伟", "副县长")]), "staff")
    rows = [plain(f"2026-12-{day:02d}", "王伟", "常务副县长") for day in range(1, 21)]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "year.csv", rows), "staff")
    (error,) = errors(caught)
    assert error.startswith("第 2 行 D 列「职务」") and error.endswith("（王伟另有 19 行，同样填写）")


def test_a_corrected_name_without_the_number_is_caught_not_doubled(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "a.csv", [plain("2026-11-26", "王建囯", "副县长")]), "staff")
    (wang, _, _), = leaders(hall)
    # The corrected sheet: same day, time and room, the name fixed, no number given.
    sheet = write_csv(tmp_path / "b.csv", [plain("2026-11-26", "王建国", "副县长")])
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(sheet, "staff")
    (error,) = errors(caught)
    assert error.startswith("第 2 行 C 列「领导」：2026-11-26 09:00 第一接待室 已安排 王建囯（编号 1）")
    assert f"请在「领导编号」列（命令行 --leader-id）填 {wang}" in error
    assert [d.leader_name for d in hall.reception_days("2026-11-26", 1)] == ["王建囯"]  # not two leaders


def test_another_leader_in_the_same_room_is_allowed_when_said_so(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "a.csv", [plain("2026-11-26", "王建国", "副县长")]), "staff")
    rows = [row("2026-11-26", "李红梅", "新", "县委常委")]  # a joint reception: explicitly a new leader
    hall.import_schedule(write_csv(tmp_path / "b.csv", rows, header=WITH_ID), "staff")
    assert [d.leader_name for d in hall.reception_days("2026-11-26", 1)] == ["李红梅", "王建国"]
    # A sheet that still names everyone stored in that room needs no number for a third leader.
    rows = [plain("2026-11-26", "王建国", "副县长"), plain("2026-11-26", "李红梅", "县委常委"),
            plain("2026-11-26", "赵卫东", "县长")]
    hall.import_schedule(write_csv(tmp_path / "c.csv", rows), "staff")
    assert len(hall.reception_days("2026-11-26", 1)) == 3


def test_the_cli_says_how_to_give_the_number(tmp_path):
    db = str(tmp_path / "hall.db")
    day = hall_today().isoformat()
    common = ["--date", day, "--time", "9:00-11:00", "--place", "第一接待室", "--mode", "定点", "--quota", "5"]
    assert run_cli("--db", db, "schedule", "add", "--leader", "王建囯", "--post", "副县长", *common).returncode == 0
    again = run_cli("--db", db, "schedule", "add", "--leader", "王建国", "--post", "副县长", *common)
    assert again.returncode == 1 and "--leader-id）填 1" in again.stderr, again.stderr
    fixed = run_cli("--db", db, "schedule", "add", "--leader", "王建国", "--leader-id", "1", "--post", "副县长", *common)
    assert fixed.returncode == 0, fixed.stderr
    listed = run_cli("--db", db, "schedule", "list", "--days", "1").stdout.splitlines()
    assert [line.split("\t")[3:5] for line in listed[1:]] == [["王建国", "1"]]
