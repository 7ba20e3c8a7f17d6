"""Group visits elect representatives: at most N (seed 003; config)."""

from __future__ import annotations

from reception.config import HallConfig
from reception.queue.errors import RuleViolation


def check_representative_count(count: int, config: HallConfig) -> None:
    """`count` speakers (the lead included) is allowed, or RuleViolation."""
    limit = config.representative_limit
    if count > limit:
        raise RuleViolation(
            f"集体来访最多推选 {limit} 名代表，不能再增加第 {count} 名代表",
            config.representative_rule_text,
        )


def representatives_left(count: int, config: HallConfig) -> int:
    """How many more representatives may still check in."""
    return max(0, config.representative_limit - count)


def check_group_size(group_size: int, speakers: int) -> None:
    if group_size < speakers:
        raise RuleViolation(
            f"来访人数（{group_size} 人）不能少于登记的代表人数（{speakers} 人）"
        )
    if group_size > 10_000:
        raise RuleViolation("来访人数过大，请核对后重新输入")
