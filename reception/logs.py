"""Where log lines go, so they reach the journal and never a visitor's screen.

A full-screen app (kiosk, counter, leader, display) owns its terminal: a log
line on stderr would be drawn over the screen. Those log to the system log
socket (/dev/log, which journald reads) when there is one, else to a file
in the data directory. Other commands (serve, backup, the CLI) log plain
lines to stderr, which systemd sends to the journal as they are.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import tempfile
from pathlib import Path

from reception.paths import data_dir

FULL_SCREEN_COMMANDS = {"kiosk", "counter", "leader", "display"}
SYSLOG_SOCKET = "/dev/log"


def setup_logging(command: str | None, level: int = logging.INFO) -> logging.Handler:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = _handler(command)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def _handler(command: str | None) -> logging.Handler:
    if command not in FULL_SCREEN_COMMANDS:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        return handler
    if os.path.exists(SYSLOG_SOCKET):
        try:
            handler = logging.handlers.SysLogHandler(address=SYSLOG_SOCKET)
            handler.setFormatter(logging.Formatter(f"reception-{command}: %(levelname)s %(name)s: %(message)s"))
            return handler
        except OSError:
            pass  # no one listening: fall back to a file
    handler = _file_handler(command)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def _file_handler(command: str) -> logging.Handler:
    """The first log directory that can be written; a kiosk never stops for want of a log file."""
    candidates: list[str | Path | None] = [
        os.environ.get("RECEPTION_LOG_DIR"), data_dir(), Path(tempfile.gettempdir()) / f"reception-{os.getuid()}"
    ]
    for directory in (c for c in candidates if c):
        path = Path(directory) / f"{command}.log"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=3, encoding="utf-8")
        except OSError:
            continue
    return logging.NullHandler()
