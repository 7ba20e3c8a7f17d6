"""What the hall display shows, read from the core: public information only.

Ticket numbers and where to go, waiting counts per queue, and the leaders'
published schedule. Never a visitor's name, ID number or purpose (PIPL Art. 25;
DOMAIN.md): this module reads only the core's `BoardData` (recent calls,
waiting counts, duty leaders, reception days), none of which carries them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reception.config import HallConfig
from reception.queue.models import LEADER_QUEUE_PREFIX, Call
from reception.queue.service import BoardData, DutyLeader, HallService, HallStatus, ReceptionDay


@dataclass(frozen=True)
class Board:
    hall_name: str
    day: str
    calls: tuple[Call, ...]  # newest first
    waiting: tuple[tuple[str, int], ...]  # (queue label, people waiting)
    duty: tuple[DutyLeader, ...]
    coming: tuple[ReceptionDay, ...]  # from tomorrow on
    hours: HallStatus | None = None

    @property
    def current(self) -> Call | None:
        return self.calls[0] if self.calls else None


def leader_label(duty: tuple[DutyLeader, ...], leader_id: int) -> str:
    """The leader's name; with the post when another duty leader has the same name."""
    for leader in duty:
        if leader.leader_id == leader_id:
            namesakes = sum(other.name == leader.name for other in duty)
            return f"{leader.post}{leader.name}" if namesakes > 1 else leader.name
    return "领导"


def read_board(service: HallService, recent: int, schedule_days: int) -> Board:
    return board_from(service.board(recent, schedule_days), service.config)


def board_from(data: BoardData, config: HallConfig) -> Board:
    waiting = [(service.name, data.waiting.get(service.code, 0)) for service in config.services]
    for queue, count in sorted(data.waiting.items()):
        if queue.startswith(LEADER_QUEUE_PREFIX):
            leader_id = int(queue[len(LEADER_QUEUE_PREFIX):])
            waiting.append((f"{leader_label(data.duty, leader_id)}接访", count))
    return Board(config.hall_name, data.day, data.calls, tuple(waiting), data.duty, data.coming, data.hours)
