"""Staff, leader and admin accounts, and logging in.

Passwords are kept only as salted scrypt hashes (stdlib `hashlib.scrypt`, a
memory-hard KDF, so no extra dependency) and compared in constant time. A
failed login says the same thing whether the user exists or not, and is
written to the audit log with the username tried, never the password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC

import sqlite_utils

from reception.queue import audit
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

_COLUMNS = "id, username, display_name, role, leader_id, active"


class Accounts:
    def __init__(self, db: sqlite_utils.Database, clock: Clock | None = None):
        self.db = db
        self.clock = clock

    def _stamp(self) -> str:
        if self.clock is not None:
            return self.clock.stamp()
        from datetime import datetime

        return datetime.now(UTC).isoformat(timespec="microseconds")

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

    def authenticate(self, username: str, password: str, roles: tuple[str, ...] = ROLES) -> User:
        """The user, if the password is right, the account active and its role allowed."""
        username = normalise(username)
        row = self.db.execute(
            f"SELECT {_COLUMNS}, password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        ok = verify_password(password, row[6] if row else _DUMMY_HASH) and row is not None
        stamp = self._stamp()
        if not ok:
            self._log(username[:MAX_FIELD_LENGTH], "login.failed", stamp)
            raise AuthError("用户名或密码错误")
        user = _user(row[:6])
        if not user.active:
            self._log(username, "login.refused", stamp, {"reason": "disabled"})
            raise AuthError("该账号已停用，请联系管理员")
        if user.role not in roles:
            self._log(username, "login.refused", stamp, {"reason": "role", "role": user.role})
            allowed = "、".join(ROLE_NAMES[r] for r in roles)
            raise AuthError(f"此处仅限{allowed}登录")
        self._log(username, "login", stamp, {"role": user.role})
        return user

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


def _user(row: tuple) -> User:
    return User(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


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
