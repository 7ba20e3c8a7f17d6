"""Spoken calls: "请 A023 号到 3 号窗口" through an offline speech engine.

Off by default. One thread speaks, fed by a small queue, so the screen never
waits for the engine; a missing or failing engine is remembered and reported,
never raised into the display. What the engine gets is the announcement put
through `reception.devices.speech.spoken_text` ("请 A 零 二 三 号到 3 号窗口"), in
the voice `resolve_command` picks for "{voice}" (looked up once, in the thread).

One voice per machine: `reception serve` runs a display for every open
`/display` tab, all on the server's one sound output, and each spoke every
call over the others. The display opened first holds the machine's speaking
floor (`SpeakingFloor`) and speaks; the others show the call and stay silent,
and one of them takes the floor at its next call once the speaking one is closed.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from reception.devices.speech import Speaker
from reception.queue.models import Call

log = logging.getLogger(__name__)

FLOOR_NAME = "reception-display-voice.lock"


def default_floor() -> Path:
    """The machine's one speaking floor: in the temporary directory, which every
    account on the machine (the service's, a user's) shares."""
    return Path(tempfile.gettempdir()) / FLOOR_NAME


class SpeakingFloor:
    """The right to speak on this machine's speakers: an exclusive `flock` on a
    file, held until `release()` or the process ends (a killed display frees it)."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def held(self) -> bool:
        """True when this display may speak: it holds the floor, or takes it now."""
        if self._fd is not None:
            return True
        try:
            # Read-only is enough to lock, and lets another account open the file;
            # no symlink is followed in a directory every account writes to.
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            # Better two voices than none: a floor that cannot be read does not silence us.
            log.warning("voice: cannot use %s (%s); speaking anyway", self.path, exc)
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def announcement(call: Call) -> str:
    if call.window is not None:
        return f"请 {call.number} 号到 {call.window} 号窗口"
    return f"请 {call.number} 号到{call.place or '领导接待室'}"


class Announcer(Speaker):
    """The display's speaker: every call in turn (a backlog, never the latest only).

    `floor`: speak only while holding it (one display per machine speaks); None:
    always speak."""

    def __init__(
        self,
        command: Sequence[str],
        backlog: int = 8,
        readings: Mapping[str, str] | None = None,
        floor: SpeakingFloor | None = None,
    ):
        super().__init__(command, backlog, readings, logger=log, name="announcer")
        self.floor = floor
        self.left_to_another = 0  # calls another display on this machine spoke
        if floor is not None:
            floor.held()  # the display opened first speaks

    def announce(self, text: str) -> bool:
        """Queue the text; False when the backlog is full (the screen shows it anyway).
        True without speaking when another display on this machine holds the floor."""
        if self.floor is not None and not self.floor.held():
            self.left_to_another += 1
            return True
        return self.say(text)

    def close(self) -> None:
        super().close()
        if self.floor is not None:
            self.floor.release()  # another display may speak from its next call
