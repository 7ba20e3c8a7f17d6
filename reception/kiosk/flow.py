"""What a visitor has entered so far: one draft per visit, dropped on reset.

Nothing here is stored until the visitor confirms; a reset (idle timeout,
ticket shown, app restart) simply forgets the draft, so no half-entered visit
can survive into the next visitor's session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reception.config import HallConfig
from reception.kiosk.cards import CardData
from reception.kiosk.settings import KioskSettings
from reception.queue.errors import RuleViolation
from reception.queue.models import RESIDENT_ID_CARD, CheckInRequest, PersonInput
from reception.queue.service import Clock, DutyLeader, groups

NO_CARD_NAME = "无证件来访人"  # staff check another document at the window
# A representative who holds a ticket of their own today.
HELD = "持此证件的来访人今天已在 {number} 号登记，不能重复登记"


def expired_problem(card: CardData, clock: Clock) -> str | None:
    """Why this card cannot check in at all (the hall's date, no database), or None."""
    if card.expired_on(clock.today()):
        name = "身份证" if card.doc_type == RESIDENT_ID_CARD else card.doc_type  # the card's own name
        return f"您的{name}已过期（有效期至 {card.valid_until}），无法自助取号"
    return None


@dataclass
class VisitDraft:
    card: CardData | None  # None: no card, staff-assisted
    phone: str = ""
    purpose: str = ""
    category: str = ""
    leader: DutyLeader | None = None
    group_size: int = 1
    representatives: list[CardData] = field(default_factory=list)  # besides the card holder
    lead_index: int = 0  # which speaker is the lead (主访人): 0 = the card holder

    @property
    def is_group(self) -> bool:
        return self.group_size > 1

    @property
    def speakers(self) -> list[CardData]:
        return ([self.card] if self.card else []) + self.representatives

    def has_document(self, number: str) -> bool:
        return any(card.doc_number == number for card in self.speakers)

    def add_representative(self, card: CardData, config: HallConfig) -> None:
        """Add one more speaker, or RuleViolation citing the hall's rule."""
        if self.has_document(card.doc_number):
            raise RuleViolation("这张身份证已经登记过了")
        groups.check_representative_count(len(self.speakers) + 1, config)
        groups.check_group_size(self.group_size, len(self.speakers) + 1)
        self.representatives.append(card)

    def left(self, config: HallConfig) -> int:
        return groups.representatives_left(len(self.speakers), config)

    def request(self, settings: KioskSettings) -> CheckInRequest:
        people: list[PersonInput] = []
        for index, card in enumerate(self.speakers):
            people.append(card.person(self.phone if index == 0 else ""))
        if not people:
            people.append(PersonInput(name=NO_CARD_NAME, phone=self.phone))
        lead = people.pop(self.lead_index)
        return CheckInRequest(
            lead=lead,
            representatives=tuple(people),
            group_size=self.group_size,
            service=settings.service_for(self.is_group, self.leader is not None),
            purpose=self.purpose,
            category=self.category,
            requested_leader_id=self.leader.leader_id if self.leader else None,
        )
