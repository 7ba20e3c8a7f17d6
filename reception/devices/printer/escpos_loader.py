"""The one place python-escpos is imported.

Importing escpos has side effects that hurt under a Textual screen:
`escpos.capabilities` calls `logging.basicConfig()` (a stderr handler that
writes over the TUI), and its printer classes log through the root logger
with `logging.info(...)`, which calls `basicConfig()` again whenever the root
logger has no handler. It also makes a new temporary directory on every import
unless ESCPOS_CAPABILITIES_PICKLE_DIR names one.

So before the first import: the capabilities cache goes to our cache
directory, and if the root logger has no handler yet it gets a NullHandler
(an application that wants log output configures logging before this, or
with `logging.basicConfig(force=True)`). escpos is imported lazily, when a
printer is first used, never at package import: the kiosk starts fast.
"""

from __future__ import annotations

import logging
import os
import threading
from types import ModuleType

_lock = threading.Lock()
_loaded: ModuleType | None = None


def escpos_printer() -> ModuleType:
    """`escpos.printer`, imported once with its side effects tamed."""
    global _loaded
    with _lock:
        if _loaded is None:
            _prepare()
            import escpos.printer

            _loaded = escpos.printer
        return _loaded


def _prepare() -> None:
    if not os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
        from platformdirs import user_cache_path

        cache = user_cache_path("reception", appauthor=False) / "escpos"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
        except OSError:
            pass  # read-only home: escpos falls back to a temporary directory
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())
