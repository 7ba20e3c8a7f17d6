"""The `[display]` section of the hall configuration.

Declared in `reception.config.sections` and checked when the file is loaded;
`config.display` is already a `DisplaySettings`.
"""

from __future__ import annotations

from typing import Any

from reception.config import parse_section
from reception.config.sections import DEFAULT_VOICE_COMMAND, DisplaySettings


def display_settings(raw: dict[str, Any], source: str | None = None) -> DisplaySettings:
    """A `[display]` table checked alone; a bad key raises ConfigError naming `display.<key>`."""
    return parse_section("display", raw, source)


__all__ = ["DEFAULT_VOICE_COMMAND", "DisplaySettings", "display_settings"]
