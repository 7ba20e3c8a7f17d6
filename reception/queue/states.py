"""The ticket life cycle: which action may move a ticket from which state.

waiting → called → serving → done, with recall (called stays called),
no-show (called → no_show, requeued at most N times), transfer (to another
service or a leader's queue, back to waiting) and cancel. This table is the
only place the transitions are written down.
"""

from __future__ import annotations

from reception.queue.errors import IllegalTransition
from reception.queue.models import TicketState as S

TRANSITIONS: dict[str, dict[S, S]] = {
    "call": {S.WAITING: S.CALLED},
    "recall": {S.CALLED: S.CALLED},
    "start": {S.CALLED: S.SERVING},
    "finish": {S.SERVING: S.DONE},
    "no_show": {S.CALLED: S.NO_SHOW},
    "requeue": {S.NO_SHOW: S.WAITING},
    # A no-show marked by mistake, taken back within a minute (Calling.undo_no_show).
    "undo_no_show": {S.NO_SHOW: S.CALLED},
    "transfer": {S.WAITING: S.WAITING, S.CALLED: S.WAITING, S.SERVING: S.WAITING},
    "cancel": {S.WAITING: S.CANCELLED, S.CALLED: S.CANCELLED, S.NO_SHOW: S.CANCELLED},
    # A hall day that ended with the visitor never seen (see Hall.close_earlier_days).
    "close_day": {S.WAITING: S.CANCELLED, S.CALLED: S.CANCELLED},
}

ACTION_LABELS = {
    "issue": "取号",
    "call": "叫号",
    "recall": "重呼",
    "start": "开始接待",
    "finish": "结束接待",
    "no_show": "过号",
    "requeue": "过号重排",
    "undo_no_show": "撤销过号",
    "transfer": "转办",
    "cancel": "取消",
    "prioritise": "设为优先",
    "printed": "打印",
    "print_failed": "打印失败",
    "reprint": "补打",
    "rate": "评价",
    "rate_handling": "评价办理",
    "close_day": "闭厅结束",
}


def next_state(action: str, current: S, number: str = "") -> S:
    """The state `action` leads to from `current`, or IllegalTransition."""
    allowed = TRANSITIONS[action]
    if current not in allowed:
        label = ACTION_LABELS.get(action, action)
        ticket = f"{number} 号" if number else "该号"
        raise IllegalTransition(f"{ticket}当前状态为“{current.label}”，不能{label}")
    return allowed[current]
