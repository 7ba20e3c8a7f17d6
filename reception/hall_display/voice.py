"""Spoken calls: "请 A023 号到 3 号窗口" through an offline speech engine.

Off by default. One thread speaks, fed by a small queue, so the screen never
waits for the engine; a missing or failing engine is remembered and reported,
never raised into the display. What the engine gets is the announcement put
through `reception.devices.speech.spoken_text` ("请 A 零 二 三 号到 3 号窗口"), in
the voice `resolve_command` picks for "{voice}" (looked up once, in the thread).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Mapping, Sequence

from reception.devices.speech import SpeechError, resolve_command, speak, spoken_text, voice_problem
from reception.queue.models import Call

log = logging.getLogger(__name__)


def announcement(call: Call) -> str:
    if call.window is not None:
        return f"请 {call.number} 号到 {call.window} 号窗口"
    return f"请 {call.number} 号到{call.place or '领导接待室'}"


class Announcer:
    def __init__(self, command: Sequence[str], backlog: int = 8, readings: Mapping[str, str] | None = None):
        self.command = tuple(command)
        self.readings = dict(readings or {})  # a prefix's own reading, e.g. {"A": "甲"}
        self._resolved: tuple[str, ...] | None = None  # the command with its voice, once looked up
        self.problem: str | None = None  # the last failure, for the log
        self.spoken = 0
        self._queue: queue.Queue[str | None] = queue.Queue(maxsize=backlog)
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def announce(self, text: str) -> bool:
        """Queue the text; False when the backlog is full (the screen shows it anyway)."""
        try:
            self._queue.put_nowait(text)
            return True
        except queue.Full:
            return False

    def close(self) -> None:
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            pass

    def wait_idle(self, timeout: float = 10) -> None:
        """For tests and the benchmark: until everything queued was tried."""
        done = threading.Event()

        def drain() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=drain, daemon=True).start()
        done.wait(timeout)

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            try:
                if text is None:
                    return
                self._speak(text)
            finally:
                self._queue.task_done()

    def _speak(self, text: str) -> None:
        before = self.problem
        self._try(text)
        if self.problem is not None and self.problem != before:
            log.warning("voice: %s", self.problem)  # to the journal, once per new failure

    def _try(self, text: str) -> None:
        if self._resolved is None:
            self._resolved = resolve_command(self.command)
            if warning := voice_problem(self._resolved):  # e.g. a config still naming -v cmn
                log.warning("voice: %s", warning)
        try:
            speak(self._resolved, spoken_text(text, self.readings))
        except SpeechError as exc:
            self.problem = str(exc)
        else:
            self.spoken += 1
            self.problem = None  # working again: a later failure is reported anew
