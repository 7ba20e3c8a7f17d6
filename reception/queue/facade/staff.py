"""Staff accounts and the audit log."""

from __future__ import annotations

from datetime import date
from typing import Any

from reception.queue import (
    audit,
)
from reception.queue.accounts import ROLES, User, check_kiosk_pin
from reception.queue.facade.base import ServicePart
from reception.queue.store.connection import write_transaction
from reception.queue.store.failures import translate_errors


@translate_errors
class StaffDesk(ServicePart):
    # ------------------------------------------------------------------ accounts

    def login(self, username: str, password: str, roles: tuple[str, ...] | None = None) -> User:
        """Check a password (audited either way); failures lock the account ([accounts])."""
        return self._accounts.authenticate(username, password, ROLES if roles is None else roles, self.config.accounts)

    def logout(self, username: str) -> None:
        with write_transaction(self._db):
            audit.record(self._db, username, "logout", f"user:{username}", at=self.clock.stamp())

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        display_name: str,
        leader_id: int | None = None,
        actor: str = "admin",
    ) -> User:
        return self._accounts.add(username, password, role, display_name, leader_id, actor)

    def user(self, username: str) -> User:
        return self._accounts.get(username)

    def users(self) -> list[User]:
        return self._accounts.list()

    def disable_user(self, username: str, actor: str) -> User:
        return self._accounts.disable(username, actor)

    def enable_user(self, username: str, actor: str) -> User:
        return self._accounts.enable(username, actor)

    def set_password(self, username: str, password: str, actor: str) -> User:
        return self._accounts.set_password(username, password, actor)

    def record_audit(self, actor: str, action: str, subject: str = "", detail: dict[str, Any] | None = None) -> None:
        """An audit entry for something outside the core (a card read on a device)."""
        with write_transaction(self._db):
            audit.record(self._db, actor, action, subject, detail, at=self.clock.stamp())

    def audit_entries(
        self, *, subject: str | None = None, actor: str | None = None,
        action: str | None = None, limit: int = 200,
    ) -> list[audit.AuditEntry]:
        return audit.entries(self._db, subject=subject, actor=actor, action=action, limit=limit)

    # --- hardening (issue 16)

    def unlock_user(self, username: str, actor: str) -> bool:
        """Lift an account's login lock (audited); False: it was not locked. NotFound: no such account."""
        return self._accounts.unlock(username, actor)

    def check_kiosk_pin(self, typed: str, configured: str, actor: str) -> None:
        """The kiosk's staff PIN, else AuthError (wrong, or locked after [kiosk] pin_max_failures)."""
        check_kiosk_pin(self._db, typed, configured, actor, self.clock, self.config.kiosk)

    def audit_log(
        self, since: date | None = None, actor: str | None = None, action: str | None = None
    ) -> list[audit.AuditLine]:
        """The audit log to read, oldest first: hall time, ID-like numbers masked."""
        return audit.listing(self._db, self.clock.tz, since, actor, action)
