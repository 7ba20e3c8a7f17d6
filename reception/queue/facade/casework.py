"""The case after the counter (issue 13): letters delivered, extension, the reply,
包案, and the one 督办 list with its 催办. Rules: `reception.queue.casework` and
`reception.queue.supervision`."""

from __future__ import annotations

from reception.queue import supervision
from reception.queue.accounts import User
from reception.queue.casework.baoan import Baoan, BaoanDesk
from reception.queue.casework.matter import CaseFile, Delivery, Matters
from reception.queue.deadlines import EXTENSION_DAYS
from reception.queue.facade.base import ServicePart
from reception.queue.registration import Registration
from reception.queue.store.failures import translate_errors


@translate_errors
class CaseWork(ServicePart):
    @property
    def _matters(self) -> Matters:
        return Matters(self._db, self.clock)

    @property
    def _baoan(self) -> BaoanDesk:
        return BaoanDesk(self._db, self.clock)

    # ------------------------------------------------------------------ the case and its letters

    def visit_of_case(self, case_number: str) -> int:
        """The visit carrying the case number (信访件编号)."""
        return self._matters.visit_of_case(case_number)

    def case_file(self, visit_id: int) -> CaseFile:
        return self._matters.case_file(visit_id)

    def case_document(self, visit_id: int, kind: str) -> CaseFile:
        """The case for the letter `kind`; refused when the case has no such decision."""
        return self._matters.document(visit_id, kind)

    def record_delivery(
        self, visit_id: int, kind: str, method: str, actor: str, delivered_on: str = "", note: str = ""
    ) -> Delivery:
        return self._matters.record_delivery(visit_id, kind, method, actor, delivered_on, note)

    def mark_notified(self, visit_id: int, actor: str) -> Registration:
        self._matters.mark_notified(visit_id, actor)
        return self._registrations.get(visit_id)

    def extend_deadline(
        self, visit_id: int, reason: str, actor: str, days: int = EXTENSION_DAYS
    ) -> Registration:
        """Only an account with the 负责人 flag (`actor`), a reason, at most 30 days, once."""
        self._matters.extend(visit_id, reason, actor, days)
        return self._registrations.get(visit_id)

    def conclude(
        self, visit_id: int, actor: str, reply: str = "", approver: str = "", replied_on: str = ""
    ) -> Registration:
        """Conclude a petition-channel matter with its 答复意见, approving leader and date."""
        self._matters.conclude(visit_id, actor, reply, approver, replied_on)
        return self._registrations.get(visit_id)

    def set_approver(self, username: str, approver: bool, actor: str) -> User:
        """Grant or withdraw the 负责人 flag (approves extensions)."""
        return self._accounts.set_approver(username, approver, actor)

    # ------------------------------------------------------------------ 包案

    def assign_baoan(
        self, visit_id: int, leader_id: int, unit: str, measures: str, due_date: str, actor: str
    ) -> Baoan:
        return self._baoan.assign(visit_id, leader_id, unit, measures, due_date, actor)

    def close_baoan(self, baoan_id: int, result: str, actor: str, leader_id: int | None = None) -> Baoan:
        return self._baoan.close(baoan_id, result, actor, leader_id)

    def baoan_of_leader(self, leader_id: int, include_closed: bool = False) -> list[Baoan]:
        return self._baoan.of_leader(leader_id, include_closed)

    def baoan_of_visit(self, visit_id: int) -> list[Baoan]:
        return self._baoan.of_visit(visit_id)

    # ------------------------------------------------------------------ 督办

    def supervision_list(
        self, within_days: int | None = supervision.DEFAULT_WITHIN_DAYS, overdue_only: bool = False
    ) -> list[supervision.SupervisedMatter]:
        """Every open due date (告知, 办理, 批示, 包案) within `within_days` (None: all), overdue first."""
        return supervision.due(self._db, self.clock.today(), within_days, overdue_only)

    def remind(
        self, visit_id: int, kind: str, method: str, actor: str, ref_id: int | None = None, note: str = ""
    ) -> supervision.Reminder:
        """Record a 催办: who, when, how."""
        return supervision.remind(self._db, visit_id, kind, method, actor, self.clock.stamp(), ref_id, note)

    def reminders(self, visit_id: int) -> list[supervision.Reminder]:
        return supervision.reminders_of(self._db, visit_id)
