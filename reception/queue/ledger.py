"""The register of visits (信访登记台账; seed 003 第三条, seed 001): one row per visit.

`rows` reads a date range in visit order, in batches, so an export of a month
or a year streams without holding it. ID and phone numbers are masked with
the one masking rule (`persons.mask_doc_number`) unless the full register is
asked for; the export itself is audited by the caller (`LedgerDesk`).

答复 is the date of the written reply (书面答复, `visits.reply_at`, recorded when
a petition-channel matter is concluded: reception.queue.casework.matter).
渠道 is the visit's form (`visits.form`, always 来访 for a hall visit: the
national system's 来信 / 来访 / 网上 channel).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import sqlite_utils

from reception.queue.persons import mask_doc_number
from reception.queue.registration.form import ACCEPTED, STATUTORY

COLUMNS = (
    "登记日期", "案号", "姓名", "性别", "证件号码", "联系电话", "住址", "来访人数", "代表人数",
    "来访形式", "渠道", "问题类别", "诉求摘要", "重复访", "越级访", "处理结果", "去向单位",
    "告知日期", "办理期限", "办结日期", "答复", "满意度", "接待人", "接访领导",
)
# Columns whose values are dates (a `date`, or None), for a sheet's date cells.
DATE_COLUMNS = frozenset({"登记日期", "告知日期", "办理期限", "办结日期", "答复"})
# Rough character widths for a sheet (a Chinese character counts two).
WIDTHS = {
    "登记日期": 12, "案号": 22, "姓名": 10, "性别": 6, "证件号码": 21, "联系电话": 14, "住址": 30,
    "来访人数": 9, "代表人数": 9, "来访形式": 9, "渠道": 7, "问题类别": 20, "诉求摘要": 50,
    "重复访": 7, "越级访": 7, "处理结果": 24, "去向单位": 22, "告知日期": 12, "办理期限": 12,
    "办结日期": 12, "答复": 10, "满意度": 9, "接待人": 14, "接访领导": 12,
}
NOT_REGISTERED = "未登记"

_SQL = """
SELECT v.id, v.hall_day, v.case_number, p.name, p.gender, p.doc_number, p.phone, p.address,
       coalesce(v.people_involved, v.group_size), coalesce(v.speakers, v.representative_count),
       v.is_group, v.form, v.category, v.summary, v.request, v.is_repeat, v.skip_level,
       v.registered_at, v.outcome, v.handling, v.statutory_channel, v.department,
       v.notified_at, v.handle_deadline, v.concluded_at, v.reply_at, v.satisfaction, v.registered_by,
       (SELECT group_concat(l.name, '、') FROM talks t JOIN leaders l ON l.id = t.leader_id
         WHERE t.visit_id = v.id),
       (SELECT l.name FROM leaders l WHERE l.id = v.requested_leader_id)
FROM visits v
LEFT JOIN visit_people vp ON vp.visit_id = v.id AND vp.role = 'lead'
LEFT JOIN persons p ON p.id = vp.person_id
WHERE v.hall_day BETWEEN ? AND ?
ORDER BY v.hall_day, v.id
"""


def count(db: sqlite_utils.Database, first: date, last: date) -> int:
    (found,) = db.execute(
        "SELECT count(*) FROM visits WHERE hall_day BETWEEN ? AND ?", (first.isoformat(), last.isoformat())
    ).fetchone()
    return found


def rows(db: sqlite_utils.Database, first: date, last: date, *, full: bool = False) -> Iterator[tuple]:
    """The register's rows (values in `COLUMNS` order) for visits from `first` to `last`."""
    # The cursor streams: a year's register is never held in memory at once.
    for row in db.execute(_SQL, (first.isoformat(), last.isoformat())):
        yield _row(row, full)


def _row(row: tuple, full: bool) -> tuple:
    (
        _id, hall_day, case_number, name, gender, doc_number, phone, address, involved, speakers,
        is_group, form, category, summary, request, is_repeat, skip_level, registered_at, outcome,
        handling, channel, department, notified_at, handle_deadline, concluded_at, reply_at, satisfaction,
        registered_by, talk_leaders, asked_leader,
    ) = row
    show = (lambda value: value or "") if full else mask_doc_number
    return (
        date.fromisoformat(hall_day),
        case_number or "",
        name or "",
        gender or "",
        show(doc_number),
        show(phone),
        address or "",
        involved,
        speakers,
        "集访" if is_group else "个访",
        form,
        category,
        summary_of(summary, request),
        "是" if is_repeat else "",
        "是" if skip_level else "",
        outcome_text(outcome, handling, channel) if registered_at else NOT_REGISTERED,
        department or channel or "",
        _day(notified_at),
        _day(handle_deadline),
        _day(concluded_at),
        _day(reply_at),
        satisfaction,
        registered_by or "",
        talk_leaders or asked_leader or "",
    )


def summary_of(summary: str, request: str) -> str:
    if summary and request:
        return f"{summary}；诉求：{request}"
    return summary or request


def outcome_text(outcome: str, handling: str, channel: str) -> str:
    if outcome == ACCEPTED and handling:
        return f"{outcome}（{handling}）"
    if outcome == STATUTORY and channel:
        return f"{outcome}（{channel}）"
    return outcome


def _day(value: str | None) -> date | None:
    """The hall date of a stored date or local time stamp (its first ten characters)."""
    return date.fromisoformat(value[:10]) if value else None
