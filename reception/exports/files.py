"""Private, all-or-nothing output files and a progress bar on stderr."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reception.queue.errors import os_reason

EXPORT_FILE_MODE = 0o600  # personal data: the owner only


class ExportError(Exception):
    """A file that cannot be written; the message is Chinese, for the person running it."""


@contextmanager
def private_output(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` (mode 0600) to write to; yields it, and the
    caller moves it into place with `finish`. Anything raised (Ctrl+C included)
    removes the temporary file: no partial export is ever left behind."""
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"{target} 是一个目录，请给出文件名，如 {target / '台账.xlsx'}")
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise ExportError(f"无法写入 {target}：{_reason(exc)}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, EXPORT_FILE_MODE)
        yield temporary
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"无法写入 {target}：{_reason(exc)}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    temporary.unlink(missing_ok=True)  # still there: the caller did not finish


def finish(temporary: Path, target: Path) -> None:
    """Move the complete file into place (atomic on one file system), mode 0600."""
    try:
        os.chmod(temporary, EXPORT_FILE_MODE)
        os.replace(temporary, target)
    except OSError as exc:
        raise ExportError(f"无法写入 {target}：{_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "目录不存在"
    if isinstance(exc, PermissionError):
        return "没有写入权限"
    return os_reason(exc)


class Progress:
    """`导出台账 [#####.....] 1200/15000` on stderr, only when stderr is a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, minimum: int = 1000):
        self.stream = stream or sys.stderr
        self.label, self.total = label, total
        self.shown = total >= minimum and self.stream.isatty()
        self._last = 0.0

    def update(self, done: int) -> None:
        if not self.shown or (time.monotonic() - self._last < 0.1 and done < self.total):
            return
        self._last = time.monotonic()
        filled = 30 * done // max(self.total, 1)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")  # clear the bar's line
            self.stream.flush()
