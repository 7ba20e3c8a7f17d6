"""A visit's registration, the leader's talk, the person's history, follow-up and supervision."""

from __future__ import annotations

from reception.queue import (
    disclosure,
    followup,
    history,
    persons,
)
from reception.queue.facade.base import ServicePart
from reception.queue.models import (
    Person,
    RepeatInfo,
    Ticket,
)
from reception.queue.registration import (
    Registration,
    RegistrationForm,
)
from reception.queue.store.failures import translate_errors
from reception.queue.talks import Talk, TalkForm


@translate_errors
class CaseDesk(ServicePart):
    # ------------------------------------------------------------------ registration and talks

    def registration(self, visit_id: int) -> Registration:
        return self._registrations.get(visit_id)

    def open_registration(self, visit_id: int, actor: str) -> Registration:
        """The full record, for staff; the reading is audited."""
        return self._registrations.open_record(visit_id, actor)

    def check_can_finish(self, ticket: Ticket) -> Registration:
        return self._registrations.check_can_finish(ticket)

    def register(self, visit_id: int, form: RegistrationForm, actor: str) -> Registration:
        return self._registrations.register(visit_id, form, actor)

    def save_registration(
        self,
        visit_id: int,
        form: RegistrationForm,
        actor: str,
        person_changes: dict[str, str] | None = None,
        document: tuple[str, str] | None = None,
    ) -> Registration:
        return self._registrations.save(visit_id, form, actor, person_changes, document)

    def update_person(self, person_id: int, changes: dict[str, str], actor: str) -> Person:
        return self._registrations.update_person(person_id, changes, actor)

    def match_document(self, person_id: int, doc_type: str, doc_number: str, actor: str) -> Person:
        return self._registrations.match_document(person_id, doc_type, doc_number, actor)

    def talk(self, visit_id: int, leader_id: int) -> Talk | None:
        return self._talks.get(visit_id, leader_id)

    def save_talk(self, visit_id: int, leader_id: int, form: TalkForm, actor: str) -> Talk:
        return self._talks.save(visit_id, leader_id, form, actor)

    def open_doc_number(self, person_id: int, actor: str, visit_id: int | None = None) -> str:
        """A person's full ID number, for staff who need it; the opening is audited."""
        return disclosure.open_doc_number(self._db, person_id, actor, self.clock, visit_id)

    # ------------------------------------------------------------------ history

    def visits_of_person(
        self, person_id: int, before_visit: int | None = None
    ) -> list[history.PastVisit]:
        return history.visits_of_person(self._db, person_id, before_visit=before_visit)

    def visits_by_document(self, doc_type: str, doc_number: str, actor: str) -> list[history.PastVisit]:
        return history.visits_by_document(self._db, doc_type, doc_number, actor, at=self.clock.stamp())

    def earlier_visits_of_lead(self, visit_id: int, actor: str) -> list[history.PastVisit]:
        return history.earlier_visits_of_lead(self._db, visit_id, actor, at=self.clock.stamp())

    def repeat_of(self, doc_type: str, doc_number: str) -> RepeatInfo | None:
        """Earlier visits of the person holding this document; None: never seen."""
        found = persons.find_by_document(self._db, doc_type, doc_number)
        return None if found is None else persons.repeat_info(self._db, found.id)

    def hand_registered(self, name: str, actor: str) -> list[history.HandRegistered]:
        """Visits registered by hand under `name`, to match with a card (search audited)."""
        return history.hand_registered(self._db, name, actor, at=self.clock.stamp())

    # ------------------------------------------------------------------ follow-up and supervision

    def pending_callbacks(self, days: int = followup.DEFAULT_DAYS) -> list[followup.PendingCallBack]:
        return followup.pending(self._db, self.clock.today(), days)

    def open_callback(self, ticket_id: int, actor: str) -> followup.CallBackRecord:
        return followup.open_callback(self._db, ticket_id, actor, self.clock.stamp())

    def mark_called_back(self, ticket_id: int, note: str, actor: str) -> None:
        followup.mark_called_back(self._db, ticket_id, note, actor, self.clock.stamp())

    def callback_note(self, ticket_id: int) -> str | None:
        return followup.note_of(self._db, ticket_id)
