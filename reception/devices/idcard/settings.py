"""The card reader's settings, read and checked from `[devices.card_reader]`.

    [devices.card_reader]
    port = "/dev/reception-idcard"  # a serial device, COM3, or a pyserial URL
    baud = 115200                   # 115200 (most readers) or 9600 ...
    timeout = 1.0                   # seconds for a find/select reply (reads get more)
    poll_interval = 0.3             # seconds between find commands while no card
    dedupe_seconds = 3.0            # the same card again within this time is not new

With no `port` the kiosk uses its demo card source. A bad key raises
`ConfigError` naming it (`devices.card_reader.<key>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reception.config import ConfigError, HallConfig

BAUDS = (9600, 19200, 38400, 57600, 115200)
_KEY = "devices.card_reader"
_KNOWN = {"port", "baud", "timeout", "poll_interval", "dedupe_seconds"}


@dataclass(frozen=True)
class ReaderSettings:
    port: str = ""
    baud: int = 115200
    timeout: float = 1.0
    poll_interval: float = 0.3
    dedupe_seconds: float = 3.0

    def read_timeout(self) -> float:
        """The read reply (1295 bytes) takes 0.11 s at 115200 baud, 1.35 s at 9600."""
        return 2 * self.timeout + 1300 * 10 / self.baud

    def describe(self) -> str:
        return f"{self.port}（{self.baud} 波特）"


def card_reader_settings(config: HallConfig) -> ReaderSettings:
    raw = (config.devices or {}).get("card_reader", {})
    if not isinstance(raw, dict):
        raise ConfigError(_KEY, "应为一个表（[devices.card_reader]）", config.source)
    return parse_reader_settings(raw, config.source)


def parse_reader_settings(raw: dict[str, Any], source: str | None = None) -> ReaderSettings:
    def error(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{_KEY}.{key}", problem, source)

    for key in raw:
        if key not in _KNOWN:
            raise error(key, f"未知的配置项（拼写错误？可用：{', '.join(sorted(_KNOWN))}）")
    values: dict[str, Any] = {}
    if "port" in raw:
        if not isinstance(raw["port"], str):
            raise error("port", f"应为串口设备路径（文本），例如 /dev/ttyUSB0，实际是 {raw['port']!r}")
        values["port"] = raw["port"].strip()
    if "baud" in raw:
        baud = raw["baud"]
        if isinstance(baud, bool) or baud not in BAUDS:
            raise error("baud", f"应为 {' / '.join(map(str, BAUDS))} 之一，实际是 {baud!r}")
        values["baud"] = baud
    for key, low, high in (("timeout", 0.05, 30.0), ("poll_interval", 0.05, 10.0),
                           ("dedupe_seconds", 0.0, 600.0)):  # fmt: skip
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise error(key, f"应为秒数，实际是 {value!r}")
            if not low <= value <= high:
                raise error(key, f"应在 {low} 到 {high} 秒之间，实际是 {value}")
            values[key] = float(value)
    return ReaderSettings(**values)
