"""Importing the year's reception-day schedule from the office's CSV or XLSX file."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from reception.queue.errors import InvalidInput
from reception.queue.schedule_input import ScheduleInvalid
from tests.helpers import visitor
from tests.schedule.sheets import HEADER, good_rows, write_csv, write_xlsx


def stored(hall):
    return hall.db.execute(
        "SELECT d.day, l.name, l.post, l.fields, d.start_time, d.end_time, d.place, d.mode, d.quota"
        " FROM reception_days d JOIN leaders l ON l.id = d.leader_id ORDER BY d.day, d.start_time"
    ).fetchall()


def counts(hall):
    return tuple(
        hall.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("leaders", "reception_days", "events")
    )


def test_good_csv_is_stored_as_published(hall, tmp_path):
    result = hall.import_schedule(write_csv(tmp_path / "s.csv", good_rows()), "staff")
    assert (result.added, result.updated, result.leaders_added) == (4, 0, 3)
    assert stored(hall)[0] == (
        "2026-11-25", "王建国", "副县长", "城乡建设、交通运输", "09:00", "11:30", "第一接待室", "定点", 3,
    )
    assert [duty.name for duty in hall.duty_leaders()] == ["王建国", "李红梅"]
    assert [r.day for r in hall.reception_days(days=7)] == [
        "2026-11-25", "2026-11-25", "2026-11-26", "2026-12-01",
    ]
    assert hall.db.execute(
        "SELECT action, detail FROM events ORDER BY id DESC LIMIT 1"
    ).fetchone()[0] == "schedule_import"


def test_reimporting_updates_in_place_and_keeps_appointments(hall, tmp_path):
    path = write_csv(tmp_path / "s.csv", good_rows())
    hall.import_schedule(path, "staff")
    wang = hall.duty_leaders()[0]
    booked = hall.book_appointment(wang.leader_id, "2026-11-25", visitor(1), "staff")
    rows = good_rows()
    rows[0][6] = "第三接待室"
    result = hall.import_schedule(write_csv(tmp_path / "s2.csv", rows), "staff")
    assert (result.added, result.updated, result.leaders_added) == (0, 4, 0)
    assert hall.get_appointment(booked.id).reception.place == "第三接待室"
    assert hall.duty_leaders()[0].left == 2


def test_xlsx_with_a_title_row_date_cells_and_numbers(hall, tmp_path):
    rows = good_rows()
    rows[0][0] = datetime(2026, 11, 25)  # a date cell
    rows[1][0] = date(2026, 11, 25)
    rows[2][8] = 10  # number cells
    rows[3][8] = 20.0
    path = write_xlsx(tmp_path / "s.xlsx", rows, title="2026年县领导信访接待日安排表")
    hall.import_schedule(path, "staff")
    assert [row[:2] for row in stored(hall)] == [
        ("2026-11-25", "王建国"), ("2026-11-25", "李红梅"), ("2026-11-26", "王建国"), ("2026-12-01", "赵卫东"),
    ]
    assert [row[-1] for row in stored(hall)] == [3, 2, 10, 20]


def test_xlsx_with_separate_start_and_end_time_cells(hall, tmp_path):
    header = ["序号", "日期", "领导", "职务", "分管领域", "开始时间", "结束时间", "地点", "方式", "限额（人）", "备注"]
    rows = [[1, "2026/11/25", "王建国", "副县长", "城乡建设", time(9, 0), time(11, 30), "第一接待室", "定点接访", 5, ""]]
    hall.import_schedule(write_xlsx(tmp_path / "s.xlsx", rows, header=header), "staff")
    assert stored(hall) == [("2026-11-25", "王建国", "副县长", "城乡建设", "09:00", "11:30", "第一接待室", "定点", 5)]


def test_csv_saved_by_chinese_excel_in_gbk(hall, tmp_path):
    path = write_csv(tmp_path / "s.csv", good_rows(), encoding="gbk")
    assert hall.import_schedule(path, "staff").added == 4
    assert stored(hall)[0][1] == "王建国"


@pytest.mark.parametrize(
    "typed, expected",
    [
        (("2026年11月25日", "9:00—11:30"), ("2026-11-25", "09:00", "11:30")),
        (("2026.11.25", "8:30～12:00"), ("2026-11-25", "08:30", "12:00")),
        (("2026/11/25", "下午2:30-5:00"), ("2026-11-25", "14:30", "17:00")),
        (("2026-11-25 00:00:00", "9时至11时30分"), ("2026-11-25", "09:00", "11:30")),
    ],
)
def test_dates_and_times_as_people_type_them(hall, tmp_path, typed, expected):
    row = good_rows()[0]
    row[0], row[5] = typed
    hall.import_schedule(write_csv(tmp_path / "s.csv", [row]), "staff")
    day, *_, start, end, _place, _mode, _quota = stored(hall)[0]
    assert (day, start, end) == expected


def test_blank_rows_and_unknown_columns_are_ignored(hall, tmp_path):
    header = [*HEADER, "备注"]
    rows = [[*row, "如遇会议顺延"] for row in good_rows()]
    rows.insert(2, [""] * len(header))
    rows.append(["", "", "", "", "", "", "", "", "", ""])
    assert hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=header), "staff").added == 4


# --------------------------------------------------------------- bad files


BAD_CELLS = [
    # (column index, value, column letter and header, message fragment)
    (0, "2026-02-30", "A 列「日期」", "不是有效的日期"),
    (0, "明天", "A 列「日期」", "不是日期"),
    (0, "", "A 列「日期」", "不能为空"),
    (1, "星期五", "B 列「星期」", "是星期四"),
    (2, "", "C 列「领导」", "不能为空"),
    (2, "王" * 31, "C 列「领导」", "过长"),
    (5, "11:30-09:00", "F 列「时间」", "应早于"),
    (5, "上午", "F 列「时间」", "开始-结束"),
    (5, "25:00-26:00", "F 列「时间」", "不是有效的时间"),
    (6, "", "G 列「地点」", "不能为空"),
    (7, "随机", "H 列「方式」", "应为 定点 或 预约"),
    (8, "十", "I 列「限额」", "不是人数"),
    (8, "0", "I 列「限额」", "1 到 200"),
    (8, "-3", "I 列「限额」", "不是人数"),
    (8, "", "I 列「限额」", "不能为空"),
    (3, "职" * 51, "D 列「职务」", "过长"),
    (4, "域" * 101, "E 列「分管领域」", "过长"),
    (6, "室" * 51, "G 列「地点」", "过长"),
    (7, "", "H 列「方式」", "空白不对"),
    (8, "2.5", "I 列「限额」", "不是人数"),
    (8, "201", "I 列「限额」", "1 到 200"),
]


@pytest.mark.parametrize(
    "kind, index, value, where, fragment",
    [
        (kind, *case)
        for kind in ("csv", "xlsx")
        for case in BAD_CELLS
    ],
)
def test_a_bad_cell_names_row_and_column_and_nothing_is_imported(hall, tmp_path, kind, index, value, where, fragment):
    rows = good_rows()
    rows[2][index] = value  # the sheet's row 4 (header is row 1)
    write = write_csv if kind == "csv" else write_xlsx
    before = counts(hall)
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write(tmp_path / f"s.{kind}", rows), "staff")
    assert [str(error) for error in caught.value.errors] == [
        f"第 4 行 {where}：{caught.value.errors[0].message}"
    ]
    assert fragment in caught.value.errors[0].message
    assert "未导入任何内容" in caught.value.message
    assert counts(hall) == before


def test_invisible_characters_in_a_cell_are_removed_not_refused(hall, tmp_path):
    """The one text policy (reception.queue.text); a cell with a control character
    used to stop the import, while the same name typed at the counter was kept."""
    rows = good_rows()
    rows[0][2] = "王\x07建\u200b国\x1b"
    rows[0][6] = "第一\u202e接待室"
    hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    names = sorted(row[0] for row in hall.db.execute("SELECT name FROM leaders").fetchall())
    places = {row[0] for row in hall.db.execute("SELECT place FROM reception_days").fetchall()}
    # Rows 1 and 3 name the same leader: one leader, not two.
    assert names == sorted(["王建国", "李红梅", "赵卫东"])
    assert "第一接待室" in places and not any("\u202e" in place for place in places)


def test_every_error_is_reported_not_just_the_first(hall, tmp_path):
    rows = good_rows()
    rows[0][0] = "2026-13-01"
    rows[1][8] = "很多"
    rows[3][7] = ""
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "日期"), (3, "限额"), (5, "方式")]
    assert counts(hall)[:2] == (0, 0)


def test_a_missing_column_is_named(hall, tmp_path):
    header = [h for h in HEADER if h != "限额"]
    rows = [row[:-1] for row in good_rows()]
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows, header=header), "staff")
    assert [str(e) for e in caught.value.errors] == ["第 1 行 「限额」：表头缺少此列"]


def test_a_sheet_without_a_header_row(hall, tmp_path):
    with pytest.raises(ScheduleInvalid, match="找不到表头"):
        hall.import_schedule(write_csv(tmp_path / "s.csv", good_rows(), header=None), "staff")


def test_an_empty_sheet(hall, tmp_path):
    with pytest.raises(ScheduleInvalid, match="没有任何接访日"):
        hall.import_schedule(write_csv(tmp_path / "s.csv", []), "staff")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ScheduleInvalid, match="找不到表头"):
        hall.import_schedule(tmp_path / "empty.csv", "staff")


def test_the_same_leader_twice_on_one_day(hall, tmp_path):
    rows = good_rows()
    rows.append(list(rows[0]))
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    assert [str(e) for e in caught.value.errors] == ["第 6 行 A 列「日期」：王建国 2026-11-25 与第 2 行重复"]


def test_one_leader_with_two_posts(hall, tmp_path):
    rows = good_rows()
    rows[2][3] = "县长"
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    assert [(e.row, e.letter, e.column) for e in caught.value.errors] == [(4, "D", "职务")]
    assert "与第 2 行" in caught.value.errors[0].message


def test_a_quota_below_the_places_already_taken_is_refused(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "s.csv", good_rows()), "staff")
    wang = hall.duty_leaders()[0]
    for n in (1, 2):
        hall.book_appointment(wang.leader_id, wang.day, visitor(n), "staff")
    rows = good_rows()
    rows[0][8] = "1"
    rows[0][6] = "别处"
    with pytest.raises(ScheduleInvalid) as caught:
        hall.import_schedule(write_csv(tmp_path / "s2.csv", rows), "staff")
    assert [str(e) for e in caught.value.errors] == [
        "第 2 行 I 列「限额」：王建国 2026-11-25 已有 2 人预约或取号，限额不能少于 2"
    ]
    assert hall.duty_leaders()[0].place == "第一接待室"  # nothing changed


def test_markup_in_a_leader_name_is_stored_as_text(hall, tmp_path):
    rows = good_rows()[:1]
    rows[0][2] = "[@click=app.quit]王[/]"
    hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    assert hall.duty_leaders()[0].name == "[@click=app.quit]王[/]"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("s.xlsx", b"not a zip at all", "不是有效的 XLSX"),
        ("s.txt", b"a,b", "只能导入 CSV 或 XLSX"),
        ("s.csv", b"\x00\x01\x02binary", "不是文本"),
    ],
)
def test_unreadable_files_are_refused_plainly(hall, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InvalidInput, match=message):
        hall.import_schedule(tmp_path / name, "staff")
    assert counts(hall)[:2] == (0, 0)


def test_a_missing_file(hall, tmp_path):
    with pytest.raises(InvalidInput, match="找不到文件"):
        hall.import_schedule(tmp_path / "nope.csv", "staff")


def test_progress_is_reported_for_a_large_file(hall, tmp_path):
    start = date(2026, 1, 1).toordinal()
    rows = []
    for n in range(1500):
        day = date.fromordinal(start + n // 5)
        rows.append([day.isoformat(), "", f"领导{n % 5}", "副县长", "", "09:00-11:30", "接待室", "定点", "10"])
    seen = []
    result = hall.import_schedule(
        write_xlsx(tmp_path / "big.xlsx", rows), "staff",
        progress=lambda phase, done, total: seen.append((phase, done, total)),
    )
    assert result.added == 1500
    phases = [phase for phase, *_ in seen]
    assert {"读取", "检查", "写入"} <= set(phases)
    assert ("写入", 1500, 1500) in seen and ("检查", 1500, 1500) in seen
