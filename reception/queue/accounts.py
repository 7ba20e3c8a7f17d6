"""Staff, leader and admin accounts, and logging in.

Passwords are kept only as salted scrypt hashes (stdlib `hashlib.scrypt`, a
memory-hard KDF, so no extra dependency) and compared in constant time. A
failed login says the same thing whether the user exists or not, and is
written to the audit log with the username tried, never the password.

Failed logins are counted per account in the database (`reception.queue.
lockout`, issue 16): after `[accounts] max_failures` within the window the
account is locked, whichever session or process the tries came from. The
kiosk's staff PIN is checked here too (`check_kiosk_pin`), with its own lock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from reception.config.sections import AccountSettings, KioskSettings
from reception.queue import audit, lockout
from reception.queue.clock import Clock
from reception.queue.errors import InvalidInput, NotFound, QueueError
from reception.queue.store.connection import inserted_id, write_transaction
from reception.queue.text import clean_text, normalise

ROLES = ("staff", "leader", "admin")
ROLE_NAMES = {"staff": "接待人员", "leader": "接访领导", "admin": "管理员"}

MIN_PASSWORD_LENGTH = 8
MAX_FIELD_LENGTH = 64
# scrypt cost: about 16 MiB and tens of milliseconds per check, which makes
# guessing slow and a login still instant.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class AuthError(QueueError):
    """A login refused; the message never tells which part was wrong."""


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    leader_id: int | None
    active: bool
    # 负责人: may approve an extension (条例 Art. 34: 经本机关负责人批准) and a reply.
    approver: bool = False

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return "$".join(
        ("scrypt", str(_SCRYPT_N), str(_SCRYPT_R), str(_SCRYPT_P), _b64(salt), _b64(digest))
    )


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 2**20, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# Computed once so a login for an unknown user costs as much as a real check
# and the time taken does not reveal which usernames exist.
_DUMMY_HASH = hash_password(secrets.token_hex(8))

_COLUMNS = "id, username, display_name, role, leader_id, active, approver"


class Accounts:
    def __init__(self, db: sqlite_utils.Database, clock: Clock | None = None):
        self.db = db
        self.clock = clock

    def _stamp(self) -> str:
        return self._now().isoformat(timespec="microseconds")

    def _now(self) -> datetime:
        return self.clock.now() if self.clock is not None else datetime.now(UTC)

    def add(
        self,
        username: str,
        password: str,
        role: str,
        display_name: str,
        leader_id: int | None = None,
        actor: str = "admin",
    ) -> User:
        username = _clean(username, "用户名")
        display_name = _clean(display_name, "姓名")
        if not username.isascii() or not username.replace("_", "").replace(".", "").replace("-", "").isalnum():
            raise InvalidInput("用户名只能由英文字母、数字和 _ . - 组成")
        if role not in ROLES:
            raise InvalidInput(f"角色只能是 {' / '.join(ROLES)}（{'、'.join(ROLE_NAMES.values())}）")
        _check_password(password)
        if role == "leader" and leader_id is None:
            raise InvalidInput("领导账号须关联一位接访领导（--leader 姓名）")
        if role != "leader" and leader_id is not None:
            raise InvalidInput("只有领导账号可以关联接访领导")
        stamp = self._stamp()
        with write_transaction(self.db) as db:
            if db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
                raise InvalidInput(f"用户名 {username} 已存在")
            if leader_id is not None and not db.execute(
                "SELECT 1 FROM leaders WHERE id = ?", (leader_id,)
            ).fetchone():
                raise NotFound(f"没有编号为 {leader_id} 的接访领导")
            cursor = db.execute(
                "INSERT INTO users (username, display_name, role, password_hash, leader_id,"
                " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                (username, display_name, role, hash_password(password), leader_id, stamp, stamp),
            )
            audit.record(
                db, actor, "user.add", f"user:{username}",
                {"role": role, "display_name": display_name, "leader_id": leader_id}, at=stamp,
            )
        return self._by_id(inserted_id(cursor))

    def authenticate(
        self, username: str, password: str, roles: tuple[str, ...] = ROLES, settings: AccountSettings | None = None
    ) -> User:
        """The user, if the password is right, the account active, not locked, and
        its role allowed. `settings` ([accounts]): when failures lock the account."""
        limits = lockout.Limits.of(settings or AccountSettings())
        username = normalise(username)
        name = username[:MAX_FIELD_LENGTH]
        now = self._now()
        stamp = now.isoformat(timespec="microseconds")
        until = lockout.locked_until(self.db, lockout.LOGIN, name, now)
        if until is not None:  # the password is not even checked
            self._log(name, "login.refused", stamp, {"reason": "locked", "until": until.isoformat()})
            raise AuthError(self._locked(until))
        row = self.db.execute(
            f"SELECT {_COLUMNS}, password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        ok = verify_password(password, row[7] if row else _DUMMY_HASH) and row is not None
        if not ok:
            with write_transaction(self.db) as db:
                failures, until = lockout.record_failure(db, lockout.LOGIN, name, now, limits)
                audit.record(db, name or "?", "login.failed", f"user:{name}", {"failures": failures}, at=stamp)
                if until is not None:
                    audit.record(db, name or "?", "login.locked", f"user:{name}",
                                 {"failures": failures, "until": until.isoformat()}, at=stamp)
            if until is not None:
                raise AuthError(f"用户名或密码错误，{self._locked(until)}")
            raise AuthError("用户名或密码错误")
        user = _user(row[:7])
        if not user.active:
            self._log(username, "login.refused", stamp, {"reason": "disabled"})
            raise AuthError("该账号已停用，请联系管理员")
        if user.role not in roles:
            self._log(username, "login.refused", stamp, {"reason": "role", "role": user.role})
            allowed = "、".join(ROLE_NAMES[r] for r in roles)
            raise AuthError(f"此处仅限{allowed}登录")
        with write_transaction(self.db) as db:
            lockout.clear(db, lockout.LOGIN, name, now)
            audit.record(db, username, "login", f"user:{username}", {"role": user.role}, at=stamp)
        return user

    def _locked(self, until: datetime) -> str:
        clock = self.clock or Clock(ZoneInfo("UTC"))
        return f"账户已锁定，请于 {lockout.hall_minute(until, clock)} 后再试"

    def locked_until(self, username: str) -> datetime | None:
        """When the login lock on `username` ends, if it is locked now."""
        return lockout.locked_until(self.db, lockout.LOGIN, normalise(username)[:MAX_FIELD_LENGTH], self._now())

    def unlock(self, username: str, actor: str) -> bool:
        """Lift the login lock and forget the failures (audited `user.unlock`);
        False when the account was not locked. Refused for an unknown account."""
        user = self.get(normalise(username))
        now = self._now()
        with write_transaction(self.db) as db:
            was_locked = lockout.clear(db, lockout.LOGIN, user.username, now)
            audit.record(db, actor, "user.unlock", f"user:{user.username}", {"was_locked": was_locked},
                         at=now.isoformat(timespec="microseconds"))
        return was_locked

    def get(self, username: str) -> User:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM users WHERE username = ?", (username,)).fetchone()
        if row is None:
            raise NotFound(f"没有用户名为 {username[:MAX_FIELD_LENGTH]} 的账号")
        return _user(row)

    def list(self) -> list[User]:
        return [_user(row) for row in self.db.execute(f"SELECT {_COLUMNS} FROM users ORDER BY username")]

    def disable(self, username: str, actor: str) -> User:
        return self._update(username, actor, "user.disable", active=0)

    def enable(self, username: str, actor: str) -> User:
        return self._update(username, actor, "user.enable", active=1)

    def set_approver(self, username: str, approver: bool, actor: str) -> User:
        """The 负责人 flag (DOMAIN.md, "The case after the counter": an extension is
        approved by 本机关负责人, 条例 Art. 34); audited `user.approver`."""
        return self._update(username, actor, "user.approver", approver=int(approver))

    def set_password(self, username: str, password: str, actor: str) -> User:
        _check_password(password)
        return self._update(username, actor, "user.password", password_hash=hash_password(password))

    def _update(self, username: str, actor: str, action: str, **values: object) -> User:
        user = self.get(username)
        stamp = self._stamp()
        assignments = ", ".join(f"{column} = ?" for column in values)  # our own column names
        with write_transaction(self.db) as db:
            db.execute(
                f"UPDATE users SET {assignments}, updated_at = ? WHERE id = ?",
                (*values.values(), stamp, user.id),
            )
            shown = {k: v for k, v in values.items() if k != "password_hash"}
            audit.record(db, actor, action, f"user:{username}", shown, at=stamp)
        return self._by_id(user.id)

    def _by_id(self, user_id: int | None) -> User:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
        return _user(row)

    def _log(self, username: str, action: str, stamp: str, detail: dict | None = None) -> None:
        with write_transaction(self.db) as db:
            audit.record(db, username or "?", action, f"user:{username}", detail, at=stamp)


def check_kiosk_pin(
    db: sqlite_utils.Database, typed: str, configured: str, actor: str, clock: Clock, kiosk: KioskSettings
) -> None:
    """Accept the kiosk's staff PIN or raise `AuthError`. Compared in constant
    time; wrong PINs are counted per kiosk (`actor`) in the database, so a
    restart does not reset them, and lock the pad for `kiosk.pin_lock_seconds`
    after `kiosk.pin_max_failures` in a row. Every try is audited, never with what was typed:
    `kiosk.pin` (accepted), `kiosk.pin_failed`, `kiosk.pin_locked`, `kiosk.pin_refused`."""
    max_failures, lock = kiosk.pin_max_failures, timedelta(seconds=kiosk.pin_lock_seconds)
    limits = lockout.Limits(max_failures, window=lock + timedelta(days=1), lock=lock)
    name, subject = actor[:MAX_FIELD_LENGTH], f"kiosk:{actor[:MAX_FIELD_LENGTH]}"
    now = clock.now()
    stamp = now.isoformat(timespec="microseconds")
    with write_transaction(db):
        until = lockout.locked_until(db, lockout.KIOSK_PIN, name, now)
        if until is not None:
            audit.record(db, actor, "kiosk.pin_refused", subject, {"until": until.isoformat()}, at=stamp)
        elif hmac.compare_digest(typed.encode("utf-8"), configured.encode("utf-8")):
            lockout.clear(db, lockout.KIOSK_PIN, name, now)
            audit.record(db, actor, "kiosk.pin", subject, at=stamp)
            return
        else:
            failures, until = lockout.record_failure(db, lockout.KIOSK_PIN, name, now, limits)
            audit.record(db, actor, "kiosk.pin_failed", subject, {"failures": failures}, at=stamp)
            if until is None:
                left = max_failures - failures
            else:
                audit.record(db, actor, "kiosk.pin_locked", subject, {"until": until.isoformat()}, at=stamp)
    # Raised after the commit, so the failure and the lock stay recorded.
    if until is not None:
        shown = until.astimezone(clock.tz).strftime("%H:%M:%S")
        raise AuthError(f"管理密码错误次数过多，已锁定，请于 {shown} 后再试")
    raise AuthError(f"管理密码错误，还可再试 {left} 次")


def _user(row: tuple) -> User:
    return User(row[0], row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6]))


def _clean(value: str, label: str) -> str:
    """The text policy (reception.queue.text): a display name with an escape
    sequence in it would otherwise retitle the terminal of every counter."""
    value = clean_text(value, label, MAX_FIELD_LENGTH)
    if not value:
        raise InvalidInput(f"{label}不能为空")
    return value


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD_LENGTH} 位")
    if len(password) > 256:
        raise InvalidInput("密码过长")
