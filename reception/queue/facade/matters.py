"""The matter after the counter: drafts, same matter or new, the two ratings.

DOMAIN.md, "The case after the counter". The ticket's state and the matter's
are two vocabularies (`reception.queue.matter_state`); a registration may be
kept as a draft before its outcome is decided (`reception.queue.drafts`); a
later visit is linked to an earlier matter or marked new (`reception.queue.matters`).
"""

from __future__ import annotations

from reception.queue import matter_state, matters
from reception.queue.facade.base import ServicePart
from reception.queue.models import VisitProgress
from reception.queue.registration import EarlierMatter, Registration, RegistrationForm
from reception.queue.store.failures import translate_errors


@translate_errors
class MatterDesk(ServicePart):
    def save_draft(
        self,
        visit_id: int,
        form: RegistrationForm,
        actor: str,
        person_changes: dict[str, str] | None = None,
        document: str = "",
    ) -> Registration:
        """Keep a registration as typed, without an outcome (草稿)."""
        return self._registrations.save_draft(visit_id, form, actor, person_changes, document)

    def earlier_matters(self, visit_id: int) -> tuple[EarlierMatter, ...]:
        """The matters of this visit's people (lead and representatives) before it."""
        return matters.earlier_matters(self._db, visit_id)

    def matter_state(self, visit_id: int) -> str:
        return matter_state.state_of_visit(self._db, visit_id)

    def rate_handling(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        """The visitor's rating of the handling, once the matter is concluded."""
        return self._hall.rate_handling(typed_code, rating, actor)
