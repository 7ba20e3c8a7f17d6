"""The one place python-escpos is imported.

Importing escpos has side effects that hurt under a Textual screen:
`escpos.capabilities` calls `logging.basicConfig()` (a stderr handler that
writes over the TUI), and its printer classes log through the root logger
with `logging.info(...)`, which calls `basicConfig()` again whenever the root
logger has no handler. It also makes a new temporary directory in every process that
imports it (mkdtemp is called even when ESCPOS_CAPABILITIES_PICKLE_DIR is set),
and without that variable re-reads its capabilities every time.

So before the first import: the capabilities cache goes to our cache
directory, escpos's temporary directory is made in a scratch directory there
and removed, and if the root logger has no handler yet it gets a NullHandler
(an application that wants log output configures logging before this, or
with `logging.basicConfig(force=True)`). escpos is imported lazily, when a
printer is first used, never at package import: the kiosk starts fast.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from types import ModuleType

_lock = threading.Lock()
_loaded: ModuleType | None = None


def escpos_printer() -> ModuleType:
    """`escpos.printer`, imported once with its side effects tamed."""
    global _loaded
    with _lock:
        if _loaded is None:
            scratch = _prepare()
            saved = tempfile.tempdir
            try:
                # escpos.capabilities calls mkdtemp() even when the variable is set
                # (`environ.get(KEY, mkdtemp())`): let it make that one in a
                # scratch directory, removed right after.
                if scratch is not None:
                    tempfile.tempdir = str(scratch)
                import escpos.printer
            finally:
                tempfile.tempdir = saved
                if scratch is not None:
                    shutil.rmtree(scratch, ignore_errors=True)
            _loaded = escpos.printer
        return _loaded


def _prepare() -> Path | None:
    """Set up the environment; return a scratch directory for escpos's mkdtemp."""
    from platformdirs import user_cache_path

    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    cache = user_cache_path("reception", appauthor=False) / "escpos"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="import-", dir=cache))
    except OSError:
        return None  # read-only home: escpos uses the system temporary directory
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))
    return scratch
