"""The `[serve]` section: where `reception serve` listens and how many sessions it allows."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import ip_address
from typing import Any

from reception.config import ConfigError

ROLES = ("display", "counter", "leader")


@dataclass(frozen=True)
class ServeSettings:
    # Loopback unless the hall says otherwise: textual-serve has no TLS and
    # no Origin check, so the LAN address is a deliberate choice.
    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = None
    max_sessions: int = 20  # each browser tab is one app process (~35 MB)
    roles: tuple[str, ...] = ROLES
    # --- issue 16 (hardening): new sessions one client address may start per minute.
    sessions_per_minute: int = 10

    @property
    def url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"


def serve_settings(raw: dict[str, Any], source: str | None = None) -> ServeSettings:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"serve.{key}", problem, source)

    known = {"host", "port", "public_url", "max_sessions", "roles"}
    known |= HARDENING_KEYS
    for key in raw:
        if key not in known:
            raise fail(key, "未知的配置项（拼写错误？）")
    values: dict[str, Any] = {}
    if "host" in raw:
        host = raw["host"]
        if not isinstance(host, str):
            raise fail("host", "应为 IP 地址文本，例如 \"192.168.1.10\"")
        try:
            ip_address(host)
        except ValueError:
            raise fail("host", f"不是有效的 IP 地址：{host!r}") from None
        values["host"] = host
    for key, low, high in (("port", 1, 65535), ("max_sessions", 1, 500)):
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise fail(key, f"应为 {low} 到 {high} 之间的整数，实际是 {value!r}")
            values[key] = value
    if "public_url" in raw:
        url = raw["public_url"]
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise fail("public_url", "应以 http:// 或 https:// 开头")
        values["public_url"] = url.rstrip("/")
    if "roles" in raw:
        roles = raw["roles"]
        if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles):
            raise fail("roles", f"应为 {', '.join(ROLES)} 中的一项或几项")
        values["roles"] = tuple(roles)
    values.update(_hardening_settings(raw, fail))
    return ServeSettings(**values)


# --- issue 16 (hardening): keys added to [serve]; the config schema should carry them:
#   sessions_per_minute: int, 1..600, default 10 — new sessions per client address per
#   minute (a browser reloading after a refusal, a script opening tabs in a loop).
HARDENING_KEYS = {"sessions_per_minute"}


def _hardening_settings(raw: dict[str, Any], fail) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "sessions_per_minute" in raw:
        value = raw["sessions_per_minute"]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
            raise fail("sessions_per_minute", f"应为 1 到 600 之间的整数，实际是 {value!r}")
        values["sessions_per_minute"] = value
    return values
