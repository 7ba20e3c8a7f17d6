"""The `[kiosk]` configuration section.

Its keys, ranges and messages are declared with the rest of the file in
`reception.config.sections`, and checked when the file is loaded (with the
hall's services: a kiosk naming an undefined service code is refused there).
"""

from __future__ import annotations

from reception.config import HallConfig
from reception.config.sections import KioskSettings


def kiosk_settings(config: HallConfig) -> KioskSettings:
    """The kiosk's settings of `config` (checked when it was loaded)."""
    return config.kiosk


__all__ = ["KioskSettings", "kiosk_settings"]
