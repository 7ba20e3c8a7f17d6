"""Spoken calls: "请 A023 号到 3 号窗口" through an offline speech engine.

Off by default. One thread speaks, fed by a small queue, so the screen never
waits for the engine; a missing or failing engine is remembered and reported,
never raised into the display.
"""

from __future__ import annotations

import logging
import queue
import subprocess
import threading
from collections.abc import Sequence

from reception.queue.models import Call

SPEAK_TIMEOUT_S = 20
log = logging.getLogger(__name__)


def announcement(call: Call) -> str:
    if call.window is not None:
        return f"请 {call.number} 号到 {call.window} 号窗口"
    return f"请 {call.number} 号到{call.place or '领导接待室'}"


class Announcer:
    def __init__(self, command: Sequence[str], backlog: int = 8):
        self.command = tuple(command)
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
        threading.Thread(target=lambda: (self._queue.join(), done.set()), daemon=True).start()
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
        argv = [part.replace("{text}", text) for part in self.command]
        try:
            result = subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=SPEAK_TIMEOUT_S,
                check=False,
            )
        except FileNotFoundError:
            self.problem = f"找不到语音播报程序 {argv[0]}"
        except (OSError, subprocess.SubprocessError) as exc:
            self.problem = f"语音播报失败：{exc}"
        else:
            if result.returncode != 0:
                detail = result.stderr.decode("utf-8", "replace").strip()[:200]
                self.problem = f"语音播报程序退出码 {result.returncode}：{detail}"
            else:
                self.spoken += 1
                self.problem = None  # working again: a later failure is reported anew
