"""What a staff screen may ask of its app: `StaffApp`, and the typed way to get it.

The counter console and the leader view each hold one `HallService` (built by
their app factory from the CLI's); the shared staff screens (login, the
registration form, idle logout) and every screen of those apps reach the core
through it, never through an untyped `self.app.hall`:

    class SomeScreen(StaffScreen, Screen):
        def on_mount(self) -> None:
            self.staff_app.service.pending_callbacks()   # typed: HallService

`StaffScreen.staff_app` is a `typing.cast` of `self.app`: no check at run
time, but a type checker sees what the screen relies on, and an app that
forgets a member is caught there.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from reception.queue.service import HallService, User


class StaffApp(Protocol):
    """An App a member of staff logs in to (counter console, leader view)."""

    service: HallService
    user: User | None

    @property
    def actor(self) -> str:
        """Who the core records as doing what this app does (the logged-in user)."""
        ...

    def show_login(self) -> None:
        """Forget the user and show the login screen."""
        ...

    def logout(self) -> None:
        """The person at this PC asked to log out: back to the login."""
        ...

    def record_logout(self, username: str, detail: dict[str, Any]) -> None:
        """The logout's audit entry, written off the UI thread (see `IdleLogout`)."""
        ...


class StaffScreen:
    """Mixin for a Screen of a staff app: `self.staff_app`, typed."""

    @property
    def staff_app(self) -> StaffApp:
        return cast(StaffApp, self.app)  # type: ignore[attr-defined]


__all__ = ["StaffApp", "StaffScreen"]
