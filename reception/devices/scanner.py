"""The QR / bar code scanner for the progress lookup (查询办理进度).

Most scanners are one of two kinds, chosen in `[devices.scanner]`:

    [devices.scanner]
    kind = "keyboard"   # keyboard (default): the scanner types the code and Enter
    # kind = "serial"   # a serial (or USB-CDC) scanner sending the code and CR/LF
    # port = "/dev/reception-scanner"
    # baud = 9600

A keyboard-wedge scanner needs no driver: the kiosk's query screen keeps its
input focused, and a code typed on the welcome screen opens it. A serial
scanner is read here, line by line, in a worker thread (`SerialScanner.run`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reception.config import HallConfig
from reception.config.sections import SCANNER_KINDS, ScannerSettings

log = logging.getLogger(__name__)

MAX_LINE = 512  # a QR code on our tickets is 12 characters; anything longer is noise
KINDS = SCANNER_KINDS


def scanner_settings(config: HallConfig) -> ScannerSettings:
    """`[devices.scanner]`, declared in `reception.config.sections`, checked at load."""
    return config.devices.scanner


class LineSplitter:
    """Codes out of a byte stream: one per CR, LF or CR LF; never raises."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._overflow = False

    def feed(self, data: bytes) -> list[str]:
        codes: list[str] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                if self._buffer and not self._overflow:
                    text = self._buffer.decode("ascii", errors="replace")
                    code = "".join(c for c in text if c.isprintable()).strip()
                    if code:
                        codes.append(code)
                self._buffer.clear()
                self._overflow = False
            elif len(self._buffer) < MAX_LINE:
                self._buffer.append(byte)
            else:
                self._overflow = True  # drop the whole over-long line
        return codes


@dataclass(frozen=True)
class Scanned:
    code: str


@dataclass(frozen=True)
class ScannerStatus:
    ok: bool
    message: str  # Chinese


class SerialScanner:
    def __init__(self, settings: ScannerSettings, opener: Callable[[str, int], Any] | None = None,
                 reopen_seconds: float = 2.0):  # fmt: skip
        self.settings = settings
        self._opener = opener or _open
        self.reopen_seconds = reopen_seconds

    def run(self, emit: Callable[[Scanned | ScannerStatus], None], stop: threading.Event) -> None:
        """Read codes until `stop`; reopen the port after it goes away."""
        from reception.devices.idcard.reader import port_errors

        status: tuple[bool, str] | None = None

        def report(ok: bool, message: str) -> None:
            nonlocal status
            if status != (ok, message):
                status = (ok, message)
                emit(ScannerStatus(ok, message))

        while not stop.is_set():
            try:
                port = self._opener(self.settings.port, self.settings.baud)
            except Exception as exc:  # noqa: BLE001 - any failure to open: retry later
                report(False, f"扫码枪未连接，正在重试…（{self.settings.port}：{exc}）")
                stop.wait(self.reopen_seconds)
                continue
            report(True, "扫码枪就绪")
            splitter = LineSplitter()
            try:
                while not stop.is_set():
                    data = port.read(max(1, port.in_waiting))
                    for code in splitter.feed(data):
                        emit(Scanned(code))
            except port_errors() as exc:
                report(False, f"扫码枪连接中断，正在重试…（{exc}）")
            except Exception:  # noqa: BLE001 - the scanner thread must not die
                log.exception("unexpected scanner failure")
                report(False, "扫码枪故障，正在重试…")
            finally:
                try:
                    port.close()
                except Exception:  # noqa: BLE001
                    pass
            stop.wait(self.reopen_seconds)


def _open(port: str, baud: int) -> Any:
    import serial

    return serial.serial_for_url(port, baudrate=baud, timeout=0.1)


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll `condition` (tests and the CLI)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
