"""Core actions off the UI thread, and one way to show their refusal (issue 12).

A counter's or a leader's action (call, register, save a talk, ...) may wait
for the database's write lock while the kiosk or another counter writes; run on
the UI thread, the screen froze for as long. `run_core` runs the action in a
Textual thread worker (the service facade gives that thread its own database
connection), then hands its result to `done` on the UI thread.

What a person sees:
- a refusal of the core (`QueueError`: a rule, a busy or full database) as a
  notification with its Chinese message, or through `refused` when the screen
  shows it in place (a form's error line);
- after `WAIT_NOTICE_S`, a "please wait" notice, so a slow database shows a
  wait, never a frozen screen;
- a second action while one is still running is refused in words, instead of
  running twice (a double press of 叫号 must not call two visitors).

Only `QueueError` is a refusal. Anything else is a defect: it is logged with
its traceback and the person is told to call the administrator; the app goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen
from textual.timer import Timer

from reception.queue.errors import QueueError

log = logging.getLogger(__name__)

T = TypeVar("T")

WAIT_NOTICE_S = 0.4
WAIT_TEXT = "正在处理，请稍候…"
STILL_RUNNING = "上一个操作还在处理，请稍候"
DEFECT = "系统出现故障，此操作未完成，请联系管理员"


def show_refusal(screen: Screen, exc: QueueError) -> None:
    """The one way a staff screen shows a refusal of the core."""
    screen.notify(exc.message, severity="error", markup=False, timeout=6)


def run_core(
    screen: Screen,
    work: Callable[[], T],
    done: Callable[[T], object] | None = None,
    *,
    refused: Callable[[QueueError], None] | None = None,
    name: str = "core-action",
) -> bool:
    """Run `work()` off the UI thread; `done(result)` back on it.

    Returns False (and says so) when an earlier action of this screen is still
    running, True when the action was started.
    """
    if getattr(screen, "_core_busy", False):
        screen.notify(STILL_RUNNING, markup=False, timeout=3)
        return False
    screen._core_busy = True  # type: ignore[attr-defined]
    app = screen.app
    waiting: Timer = screen.set_timer(
        WAIT_NOTICE_S, lambda: screen.notify(WAIT_TEXT, markup=False, timeout=2)
    )

    def finish(callback: Callable[[], None]) -> None:
        waiting.stop()
        screen._core_busy = False  # type: ignore[attr-defined]
        callback()

    def in_thread() -> None:
        try:
            result = work()
        except QueueError as exc:
            error = exc  # `exc` is unbound when the except block ends
            on_refusal = refused or (lambda refusal: show_refusal(screen, refusal))
            app.call_from_thread(finish, lambda: on_refusal(error))
        except Exception:
            log.exception("%s failed", name)
            app.call_from_thread(
                finish, lambda: screen.notify(DEFECT, severity="error", markup=False, timeout=8)
            )
        else:
            app.call_from_thread(finish, lambda: done(result) if done is not None else None)

    screen.run_worker(in_thread, name=name, group="core", thread=True, exit_on_error=False)
    return True
