"""Registering a visit in full at the counter (接访登记), and what follows it.

The kiosk stores who came and for what; the counter adds the matter itself
(locality, summary, request, speakers, people involved, skip-level, and why a
repeat or skip-level visit came), the outcome and the handling. On acceptance the statutory deadlines are computed
(reception.queue.deadlines) and stored, so the 督办 list and the visitor's
progress lookup read the same dates. Every change, and every opening of a
person's full record, goes to the audit log in the same transaction.
The form's rules and values (pure, no database) are in `registration.form`;
this module stores and reads them.

Outcomes (《信访工作条例》 Arts. 22-31):
- 不予受理: not accepted;
- 依法定途径处理: to be pursued through a statutory channel (诉讼 / 仲裁 / 行政复议);
- 受理为信访事项: accepted as a petition, handled by 当场答复 (answered on the
  spot, which also concludes it), 交办 / 转送 (to a named department) or 上报.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlite_utils

from reception.config import HallConfig
from reception.queue import audit, deadlines, drafts, matter_state, matters
from reception.queue.clock import Clock
from reception.queue.documents import clean_document
from reception.queue.errors import InvalidInput, NotFound, RuleViolation
from reception.queue.models import Person, Ticket
from reception.queue.persons import find_by_document, get_person
from reception.queue.registration.form import (
    ACCEPTED,
    ANSWERED,
    CHANNELS,
    HANDLINGS,
    MAX_PEOPLE,
    MULTILINE,
    NEEDS_DEPARTMENT,
    NEW_MATTER,
    NO_MORE,
    NOT_ACCEPTED,
    OUTCOMES,
    PERSON_FIELDS,
    PHONE_RULE,
    STATUTORY,
    TEXT_LABELS,
    TEXT_LIMITS,
    VISIT_FORMS,
    Draft,
    EarlierMatter,
    Registration,
    RegistrationForm,
    VisitPerson,
    audit_changes,
    case_number_for,
    clean_form,
    clean_person_field,
    phone_ok,
    reason_needed,
)
from reception.queue.store.connection import write_transaction

if TYPE_CHECKING:
    from reception.queue.casework.matter import Matters

__all__ = [
    "ACCEPTED",
    "ANSWERED",
    "CHANNELS",
    "HANDLINGS",
    "MAX_PEOPLE",
    "MULTILINE",
    "NEEDS_DEPARTMENT",
    "NEW_MATTER",
    "NO_MORE",
    "NOT_ACCEPTED",
    "OUTCOMES",
    "PERSON_FIELDS",
    "PHONE_RULE",
    "STATUTORY",
    "TEXT_LABELS",
    "TEXT_LIMITS",
    "VISIT_FORMS",
    "Draft",
    "EarlierMatter",
    "Registration",
    "RegistrationForm",
    "Registrations",
    "VisitPerson",
    "phone_ok",
    "reason_needed",
]


class Registrations:
    def __init__(self, db: sqlite_utils.Database, config: HallConfig, clock: Clock | None = None):
        self.db = db
        self.config = config
        self.clock = clock or Clock(config.tz)

    # ------------------------------------------------------------------ reading

    def get(self, visit_id: int) -> Registration:
        """The stored visit; before registration the form is prefilled from the kiosk."""
        row = self.db.execute(
            f"SELECT {_VISIT_COLUMNS} FROM visits WHERE id = ?", (visit_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {visit_id} 的来访记录")
        return self._registration(row)

    def open_record(self, visit_id: int, actor: str) -> Registration:
        """The full record for staff to read; the reading itself is audited."""
        registration = self.get(visit_id)
        audit.record(
            self.db, actor, "visit.open", f"visit:{visit_id}",
            {"persons": [entry.person.id for entry in registration.people]},
            at=self.clock.stamp(),
        )
        return registration

    def check_can_finish(self, ticket: Ticket) -> Registration:
        """Every visit ends in a recorded outcome (件件有着落): a ticket is finished,
        at a counter or by a duty leader, only once its visit is registered.
        Both front ends open the form with the key g, so the refusal names it."""
        registration = self.get(ticket.visit_id)
        if not registration.registered and registration.draft is not None:
            # A draft is not an outcome (DOMAIN.md "The case after the counter").
            raise RuleViolation(f"{ticket.number} 号只有登记草稿，请按 g 选择处理结果并保存后再结束接待")
        if not registration.registered:
            raise RuleViolation(f"{ticket.number} 号尚未登记，请先按 g 登记再结束接待")
        return registration

    # ------------------------------------------------------------------ registering

    def register(self, visit_id: int, form: RegistrationForm, actor: str) -> Registration:
        """Validate and store the registration; refusals are InvalidInput in Chinese."""
        with write_transaction(self.db):
            before = self.get(visit_id)
            linked = matters.resolve(before.earlier_matters, form.matter, form.outcome.strip())
            # 重复访 is a visit about the same matter (DOMAIN.md, "Repeat visits are
            # about a matter"): its reason is asked only then.
            clean = self._clean(form, replace(before, is_repeat=linked is not None))
            stamp = self.clock.stamp()
            values: dict[str, Any] = {
                "matter_visit_id": linked.visit_id if linked else None,
                "is_repeat": int(linked is not None),
                "conduct_note": clean.conduct,
                "form": clean.visit_form,
                "purpose": clean.purpose,
                "category": clean.category,
                "locality": clean.locality,
                "summary": clean.summary,
                "request": clean.request,
                "speakers": clean.speakers,
                "people_involved": clean.people_involved,
                "skip_level": int(clean.skip_level),
                "mark_reason": clean.reason,
                "outcome": clean.outcome,
                "statutory_channel": clean.statutory_channel,
                "handling": clean.handling,
                "department": clean.department,
                "case_number": clean.case_number or case_number_for(before.hall_day, visit_id),
                "registered_by": before.registered_by or actor,
                "registered_at": before.registered_at or stamp,
            }
            if clean.outcome == ACCEPTED:
                # Deadlines count from the visit day and are kept on re-registration,
                # with an extension granted earlier.
                if before.notify_deadline is None:
                    due = deadlines.compute(date.fromisoformat(before.hall_day))
                    values["notify_deadline"] = due.notify_by.isoformat()
                    values["handle_deadline"] = due.handle_by.isoformat()
                if clean.handling == ANSWERED:
                    values["notified_at"] = before.notified_at or stamp
                    values["concluded_at"] = before.concluded_at or stamp
                elif before.form.outcome != ACCEPTED or before.form.handling == ANSWERED:
                    # Newly open: the written notice and the handling are still to come.
                    values["notified_at"] = None
                    values["concluded_at"] = None
            else:
                # Not accepted / statutory channel: told on the spot, nothing to supervise.
                values.update(
                    notify_deadline=None, handle_deadline=None, handle_extended=0,
                    extension_reason="", notified_at=before.notified_at or stamp,
                    concluded_at=before.concluded_at or stamp,
                )
            assignments = ", ".join(f"{column} = :{column}" for column in values)  # our names
            try:
                self.db.execute(
                    f"UPDATE visits SET {assignments} WHERE id = :id", {**values, "id": visit_id}
                )
            except sqlite3.IntegrityError as exc:
                if "case_number" in str(exc):
                    raise InvalidInput("登记编号已被其他来访使用，请换一个") from None
                raise
            drafts.discard(self.db, visit_id)
            after = self.get(visit_id)
            audit.record(
                self.db, actor, "visit.register" if not before.registered else "visit.update",
                f"visit:{visit_id}", audit_changes(before, after), at=stamp,
            )
            return after

    def save(
        self,
        visit_id: int,
        form: RegistrationForm,
        actor: str,
        person_changes: dict[str, str] | None = None,
        document: tuple[str, str] | None = None,
    ) -> Registration:
        """What the counter's form does, all or nothing: correct the lead visitor's
        fields, match a hand-registered lead to a document, register the visit.
        A refusal of any part leaves all three as they were."""
        with write_transaction(self.db):
            lead = self.get(visit_id).lead
            if lead is not None and person_changes:
                self.update_person(lead.id, person_changes, actor)
            if lead is not None and document is not None:
                self.match_document(lead.id, document[0], document[1], actor)
            return self.register(visit_id, form, actor)

    def save_draft(
        self,
        visit_id: int,
        form: RegistrationForm,
        actor: str,
        person_changes: dict[str, str] | None = None,
        document: str = "",
    ) -> Registration:
        """Keep what was typed without an outcome (草稿; DOMAIN.md "The case after the
        counter", seed 000 做到当天存档): nothing is required, nothing is decided,
        and the visit still cannot end on it."""
        with write_transaction(self.db):
            before = self.get(visit_id)
            if before.registered:
                raise InvalidInput("该来访已登记，不能存为草稿：请直接保存修改")
            drafts.save(self.db, visit_id, form, person_changes, document, actor, self.clock.stamp())
            return self.get(visit_id)

    # Extension, notice and conclusion live in reception.queue.casework.matter (the
    # case after the counter, issue 13); these keep the old calls working.

    def extend(self, visit_id: int, reason: str, actor: str, days: int = deadlines.EXTENSION_DAYS) -> Registration:
        """Extend the handling deadline: see `casework.matter.Matters.extend`."""
        self._matters().extend(visit_id, reason, actor, days)
        return self.get(visit_id)

    def mark_notified(self, visit_id: int, actor: str) -> Registration:
        """The visitor was told in writing whether the matter is accepted (Art. 23)."""
        self._matters().mark_notified(visit_id, actor)
        return self.get(visit_id)

    def conclude(self, visit_id: int, actor: str, reply: str = "", approver: str = "") -> Registration:
        """Conclude with the written reply: see `casework.matter.Matters.conclude`."""
        self._matters().conclude(visit_id, actor, reply, approver)
        return self.get(visit_id)

    def _matters(self) -> Matters:
        # Imported here: casework.matter imports this package's form rules.
        from reception.queue.casework.matter import Matters

        return Matters(self.db, self.clock)

    # ------------------------------------------------------------------ people

    def update_person(self, person_id: int, changes: dict[str, str], actor: str) -> Person:
        """Correct or complete a person's fields (phone, work unit, ...)."""
        unknown = set(changes) - set(PERSON_FIELDS)
        if unknown:
            raise InvalidInput("只能修改姓名、性别、民族、出生日期、住址、联系电话、工作单位")
        with write_transaction(self.db):
            try:
                before = get_person(self.db, person_id)
            except KeyError:
                raise NotFound(f"没有编号为 {person_id} 的来访人") from None
            values = {key: clean_person_field(key, value) for key, value in changes.items()}
            values = {key: value for key, value in values.items() if value != getattr(before, key)}
            if values.get("birth_date") and values["birth_date"] > self.clock.today().isoformat():
                raise InvalidInput("出生日期不能晚于今天")
            if not values:
                return before
            stamp = self.clock.stamp()
            assignments = ", ".join(f"{key} = :{key}" for key in values)  # checked names
            self.db.execute(
                f"UPDATE persons SET {assignments}, updated_at = :stamp WHERE id = :id",
                {**values, "stamp": stamp, "id": person_id},
            )
            # Field names only: the values are the person's data, kept in one place.
            audit.record(self.db, actor, "person.update", f"person:{person_id}",
                         {"fields": sorted(values)}, at=stamp)
            return get_person(self.db, person_id)

    def match_document(self, person_id: int, doc_type: str, doc_number: str, actor: str) -> Person:
        """Give a person registered by hand (no document) their document.

        If someone with that document is already stored, this visitor is that
        person: their visits (and bookings) move over, empty fields are filled
        from the hand-made record, and the hand-made record is removed, so the
        history by document number finds every visit.
        """
        doc_type, doc_number = clean_document(doc_type, doc_number, self.clock.today())
        with write_transaction(self.db):
            try:
                hand = get_person(self.db, person_id)
            except KeyError:
                raise NotFound(f"没有编号为 {person_id} 的来访人") from None
            if hand.doc_number:
                raise InvalidInput("该来访人已有证件号码，不能再次匹配")
            stamp = self.clock.stamp()
            stored = find_by_document(self.db, doc_type, doc_number)
            if stored is None:
                self.db.execute(
                    "UPDATE persons SET doc_type = ?, doc_number = ?, updated_at = ? WHERE id = ?",
                    (doc_type, doc_number, stamp, person_id),
                )
                audit.record(self.db, actor, "person.match", f"person:{person_id}",
                             {"merged_into": None}, at=stamp)
                return get_person(self.db, person_id)
            if stored.name != hand.name:
                # One wrong digit must not join two people's records.
                raise InvalidInput(
                    f"该证件号码已登记在“{stored.name}”名下，与来访人“{hand.name}”不符，请核对证件"
                )
            self._merge(hand, stored, stamp)
            audit.record(self.db, actor, "person.match", f"person:{person_id}",
                         {"merged_into": stored.id}, at=stamp)
            return get_person(self.db, stored.id)

    def _merge(self, hand: Person, stored: Person, stamp: str) -> None:
        # A visit listing both records keeps the stored person's row only.
        self.db.execute(
            "DELETE FROM visit_people WHERE person_id = ? AND visit_id IN"
            " (SELECT visit_id FROM visit_people WHERE person_id = ?)",
            (hand.id, stored.id),
        )
        self.db.execute("UPDATE visit_people SET person_id = ? WHERE person_id = ?", (stored.id, hand.id))
        self.db.execute("UPDATE appointments SET person_id = ? WHERE person_id = ?", (stored.id, hand.id))
        fill = {
            key: getattr(hand, key)
            for key in PERSON_FIELDS
            if key != "name" and getattr(hand, key) and not getattr(stored, key)
        }
        if fill:
            assignments = ", ".join(f"{key} = :{key}" for key in fill)
            self.db.execute(
                f"UPDATE persons SET {assignments}, updated_at = :stamp WHERE id = :id",
                {**fill, "stamp": stamp, "id": stored.id},
            )
        self.db.execute("DELETE FROM persons WHERE id = ?", (hand.id,))

    # ------------------------------------------------------------------ internals

    def _clean(self, form: RegistrationForm, before: Registration) -> RegistrationForm:
        return clean_form(form, before, self.config)

    def _registration(self, row: tuple) -> Registration:
        (
            visit_id, hall_day, query_code, purpose, category, locality, summary, request,
            speakers, involved, skip_level, outcome, channel, handling, department, case_number,
            notify, handle, extended, extension_reason, registered_by, registered_at, notified_at,
            concluded_at, is_group, group_size, representative_count, is_repeat, earlier,
            last_visit_day, mark_reason, matter_visit_id, conduct_note, visit_form, handling_rating,
        ) = row
        people = tuple(
            VisitPerson(get_person(self.db, person_id), role)
            for person_id, role in self.db.execute(
                "SELECT person_id, role FROM visit_people WHERE visit_id = ?"
                " ORDER BY role = 'representative', person_id",
                (visit_id,),
            ).fetchall()
        )
        form = RegistrationForm(
            purpose=purpose,
            category=category,
            locality=locality,
            summary=summary,
            request=request,
            # Prefilled from the kiosk until staff register: speakers and group size.
            speakers=speakers if speakers is not None else representative_count,
            people_involved=involved if involved is not None else group_size,
            skip_level=bool(skip_level),
            reason=mark_reason,
            outcome=outcome,
            statutory_channel=channel,
            handling=handling,
            department=department,
            case_number=case_number or "",
            matter=self._matter_choice(matter_visit_id) if registered_at else "",
            conduct=conduct_note,
            visit_form=visit_form,
        )
        return Registration(
            visit_id=visit_id,
            hall_day=hall_day,
            query_code=query_code,
            form=form,
            people=people,
            is_group=bool(is_group),
            group_size=group_size,
            is_repeat=bool(is_repeat),
            earlier_visits=earlier,
            last_visit_day=last_visit_day,
            notify_deadline=date.fromisoformat(notify) if notify else None,
            handle_deadline=date.fromisoformat(handle) if handle else None,
            extended=bool(extended),
            extension_reason=extension_reason,
            registered_by=registered_by,
            registered_at=registered_at,
            notified_at=notified_at,
            concluded_at=concluded_at,
            matter_visit_id=matter_visit_id,
            matter_visits=matters.visits_about(self.db, matter_visit_id, visit_id) if matter_visit_id else 0,
            earlier_matters=matters.earlier_matters(self.db, visit_id),
            warnings=matters.warnings(self.db, visit_id),
            draft=None if registered_at else drafts.load(self.db, visit_id),
            matter_state=matter_state.state_of_visit(self.db, visit_id),
            handling_rating=handling_rating,
        )

    def _matter_choice(self, matter_visit_id: int | None) -> str:
        if matter_visit_id is None:
            return NEW_MATTER
        row = self.db.execute("SELECT case_number FROM visits WHERE id = ?", (matter_visit_id,)).fetchone()
        return (row[0] or "") if row else ""


_VISIT_COLUMNS = (
    "id, hall_day, query_code, purpose, category, locality, summary, request, speakers,"
    " people_involved, skip_level, outcome, statutory_channel, handling, department,"
    " case_number, notify_deadline, handle_deadline, handle_extended, extension_reason,"
    " registered_by, registered_at, notified_at, concluded_at, is_group, group_size,"
    " representative_count, is_repeat, earlier_visits, last_visit_day, mark_reason,"
    " matter_visit_id, conduct_note, form, handling_rating"
)
