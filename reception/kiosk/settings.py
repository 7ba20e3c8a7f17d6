"""The `[kiosk]` configuration section, checked when the kiosk starts.

Every key is optional; the defaults fit the built-in services
(A 个人来访, B 集体来访, C 领导接访).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reception.config import ConfigError, HallConfig


@dataclass(frozen=True)
class KioskSettings:
    individual_service: str = "A"
    group_service: str = "B"
    leader_service: str = "C"
    idle_seconds: float = 90.0  # back to welcome when nobody touches the screen
    ticket_seconds: float = 20.0  # the ticket stays on screen this long
    staff_key: str = "f12"  # opens the staff PIN pad; the visitor has no quit key
    staff_pin: str = "0000"  # change it in [kiosk]; the README says so
    actor: str = "kiosk"  # this kiosk's name in the event log

    def service_for(self, is_group: bool, leader_requested: bool) -> str:
        if leader_requested:
            return self.leader_service
        return self.group_service if is_group else self.individual_service


_NUMBERS = {"idle_seconds": (5, 3600), "ticket_seconds": (3, 600)}
_TEXTS = ("individual_service", "group_service", "leader_service", "staff_key", "staff_pin", "actor")


def kiosk_settings(config: HallConfig) -> KioskSettings:
    """The kiosk's settings from `config.kiosk`, or ConfigError naming the key."""
    raw: dict[str, Any] = config.kiosk
    values: dict[str, Any] = {}
    defaults = KioskSettings()
    codes = [s.code for s in config.services]
    for key, value in raw.items():
        full = f"kiosk.{key}"
        if key in _NUMBERS:
            low, high = _NUMBERS[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(full, f"应为秒数，实际是 {value!r}", config.source)
            if not low <= value <= high:
                raise ConfigError(full, f"应在 {low} 到 {high} 秒之间，实际是 {value}", config.source)
            values[key] = float(value)
        elif key in _TEXTS:
            if isinstance(value, int) and not isinstance(value, bool):
                # staff_pin = 1234: a TOML number; a PIN is text (and may start with 0).
                raise ConfigError(full, f'应为文本，请加引号：{key} = "{value}"', config.source)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(full, "应为非空文本", config.source)
            values[key] = value.strip()
        else:
            raise ConfigError(full, "未知的配置项（拼写错误？）", config.source)
    pin = values.get("staff_pin", defaults.staff_pin)
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ConfigError("kiosk.staff_pin", "应为 4 到 12 位数字", config.source)
    for key in ("individual_service", "group_service", "leader_service"):
        code = values.get(key, getattr(defaults, key))
        if code not in codes:
            if key in values:
                raise ConfigError(f"kiosk.{key}", f"未定义的业务代码 {code!r}", config.source)
            # Custom services and no kiosk setting: fall back to the first service.
            values[key] = codes[0]
    return KioskSettings(**values)
