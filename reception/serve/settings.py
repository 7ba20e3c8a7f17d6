"""The `[serve]` section: where `reception serve` listens and how many sessions it allows.

Declared in `reception.config.sections` and checked when the file is loaded;
`config.serve` is already a `ServeSettings`.
"""

from __future__ import annotations

from typing import Any

from reception.config import parse_section
from reception.config.sections import ROLES, ServeSettings


def serve_settings(raw: dict[str, Any], source: str | None = None) -> ServeSettings:
    """A `[serve]` table checked alone; a bad key raises ConfigError naming `serve.<key>`."""
    return parse_section("serve", raw, source)


__all__ = ["ROLES", "ServeSettings", "serve_settings"]
