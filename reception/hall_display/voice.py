"""Spoken calls: "请 A023 号到 3 号窗口" through an offline speech engine.

Off by default. One thread speaks, fed by a small queue, so the screen never
waits for the engine; a missing or failing engine is remembered and reported,
never raised into the display. What the engine gets is the announcement put
through `reception.devices.speech.spoken_text` ("请 A 零 二 三 号到 3 号窗口"), in
the voice `resolve_command` picks for "{voice}" (looked up once, in the thread).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from reception.devices.speech import Speaker
from reception.queue.models import Call

log = logging.getLogger(__name__)


def announcement(call: Call) -> str:
    if call.window is not None:
        return f"请 {call.number} 号到 {call.window} 号窗口"
    return f"请 {call.number} 号到{call.place or '领导接待室'}"


class Announcer(Speaker):
    """The display's speaker: every call in turn (a backlog, never the latest only)."""

    def __init__(self, command: Sequence[str], backlog: int = 8, readings: Mapping[str, str] | None = None):
        super().__init__(command, backlog, readings, logger=log, name="announcer")

    def announce(self, text: str) -> bool:
        """Queue the text; False when the backlog is full (the screen shows it anyway)."""
        return self.say(text)
