"""The hall's configuration: one TOML file, checked whole when it is loaded.

`hall.py` holds the hall's own keys and `load_config`; `sections.py` the
sections a front end or a device reads; `schema.py` the one validator and its
Chinese messages. Import from here.
"""

from reception.config.hall import (
    DEFAULT_CATEGORIES,
    DEFAULT_PURPOSES,
    DEFAULT_REPRESENTATIVE_RULE,
    DEFAULT_SERVICES,
    DEFAULT_WINDOWS,
    HallConfig,
    Service,
    Window,
    load_config,
    parse_config,
    parse_section,
)
from reception.config.schema import ConfigError
from reception.config.sections import WEEKDAY_NAMES, HoursSettings, parse_session

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_PURPOSES",
    "DEFAULT_REPRESENTATIVE_RULE",
    "DEFAULT_SERVICES",
    "DEFAULT_WINDOWS",
    "WEEKDAY_NAMES",
    "ConfigError",
    "HallConfig",
    "HoursSettings",
    "Service",
    "Window",
    "load_config",
    "parse_config",
    "parse_section",
    "parse_session",
]
