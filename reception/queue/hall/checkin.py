"""Check-in: issuing a ticket, routing a visitor to a leader, storing the visit.

A visitor who already holds a ticket today gets it back; a representative
cannot stand for two groups at once; a booked visitor goes to their leader
whatever button was pressed; a walk-in asking for a leader takes a place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlite_utils

from reception.config import Service
from reception.queue import appointments, groups, quota
from reception.queue.appointments import Appointment
from reception.queue.codes import new_query_code
from reception.queue.errors import InvalidInput, RuleViolation
from reception.queue.hall.part import Part
from reception.queue.models import (
    CheckInRequest,
    CheckInResult,
    Person,
    PersonInput,
    RepeatInfo,
    Role,
    Ticket,
    TicketState,
    leader_queue,
)
from reception.queue.persons import (
    NO_EARLIER_VISITS,
    age_on,
    clean_person,
    repeat_info,
    store_cleaned,
    stored_match,
)
from reception.queue.registration.form import VISIT_FORMS
from reception.queue.store import tickets
from reception.queue.store.connection import inserted_id
from reception.queue.text import clean_text, normalise


class CheckIn(Part):
    def check_in(self, request: CheckInRequest, actor: str = "kiosk") -> CheckInResult:
        """Issue a ticket, or return the one the lead visitor already holds today."""
        service = self._service(request.service)
        speakers = [clean_person(p) for p in request.speakers]
        self._check_distinct(speakers)
        groups.check_representative_count(len(speakers), self.config)
        if request.is_group:
            groups.check_group_size(request.group_size, len(speakers))
        request = replace(request, purpose=clean_text(request.purpose, "来访目的", 100),
                          category=clean_text(request.category, "问题类别", 100))
        if request.visit_form not in VISIT_FORMS:
            raise InvalidInput("信访形式只能是：" + " / ".join(VISIT_FORMS))
        if request.requested_leader_id is not None:
            self._leader_exists(request.requested_leader_id)

        with self._write() as db:
            day, stamp = self.clock.hall_day(), self.clock.stamp()
            lead = speakers[0]
            # Only someone stored before can hold a ticket or a booking today, or
            # have earlier visits: a first-time visitor skips those lookups.
            known = [stored_match(db, person) for person in speakers]
            held = tickets.active_for(db, lead.doc_type, lead.doc_number, day) if known[0] else None
            if held is not None:
                return CheckInResult(
                    ticket=held,
                    ahead=self._ahead(held),
                    existing=True,
                    repeat=tickets.visit_repeat(db, held.visit_id),
                    representative_rule=tickets.visit_rule(db, held.visit_id),
                )
            for index, (rep, found) in enumerate(zip(speakers[1:], known[1:], strict=True), start=2):
                other = tickets.active_for(db, rep.doc_type, rep.doc_number, day) if found else None
                if other is not None:
                    raise RuleViolation(
                        f"第 {index} 名代表今天已在 {other.number} 号登记，"
                        "同一人不能同时代表两组来访"
                    )
            booking = appointments.booked_on(db, lead.doc_type, lead.doc_number, day) if known[0] else None
            request = self._leader_route(request, booking, day)
            people = [store_cleaned(db, person, stamp, found) for person, found in zip(speakers, known, strict=True)]
            repeat = repeat_info(db, people[0].id) if known[0] else NO_EARLIER_VISITS
            is_group = request.is_group
            rule = self.config.representative_rule_text if is_group else ""
            visit_id, query_code = self._insert_visit(
                db, request, day, stamp, is_group, len(people), rule, repeat
            )
            for index, person in enumerate(people):
                role = Role.LEAD if index == 0 else Role.REPRESENTATIVE
                db.execute(
                    "INSERT INTO visit_people (visit_id, person_id, role) VALUES (?, ?, ?)",
                    (visit_id, person.id, role.value),
                )
            ticket = self._insert_ticket(db, request, service, visit_id, query_code, people[0], day, stamp)
            detail = {
                "service": service.code,
                "group_size": request.group_size if is_group else 1,
                "representatives": len(people),
            }
            if booking is not None:
                appointments.mark_arrived(db, booking.id, ticket.id, stamp)
                detail["appointment"] = booking.id
            self._event(ticket.id, actor, "issue", None, TicketState.WAITING, detail,
                        shown=(ticket.number, ticket.queue))
            return CheckInResult(
                ticket=ticket,
                ahead=self._ahead(ticket),
                existing=False,
                repeat=repeat,
                representative_rule=rule,
            )

    def _leader_route(
        self, request: CheckInRequest, booking: Appointment | None, day: str
    ) -> CheckInRequest:
        """Send a booked visitor to their leader; hold a walk-in for a leader to the quota.

        The booking is found by the lead visitor's document, whatever the kiosk
        was asked: an elderly visitor who pressed the wrong button still goes
        to the leader they booked, and is called before the walk-ins.
        """
        if booking is not None:
            return replace(
                request, appointment=True, requested_leader_id=booking.reception.leader_id
            )
        if request.requested_leader_id is None:
            return request
        # appointment=True without a stored booking: staff vouch for one made
        # outside the system; it still takes a place, even on a 预约 day.
        quota.claim_walk_in(
            self.db, request.requested_leader_id, day, by_appointment=request.appointment
        )
        return request

    def _check_distinct(self, speakers: Sequence[PersonInput]) -> None:
        seen: set[tuple[str, str]] = set()
        for person in speakers:
            if person.doc_number is None:
                continue
            key = (person.doc_type, person.doc_number)
            if key in seen:
                raise RuleViolation("同一人不能重复登记为代表")
            seen.add(key)

    def _insert_visit(
        self,
        db: sqlite_utils.Database,
        request: CheckInRequest,
        day: str,
        stamp: str,
        is_group: bool,
        speakers: int,
        rule: str,
        repeat: RepeatInfo,
    ) -> tuple[int, str]:
        """The visit's id and its query code.

        A drawn code already taken inserts nothing and is drawn again: DO NOTHING
        rather than catching the unique-key error, which on PostgreSQL would abort
        the whole check-in's transaction."""
        for _ in range(5):
            query_code = new_query_code()
            cursor = db.execute(
                "INSERT INTO visits (hall_day, created_at, purpose, category, is_group,"
                " group_size, representative_count, representative_rule, is_repeat,"
                " earlier_visits, last_visit_day, requested_leader_id, query_code, speakers, form)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (query_code) DO NOTHING",
                (
                    day,
                    stamp,
                    request.purpose,
                    request.category,
                    int(is_group),
                    request.group_size if is_group else 1,
                    speakers,
                    rule,
                    int(repeat.is_repeat),
                    repeat.earlier_visits,
                    repeat.last_visit_day,
                    request.requested_leader_id,
                    query_code,
                    speakers,
                    request.visit_form,
                ),
            )
            if cursor.rowcount == 1:
                return inserted_id(cursor), query_code
        raise RuntimeError("could not draw a unique query code")

    def _insert_ticket(
        self,
        db: sqlite_utils.Database,
        request: CheckInRequest,
        service: Service,
        visit_id: int,
        query_code: str,
        lead: Person,
        day: str,
        stamp: str,
    ) -> Ticket:
        """The new ticket, as stored (built from what was bound, not read back)."""
        seq = tickets.next_seq(db, day, service.code)
        reason = normalise(request.priority_reason)
        age = age_on(lead.birth_date, self.clock.today())
        priority_age = self.config.priority.age  # 0: no age rule
        if not reason and priority_age and age is not None and age >= priority_age:
            reason = f"年满{priority_age}周岁"
        queue = (
            leader_queue(request.requested_leader_id)
            if request.appointment and request.requested_leader_id is not None
            else service.code
        )
        number = f"{service.prefix}{seq:03d}"
        cursor = db.execute(
            "INSERT INTO tickets (visit_id, hall_day, service, seq, number, queue, state,"
            " priority, priority_reason, appointment, issued_at, queued_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                visit_id,
                day,
                service.code,
                seq,
                number,
                queue,
                TicketState.WAITING.value,
                int(bool(reason)),
                reason,
                int(request.appointment),
                stamp,
                stamp,
                stamp,
            ),
        )
        return Ticket(
            id=inserted_id(cursor), visit_id=visit_id, hall_day=day, service=service.code,
            number=number, queue=queue, state=TicketState.WAITING, priority=bool(reason),
            priority_reason=reason, appointment=bool(request.appointment), issued_at=stamp,
            queued_at=stamp, called_at=None, window=None, recalls=0, requeues=0,
            query_code=query_code,
        )

