"""A matter after the counter: written notices delivered, extension, reply, conclusion.

Rules (DOMAIN.md, "The case after the counter"):
- Written notice and written reply (seed 000, 办件程序: 书面见告信访人; 答复建议经领导批阅后
  书面见告; seed 003, 四 第二条 1: 答复采用书面形式 … 报分管领导书面签订后): acceptance,
  non-acceptance, referral to a statutory channel, extension and the final reply are
  letters to the visitor, with the date and way they were delivered.
- Extension (seed 000: 时限可合适延伸,但需要向信访部门提交书面状况说明; 条例 Art. 34:
  经本机关负责人批准 … 延长期限不得超过30日,并告知信访人延期理由): a reason, an approver
  (an account with the 负责人 flag), at most 30 days, once; the 延期办理告知书 follows.
- Days are calendar days (条例 Arts. 23 and 34 say 日).

The letters themselves are laid out by `reception.exports.letters` from the
`CaseFile` read here; this module decides which letters a case has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from reception.queue import audit, deadlines
from reception.queue.clock import Clock
from reception.queue.errors import InvalidInput, NotFound, RuleViolation
from reception.queue.registration.form import ACCEPTED, ANSWERED, NOT_ACCEPTED, STATUTORY
from reception.queue.store.connection import inserted_id, write_transaction
from reception.queue.text import clean_text

ACCEPTANCE = "受理告知书"
REFUSAL = "不予受理告知书"
CHANNEL = "依法定途径处理告知书"
EXTENSION = "延期办理告知书"
REPLY = "答复意见书"
DOCUMENT_KINDS = (ACCEPTANCE, REFUSAL, CHANNEL, EXTENSION, REPLY)
DELIVERY_METHODS = ("当面", "邮寄", "短信", "其他")
MAX_REPLY = 4000
MAX_REASON = 500
MAX_NAME = 40
MAX_NOTE = 200

# The decision each letter announces, to name in a refusal.
_DECISION = {
    ACCEPTANCE: "受理",
    REFUSAL: "不予受理",
    CHANNEL: "依法定途径处理",
    EXTENSION: "延期办理",
    REPLY: "答复",
}


@dataclass(frozen=True)
class Delivery:
    id: int
    visit_id: int
    kind: str
    delivered_on: dt.date
    method: str
    note: str
    actor: str
    at: str


@dataclass(frozen=True)
class CaseFile:
    """What a letter about the matter carries, read in one place."""

    visit_id: int
    case_number: str
    hall_day: dt.date
    name: str
    summary: str
    request: str
    category: str
    outcome: str
    statutory_channel: str
    handling: str
    department: str
    notify_deadline: dt.date | None
    handle_deadline: dt.date | None
    extended: bool
    extension_days: int | None
    extension_reason: str
    extension_approver: str
    extended_on: dt.date | None
    reply_text: str
    reply_approver: str
    reply_at: dt.date | None
    notified_at: str | None
    concluded_at: str | None
    deliveries: tuple[Delivery, ...] = ()

    @property
    def petition_channel(self) -> bool:
        """Accepted as a petition (信访途径受理) and handled, not answered on the spot."""
        return self.outcome == ACCEPTED and self.handling != ANSWERED

    def has_decision(self, kind: str) -> bool:
        """Whether the case has the decision the letter `kind` announces."""
        if kind == ACCEPTANCE:
            return self.outcome == ACCEPTED
        if kind == REFUSAL:
            return self.outcome == NOT_ACCEPTED
        if kind == CHANNEL:
            return self.outcome == STATUTORY
        if kind == EXTENSION:
            return self.extended
        if kind == REPLY:
            return self.reply_at is not None
        return False

    @property
    def document_kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind in DOCUMENT_KINDS if self.has_decision(kind))


class Matters:
    def __init__(self, db: sqlite_utils.Database, clock: Clock):
        self.db = db
        self.clock = clock

    # ------------------------------------------------------------------ reading

    def visit_of_case(self, case_number: str) -> int:
        """The visit carrying the case number (信访件编号)."""
        typed = clean_text(case_number, "登记编号", 40)
        row = self.db.execute("SELECT id FROM visits WHERE case_number = ?", (typed,)).fetchone()
        if row is None:
            raise NotFound(f"没有登记编号为 {typed} 的信访事项")
        return int(row[0])

    def case_file(self, visit_id: int) -> CaseFile:
        row = self.db.execute(
            "SELECT v.id, v.case_number, v.hall_day,"
            " coalesce((SELECT p.name FROM visit_people vp JOIN persons p ON p.id = vp.person_id"
            "   WHERE vp.visit_id = v.id ORDER BY vp.role = 'representative', p.id LIMIT 1), ''),"
            " v.summary, v.request, v.category, v.outcome, v.statutory_channel, v.handling,"
            " v.department, v.notify_deadline, v.handle_deadline, v.handle_extended,"
            " v.extension_days, v.extension_reason, v.extension_approver, v.extended_on,"
            " v.reply_text, v.reply_approver, v.reply_at, v.notified_at, v.concluded_at,"
            " v.registered_at FROM visits v WHERE v.id = ?",
            (visit_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {visit_id} 的来访记录")
        if row[23] is None or not row[1]:
            raise InvalidInput("该来访尚未登记，还不是信访事项")
        day = dt.date.fromisoformat
        return CaseFile(
            visit_id=row[0], case_number=row[1], hall_day=day(row[2]), name=row[3],
            summary=row[4] or "", request=row[5] or "", category=row[6] or "",
            outcome=row[7] or "", statutory_channel=row[8] or "", handling=row[9] or "",
            department=row[10] or "",
            notify_deadline=day(row[11]) if row[11] else None,
            handle_deadline=day(row[12]) if row[12] else None,
            extended=bool(row[13]), extension_days=row[14], extension_reason=row[15] or "",
            extension_approver=row[16] or "", extended_on=day(row[17]) if row[17] else None,
            reply_text=row[18] or "", reply_approver=row[19] or "",
            reply_at=day(row[20]) if row[20] else None,
            notified_at=row[21], concluded_at=row[22],
            deliveries=tuple(self.deliveries(visit_id)),
        )

    def document(self, visit_id: int, kind: str) -> CaseFile:
        """The case, for the letter `kind`; refused when the case has no such decision
        (seed 000, 办件程序: 书面见告信访人 — a letter tells a decision actually taken)."""
        if kind not in DOCUMENT_KINDS:
            raise InvalidInput(f"没有“{kind[:20]}”这种文书（可选：{' / '.join(DOCUMENT_KINDS)}）")
        case = self.case_file(visit_id)
        if not case.has_decision(kind):
            raise RuleViolation(
                f"{case.case_number} 没有{_DECISION[kind]}的决定，不能生成{kind}"
            )
        return case

    def deliveries(self, visit_id: int) -> list[Delivery]:
        return [
            Delivery(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), r[4], r[5], r[6], r[7])
            for r in self.db.execute(
                "SELECT id, visit_id, kind, delivered_on, method, note, actor, at"
                " FROM case_deliveries WHERE visit_id = ? ORDER BY delivered_on, id",
                (visit_id,),
            )
        ]

    # ------------------------------------------------------------------ writing

    def record_delivery(
        self, visit_id: int, kind: str, method: str, actor: str,
        delivered_on: str = "", note: str = "",
    ) -> Delivery:
        """A letter was delivered to the visitor (seed 000, 办件程序: 书面见告信访人):
        the date and the way (当面 / 邮寄 / 短信 / 其他) go into the case history. A
        delivered 受理告知书 meets the 15-day notice (条例 Art. 23)."""
        method = method.strip()
        if method not in DELIVERY_METHODS:
            raise InvalidInput(f"送达方式只能是 {' / '.join(DELIVERY_METHODS)}")
        note = clean_text(note, "送达备注", MAX_NOTE)
        with write_transaction(self.db):
            case = self.document(visit_id, kind)
            today = self.clock.today()
            on = parse_day(delivered_on, "送达日期") or today
            if on > today:
                raise InvalidInput(f"送达日期 {on.isoformat()} 晚于今天，请重新填写")
            if on < case.hall_day:
                raise InvalidInput(f"送达日期 {on.isoformat()} 早于来访日期 {case.hall_day.isoformat()}")
            stamp = self.clock.stamp()
            cursor = self.db.execute(
                "INSERT INTO case_deliveries (visit_id, kind, delivered_on, method, note, actor, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (visit_id, kind, on.isoformat(), method, note, actor, stamp),
            )
            if kind == ACCEPTANCE and case.notified_at is None:
                self.db.execute("UPDATE visits SET notified_at = ? WHERE id = ?", (stamp, visit_id))
                audit.record(self.db, actor, "visit.notified", f"visit:{visit_id}", {}, at=stamp)
            audit.record(
                self.db, actor, "case.delivered", f"visit:{visit_id}",
                {"kind": kind, "delivered_on": on.isoformat(), "method": method}, at=stamp,
            )
            return self.deliveries_by_id(inserted_id(cursor))

    def deliveries_by_id(self, delivery_id: int) -> Delivery:
        row = self.db.execute(
            "SELECT id, visit_id, kind, delivered_on, method, note, actor, at"
            " FROM case_deliveries WHERE id = ?", (delivery_id,),
        ).fetchone()
        return Delivery(row[0], row[1], row[2], dt.date.fromisoformat(row[3]), *row[4:])

    def mark_notified(self, visit_id: int, actor: str, method: str = "当面") -> CaseFile:
        """The visitor was told in writing that the matter is accepted (条例 Art. 23):
        the 受理告知书 recorded as delivered today."""
        case = self.case_file(visit_id)
        if case.notified_at is not None:
            raise InvalidInput("该事项已告知")
        self.record_delivery(visit_id, ACCEPTANCE, method, actor)
        return self.case_file(visit_id)

    def extend(self, visit_id: int, reason: str, actor: str, days: int = deadlines.EXTENSION_DAYS) -> CaseFile:
        """Extend the handling deadline (条例 Art. 34: 经本机关负责人批准,可以适当延长,但延长期限
        不得超过30日,并告知信访人延期理由; seed 000: 需要向信访部门提交书面状况说明): only an
        account with the 负责人 flag, with a written reason, at most 30 days, once. The
        case then has a 延期办理告知书 to deliver."""
        with write_transaction(self.db):
            self._check_approver_account(actor)
            case = self.case_file(visit_id)
            if case.handle_deadline is None or case.outcome != ACCEPTED:
                raise InvalidInput("只有已受理的信访事项才能延长办理期限")
            if case.concluded_at is not None:
                raise InvalidInput("该事项已办结，无需延期")
            reason = clean_text(reason, "延期理由", MAX_REASON, multiline=True)
            current = deadlines.Deadlines(
                received=case.hall_day,
                notify_by=case.notify_deadline or case.handle_deadline,
                handle_by=case.handle_deadline,
                extended=case.extended,
                extension_reason=case.extension_reason,
            )
            try:
                longer = deadlines.extend(current, reason, days)
            except deadlines.DeadlineError as exc:
                raise InvalidInput(exc.message) from None
            today = self.clock.today()
            self.db.execute(
                "UPDATE visits SET handle_deadline = ?, handle_extended = 1, extension_reason = ?,"
                " extension_days = ?, extension_approver = ?, extended_on = ? WHERE id = ?",
                (longer.handle_by.isoformat(), longer.extension_reason, days, actor,
                 today.isoformat(), visit_id),
            )
            audit.record(
                self.db, actor, "visit.extend", f"visit:{visit_id}",
                {"handle_deadline": [case.handle_deadline.isoformat(), longer.handle_by.isoformat()],
                 "days": days, "approver": actor},
                at=self.clock.stamp(),
            )
            return self.case_file(visit_id)

    def conclude(
        self, visit_id: int, actor: str, reply: str = "", approver: str = "", replied_on: str = "",
    ) -> CaseFile:
        """Conclude an accepted matter (办结). A petition-channel matter is concluded
        with its written reply (seed 003, 四 第二条 1: 答复采用书面形式 … 报分管领导书面签订后;
        seed 000: 答复建议经领导批阅后书面见告): the 答复意见 text, the approving leader
        and the date are recorded, and the case has a 答复意见书."""
        reply = clean_text(reply, "答复意见", MAX_REPLY, multiline=True)
        approver = clean_text(approver, "批准领导", MAX_NAME)
        with write_transaction(self.db):
            case = self.case_file(visit_id)
            if case.concluded_at is not None:
                raise InvalidInput("该事项已办结")
            if case.outcome != ACCEPTED:
                raise InvalidInput("只有受理为信访事项的事项需要办结答复")
            if not reply:
                raise InvalidInput("办结须填写答复意见（答复采用书面形式）")
            if not approver:
                raise InvalidInput("答复意见须经领导批准，请填写批准领导")
            self._check_known_approver(approver)
            today = self.clock.today()
            on = parse_day(replied_on, "答复日期") or today
            if on > today:
                raise InvalidInput(f"答复日期 {on.isoformat()} 晚于今天，请重新填写")
            if on < case.hall_day:
                raise InvalidInput(f"答复日期 {on.isoformat()} 早于来访日期 {case.hall_day.isoformat()}")
            stamp = self.clock.stamp()
            self.db.execute(
                "UPDATE visits SET reply_text = ?, reply_approver = ?, reply_at = ?, concluded_at = ?"
                " WHERE id = ?",
                (reply, approver, on.isoformat(), stamp, visit_id),
            )
            # The reply's text is the petition's own record, not copied into the log.
            audit.record(
                self.db, actor, "visit.concluded", f"visit:{visit_id}",
                {"reply_approver": approver, "reply_at": on.isoformat()}, at=stamp,
            )
            return self.case_file(visit_id)

    # ------------------------------------------------------------------ approvers

    def _check_approver_account(self, username: str) -> None:
        row = self.db.execute(
            "SELECT approver, active FROM users WHERE username = ?", (username,)
        ).fetchone()
        if row is None or not row[0] or not row[1]:
            raise RuleViolation(
                "延长办理期限须经本机关负责人批准：请由有负责人权限的账号操作（《信访工作条例》第三十四条）"
            )

    def _check_known_approver(self, name: str) -> None:
        """The approving leader is a leader of the office or a 负责人 account."""
        found = self.db.execute(
            "SELECT 1 FROM leaders WHERE name = ?"
            " UNION SELECT 1 FROM users WHERE approver = 1 AND active = 1"
            " AND (username = ? OR display_name = ?)",
            (name, name, name),
        ).fetchone()
        if found is None:
            raise InvalidInput(f"“{name}”不是接访领导或负责人账号，答复须经领导批准")


def parse_day(typed: str, label: str) -> dt.date | None:
    """YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日; None when empty."""
    text = (typed or "").strip()
    if not text:
        return None
    for mark in ("年", "月", "/", "."):
        text = text.replace(mark, "-")
    parts = text.replace("日", "").split("-")
    try:
        if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
            raise ValueError
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InvalidInput(f"{label}“{typed.strip()[:20]}”不是有效日期，请按 2026-12-10 的格式填写") from None
