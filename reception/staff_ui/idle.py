"""Idle logout for the staff front ends (counter console, leader view).

A staff PC in the hall left logged in shows visitors' records to whoever walks
up, so a session nobody has touched for a while locks itself back to the login.
One place for the rule, so the counter and the leader view cannot drift apart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from textual import events

from reception.queue.errors import QueueError

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 15
IDLE_CHECK_SECONDS = 5
IDLE_NOTICE = "长时间未操作，已自动退出登录"


class IdleLogout:
    """Mixin for a `StaffApp` (`service`, `user`, `show_login()`).

    Call `init_idle()` from `__init__` and `start_idle_timer()` from `on_mount`.
    Also gives the app `record_logout`, the one way a logout is audited.
    """

    idle_seconds: float
    last_activity: float
    _monotonic: Callable[[], float]

    def init_idle(self, idle_minutes: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_minutes * 60  # 0: never lock
        self._monotonic = monotonic
        self.last_activity = monotonic()

    def start_idle_timer(self) -> None:
        self.set_interval(IDLE_CHECK_SECONDS, self.idle_tick)  # type: ignore[attr-defined]

    async def on_event(self, event: events.Event) -> None:
        # Pilot's clicks arrive forwarded: count those too.
        if isinstance(event, (events.Key, events.MouseDown)):
            self.last_activity = self._monotonic()
        await super().on_event(event)  # type: ignore[misc]

    def record_logout(self, username: str, detail: dict[str, Any]) -> None:
        """The logout's audit entry, through the service, off the UI thread: a busy
        database must neither freeze the screen nor keep a session open (the lock
        matters more than the log line, so a refusal is logged, never shown)."""
        service = self.service  # type: ignore[attr-defined]

        def write() -> None:
            try:
                service.record_audit(username, "logout", f"user:{username}", detail)
            except QueueError as exc:
                log.warning("logout of %s not audited: %s", username, exc.message)
            except Exception:
                log.exception("logout of %s not audited", username)

        self.run_worker(  # type: ignore[attr-defined]
            write, name="logout-audit", group="audit", thread=True, exit_on_error=False
        )

    def idle_audit_detail(self) -> dict:
        return {"reason": "idle"}

    def before_idle_lock(self) -> None:
        """Called once the lock is decided, while the screens are still open: a
        half-typed registration is kept as a draft (DOMAIN.md, "The case after the
        counter": an idle logout used to lose it). Screens say how with `keep_as_draft`."""
        for screen in self.screen_stack:  # type: ignore[attr-defined]
            keep = getattr(screen, "keep_as_draft", None)
            if keep is not None:
                keep()

    def idle_tick(self) -> None:
        """Log out a session nobody has touched for `idle_seconds`."""
        user = self.user  # type: ignore[attr-defined]
        if user is None or self.idle_seconds <= 0:
            return
        if self._monotonic() - self.last_activity < self.idle_seconds:
            return
        self.record_logout(user.username, self.idle_audit_detail())
        self.before_idle_lock()
        while len(self.screen_stack) > 1:  # type: ignore[attr-defined]
            self.pop_screen()  # type: ignore[attr-defined]
        self.show_login()  # type: ignore[attr-defined]
        self.notify(IDLE_NOTICE, markup=False)  # type: ignore[attr-defined]
