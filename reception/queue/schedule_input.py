"""Checking a reception-day schedule as offices type it.

Offices keep the year's schedule in a spreadsheet, one row per reception day
(日期, 星期, 领导, 职务, 分管领域, 时间, 地点, 方式, 限额). People type dates and times
in many ways; this module accepts the common ones and, for anything else,
names the row, the column and what is wrong, in Chinese, so the person who
keeps the sheet can fix it without help. It checks every row and reports
every error: fixing a sheet one error per attempt is misery.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from reception.queue.errors import InvalidInput
from reception.queue.schedule import MODES, ScheduleEntry
from reception.queue.text import normalise

MAX_QUOTA = 200
MAX_TEXT = {"leader": 30, "post": 50, "fields": 100, "place": 50}

# Column keys and the headers offices use for them (after normalising).
HEADERS: dict[str, tuple[str, ...]] = {
    "day": ("日期", "接访日期", "接待日期", "接访日"),
    "weekday": ("星期",),
    "leader": ("领导", "接访领导", "领导姓名", "接访领导姓名", "姓名"),
    "leader_id": ("领导编号",),
    "post": ("职务", "领导职务"),
    "fields": ("分管领域", "分管工作", "分管范围"),
    "time": ("时间", "接访时间", "接待时间"),
    "start": ("开始时间",),
    "end": ("结束时间",),
    "place": ("地点", "接访地点", "接待地点"),
    "mode": ("方式", "接访方式", "接待方式"),
    "quota": ("限额", "每日限额", "名额", "接待限额", "限额人数"),
}
# What a person sees named in errors for each key.
LABELS = {
    "day": "日期",
    "weekday": "星期",
    "leader": "领导",
    "leader_id": "领导编号",
    "post": "职务",
    "fields": "分管领域",
    "time": "时间",
    "start": "开始时间",
    "end": "结束时间",
    "place": "地点",
    "mode": "方式",
    "quota": "限额",
}
REQUIRED = ("day", "leader", "post", "fields", "place", "mode", "quota")
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True)
class CellError:
    """One problem, located as a person finds it in the sheet."""

    row: int | None  # the sheet's row number; None for a single entry (CLI)
    column: str  # the header as in the file, or the field's name
    message: str
    letter: str = ""  # spreadsheet column letter, when known

    def __str__(self) -> str:
        where = f"第 {self.row} 行 " if self.row is not None else ""
        column = f"{self.letter} 列「{self.column}」" if self.letter else f"「{self.column}」"
        return f"{where}{column}：{self.message}"


class ScheduleInvalid(InvalidInput):
    """The schedule has errors; nothing was stored. `errors` lists them all."""

    SHOWN = 30

    def __init__(self, errors: Sequence[CellError], what: str = "接访日安排", undone: str = "未导入任何内容"):
        self.errors = list(errors)
        lines = [str(error) for error in self.errors[: self.SHOWN]]
        if len(self.errors) > self.SHOWN:
            lines.append(f"……另有 {len(self.errors) - self.SHOWN} 处错误")
        super().__init__(f"{what}有 {len(self.errors)} 处错误，{undone}：\n" + "\n".join(lines))


# ---------------------------------------------------------------- single cells


def parse_day(value: Any) -> str:
    """A date as typed or as a spreadsheet cell; returns YYYY-MM-DD."""
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell that lost its format is Excel's day count from 1899-12-30.
        if not 36526 <= value <= 73051:  # 2000-01-01 .. 2099-12-31
            raise ValueError(f"“{_show(value)}”不是日期，请写成 2026-03-02 这样")
        found = date(1899, 12, 30) + timedelta(days=int(value))
    else:
        text = _clean(value)
        if not text:
            raise ValueError("不能为空")
        match = _DATE.fullmatch(text)
        if match is None:
            raise ValueError(f"“{_show(text)}”不是日期，请写成 2026-03-02 这样")
        year, month, day = (int(part) for part in match.groups())
        try:
            found = date(year, month, day)
        except ValueError:
            raise ValueError(f"“{_show(text)}”不是有效的日期") from None
    if not 2000 <= found.year <= 2099:
        raise ValueError(f"年份 {found.year} 不对，请检查")
    return found.isoformat()


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:0{2}(?::0{2})?)?")


def parse_time(value: Any) -> str:
    """A time of day (9:00, 09:30, 9时30分, a time cell); returns HH:MM."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and 0 <= value < 1:  # a time cell as a fraction of a day
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = _clean(value)
    if not text:
        raise ValueError("不能为空")
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"“{_show(text)}”不是时间，请写成 09:00 这样")
    noon, hour, minute = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if noon == "下午" and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise ValueError(f"“{_show(text)}”不是有效的时间")
    return f"{hour:02d}:{minute:02d}"


_TIME = re.compile(r"(上午|下午)?\s*(\d{1,2})\s*(?:[:：时点]\s*(\d{1,2})?\s*分?(?::\d{2})?)?")
_RANGE_SPLIT = re.compile(r"\s*(?:——|—|–|－|-|~|～|至|到)\s*")


def parse_time_range(value: Any) -> tuple[str, str]:
    """"09:00-11:30" (also —, ～, 至, 到); the start must come before the end."""
    text = _clean(value)
    if not text:
        raise ValueError("不能为空")
    parts = [part for part in _RANGE_SPLIT.split(text) if part]
    if len(parts) != 2:
        raise ValueError(f"“{_show(text)}”应写成 开始-结束，如 09:00-11:30")
    start, end = (parse_time(part) for part in parts)
    if parts[0].startswith("下午") and not parts[1].startswith(("上午", "下午")):
        end = parse_time("下午" + parts[1])
    check_order(start, end)
    return start, end


def check_order(start: str, end: str) -> None:
    if start >= end:
        raise ValueError(f"开始时间 {start} 应早于结束时间 {end}")


def parse_mode(value: Any) -> str:
    text = _clean(value).removesuffix("接访").removesuffix("接待")
    if text not in MODES:
        shown = f"“{_show(_clean(value))}”" if _clean(value) else "空白"
        raise ValueError(f"{shown}不对，应为 {' 或 '.join(MODES)}")
    return text


def parse_quota(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("应为人数")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _clean(value).removesuffix("人")
        if not text:
            raise ValueError("不能为空，请填写当天最多接待的人数")
        if not text.isdecimal() or not text.isascii():
            raise ValueError(f"“{_show(_clean(value))}”不是人数，请填写整数，如 10")
        number = int(text)
    if not 1 <= number <= MAX_QUOTA:
        raise ValueError(f"应在 1 到 {MAX_QUOTA} 之间，实际是 {number}")
    return number


NEW_LEADER = ("新", "新增")


def parse_leader_id(value: Any) -> int | str | None:
    """The optional 领导编号: a stored leader's number, "新" for a new leader
    who shares a stored leader's name, or blank (the leader is found by name)."""
    if isinstance(value, bool):
        raise ValueError(_LEADER_ID_HELP)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _clean(value)
        if not text:
            return None
        if text in NEW_LEADER:
            return NEW_LEADER[0]
        if not text.isdecimal() or not text.isascii():
            raise ValueError(f"“{_show(text)}”不对：{_LEADER_ID_HELP}")
        number = int(text)
    if number < 1:
        raise ValueError(f"“{number}”不对：{_LEADER_ID_HELP}")
    return number


_LEADER_ID_HELP = "应填已有领导的编号（reception schedule list 可查），或填“新”表示另一位同名的新领导，或留空"


def parse_text(value: Any, key: str, required: bool) -> str:
    text = _clean(value)
    if required and not text:
        raise ValueError("不能为空")
    limit = MAX_TEXT[key]
    if len(text) > limit:
        raise ValueError(f"过长（最多 {limit} 字，实际 {len(text)} 字）")
    return text


def _clean(value: Any) -> str:
    """Cell text as one line under the text policy (reception.queue.text):
    invisible characters removed, whitespace collapsed."""
    return normalise(value)


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:20] + "…"


# ---------------------------------------------------------------- whole entries


def entry_from_fields(fields: dict[str, Any], row: int | None = None) -> tuple[ScheduleEntry | None, list[CellError]]:
    """Check one reception day given as {key: raw value}; keys as in HEADERS.

    Returns the entry, or None and every error found in it.
    """
    errors: list[CellError] = []
    values: dict[str, Any] = {}

    def take(key: str, parse: Callable[[Any], Any], column: str | None = None) -> None:
        try:
            values[key] = parse(fields.get(key))
        except ValueError as exc:
            errors.append(CellError(row, column or LABELS[key], str(exc)))

    take("day", parse_day)
    take("leader", lambda v: parse_text(v, "leader", required=True))
    take("leader_id", parse_leader_id)
    take("post", lambda v: parse_text(v, "post", required=False))
    take("fields", lambda v: parse_text(v, "fields", required=False))
    if "time" in fields:
        take("time", parse_time_range)
    else:
        take("start", parse_time)
        take("end", parse_time)
        if "start" in values and "end" in values:
            try:
                check_order(values["start"], values["end"])
            except ValueError as exc:
                errors.append(CellError(row, LABELS["end"], str(exc)))
            else:
                values["time"] = (values["start"], values["end"])
    take("place", lambda v: parse_text(v, "place", required=True))
    take("mode", parse_mode)
    take("quota", parse_quota)
    if "day" in values and _clean_or_none(fields.get("weekday")):
        said = _clean(fields["weekday"]).replace("周", "星期").replace("星期天", "星期日")
        actual = WEEKDAYS[date.fromisoformat(values["day"]).weekday()]
        if said != actual:
            errors.append(CellError(
                row, LABELS["weekday"],
                f"{values['day']} 是{actual}，与填写的“{_show(_clean(fields['weekday']))}”不符，请核对日期",
            ))
    if errors:
        return None, errors
    start, end = values["time"]
    return ScheduleEntry(
        day=values["day"],
        leader_name=values["leader"],
        leader_id=values["leader_id"] if isinstance(values["leader_id"], int) else None,
        new_leader=values["leader_id"] == NEW_LEADER[0],
        post=values["post"],
        fields=values["fields"],
        start_time=start,
        end_time=end,
        place=values["place"],
        mode=values["mode"],
        quota=values["quota"],
        row=row,
    ), []


def _clean_or_none(value: Any) -> str | None:
    try:
        return _clean(value) or None
    except ValueError:
        return None


# ---------------------------------------------------------------- whole tables


@dataclass(frozen=True)
class Header:
    row: int
    columns: dict[str, int]  # key -> 0-based index
    titles: dict[str, str]  # key -> the header text as written

    def locate(self, error: CellError, key_by_label: dict[str, str]) -> CellError:
        """Give an error the file's own header text and the column letter."""
        key = key_by_label.get(error.column)
        if key is None or key not in self.columns:
            if error.column == LABELS["time"] and "start" in self.columns:
                key = "start"
            else:
                return error
        index = self.columns[key]
        return CellError(error.row, self.titles[key], error.message, column_letter(index))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def normalise_header(value: Any) -> str:
    text = "".join(str(value or "").split())
    text = re.sub(r"[（(].*?[)）]", "", text)  # 限额（人） -> 限额
    return text.rstrip(":：*")


_KEY_BY_HEADER = {alias: key for key, aliases in HEADERS.items() for alias in aliases}


def find_header(rows: Sequence[tuple[int, Sequence[Any]]]) -> tuple[Header | None, list[CellError]]:
    """The header row among the first rows; errors when missing or incomplete."""
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        keys = [_KEY_BY_HEADER.get(normalise_header(cell)) for cell in cells]
        if "day" not in keys or "leader" not in keys:
            continue
        columns: dict[str, int] = {}
        titles: dict[str, str] = {}
        errors: list[CellError] = []
        for index, key in enumerate(keys):
            if key is None:
                continue
            if key in columns:
                errors.append(CellError(number, str(cells[index]).strip(),
                                        f"与 {column_letter(columns[key])} 列重复", column_letter(index)))
                continue
            columns[key] = index
            titles[key] = " ".join(str(cells[index]).split())
        missing = [key for key in REQUIRED if key not in columns]
        if "time" not in columns and not {"start", "end"} <= columns.keys():
            missing.append("time")
        if "time" in columns and ({"start", "end"} & columns.keys()):
            errors.append(CellError(number, LABELS["time"], "请只用“时间”一列，或只用“开始时间”“结束时间”两列"))
        for key in missing:
            errors.append(CellError(number, LABELS[key], "表头缺少此列"))
        return Header(number, columns, titles), errors
    expected = "、".join(LABELS[key] for key in (*REQUIRED[:5], "time", *REQUIRED[5:]))
    first = rows[0][0] if rows else 1
    return None, [CellError(first, "表头", f"找不到表头；第一行应为列名：{expected}")]


@dataclass(frozen=True)
class Sheet:
    """A checked sheet: the entries are usable only when `errors` is empty."""

    header: Header | None
    entries: list[ScheduleEntry]
    errors: list[CellError]

    def locate(self, error: CellError) -> CellError:
        if self.header is None:
            return error
        return self.header.locate(error, _KEY_BY_LABEL)


_KEY_BY_LABEL = {label: key for key, label in LABELS.items()}


def check_sheet(
    rows: Sequence[tuple[int, Sequence[Any]]],
    progress: Callable[[int, int], None] | None = None,
) -> Sheet:
    """Check every row of a sheet and the rules between rows."""
    header, errors = find_header(rows)
    if header is None or errors:  # without every column, each row would repeat it
        return Sheet(header, [], errors)
    data = [(number, cells) for number, cells in rows if number > header.row]
    entries: list[ScheduleEntry] = []
    for done, (number, cells) in enumerate(data, start=1):
        if progress is not None and (done % 200 == 0 or done == len(data)):
            progress(done, len(data))
        if all(_blank(cell) for cell in cells):
            continue  # spreadsheets end in blank rows
        fields = {
            key: cells[index] if index < len(cells) else None
            for key, index in header.columns.items()
        }
        entry, found = entry_from_fields(fields, number)
        errors.extend(header.locate(error, _KEY_BY_LABEL) for error in found)
        if entry is not None:
            entries.append(entry)
    if not entries and not errors:
        errors.append(CellError(header.row + 1, "表格", "表头下面没有任何接访日"))
    errors.extend(header.locate(error, _KEY_BY_LABEL) for error in cross_row_errors(entries))
    return Sheet(header, entries, sort_errors(errors))


def sort_errors(errors: Iterable[CellError]) -> list[CellError]:
    return sorted(errors, key=lambda error: error.row or 0)


def cross_row_errors(entries: Iterable[ScheduleEntry]) -> list[CellError]:
    """Rules between rows: one row per leader and day; one name, post and fields per leader.

    A row names its leader by 领导编号 when it has one, else by name; two
    leaders of one name must both be told apart by 领导编号 in every row.
    """
    entries = list(entries)
    errors: list[CellError] = []
    numbered: dict[str, int | None] = {}  # name -> first row that gives a 领导编号 (or 新) for it
    for entry in entries:
        if entry.leader_id is not None or entry.new_leader:
            numbered.setdefault(entry.leader_name, entry.row)
    seen_day: dict[tuple, int | None] = {}
    seen: dict[str, dict[tuple, tuple[str, int | None]]] = {"leader": {}, "post": {}, "fields": {}}
    for entry in entries:
        key = entry.identity
        if key[0] == "name" and entry.leader_name in numbered:
            errors.append(CellError(
                entry.row, LABELS["leader_id"],
                f"第 {numbered[entry.leader_name]} 行的{entry.leader_name}填了领导编号：同名领导的每一行都须填写领导编号",
            ))
            continue
        if (key, entry.day) in seen_day:
            errors.append(CellError(entry.row, LABELS["day"],
                                    f"{entry.leader_name} {entry.day} 与第 {seen_day[key, entry.day]} 行重复"))
        else:
            seen_day[key, entry.day] = entry.row
        for label, value in (("leader", entry.leader_name), ("post", entry.post), ("fields", entry.fields)):
            if not value:
                continue
            first = seen[label].setdefault(key, (value, entry.row))
            if first[0] != value:
                hint = ""
                if key[0] == "name" and label == "post":
                    hint = "；若是两位同名领导，请加一列「领导编号」区分（已有领导填编号，新领导填“新”）"
                errors.append(CellError(
                    entry.row, LABELS[label],
                    f"{entry.leader_name}的{LABELS[label]}“{_show(value)}”与第 {first[1]} 行的“{_show(first[0])}”不一致{hint}",
                ))
    return errors


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
