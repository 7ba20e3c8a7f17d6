"""What the leader's screens need from the app they run in, typed (issue 12).

The leader app is a `StaffApp` (reception.staff_ui.protocol: its one
`HallService`, the logged-in user, login and logout) that also keeps talk
drafts over an idle lock. Screens are handed the service when they are made;
what only the app can do they reach through `leader_host(self)`, a checked
`LeaderHost`, never through untyped attributes of `self.app`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.dom import DOMNode

from reception.queue.service import TalkForm
from reception.staff_ui.protocol import StaffApp


@runtime_checkable
class LeaderHost(StaffApp, Protocol):
    def take_talk_draft(self, username: str, visit_id: int) -> TalkForm | None:
        """The talk form typed before an idle lock, if any (given once)."""
        ...


def leader_host(node: DOMNode) -> LeaderHost:
    """`node.app` as a `LeaderHost`, checked (a leader screen run in another app is a bug)."""
    app = node.app
    if not isinstance(app, LeaderHost):
        raise TypeError(f"{type(app).__name__} is not a leader app")
    return app
