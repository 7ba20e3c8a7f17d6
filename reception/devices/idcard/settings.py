"""The card reader's settings, `[devices.card_reader]`.

    [devices.card_reader]
    port = "/dev/reception-idcard"  # a serial device, COM3, or a pyserial URL
    baud = 115200                   # 115200 (most readers) or 9600 ...
    timeout = 1.0                   # seconds for a find/select reply (reads get more)
    poll_interval = 0.3             # seconds between find commands while no card
    dedupe_seconds = 3.0            # the same card again within this time is not new

With no `port` the kiosk uses its demo card source. The keys are declared in
`reception.config.sections` and checked when the file is loaded; a bad key
raises `ConfigError` naming it (`devices.card_reader.<key>`).
"""

from __future__ import annotations

from typing import Any

from reception.config import HallConfig, parse_section
from reception.config.sections import BAUDS, ReaderSettings


def card_reader_settings(config: HallConfig) -> ReaderSettings:
    return config.devices.card_reader


def parse_reader_settings(raw: dict[str, Any], source: str | None = None) -> ReaderSettings:
    """A `[devices.card_reader]` table checked alone."""
    return parse_section("devices.card_reader", raw, source)


__all__ = ["BAUDS", "ReaderSettings", "card_reader_settings", "parse_reader_settings"]
