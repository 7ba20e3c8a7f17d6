"""A serial QR / bar code scanner as the kiosk's scan source.

`SerialScanSource` runs `reception.devices.scanner.SerialScanner` in a worker
thread; the app opens the progress lookup with each code (`KioskApp.show_progress`).
A keyboard-wedge scanner needs no source: it types into the lookup screen's
focused input like a keyboard.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from reception.devices.scanner import Scanned, ScannerSettings, ScannerStatus, SerialScanner


class SerialScanSource:
    def __init__(self, settings: ScannerSettings, scanner_factory: Callable[..., SerialScanner] = SerialScanner):
        self.settings = settings
        self._factory = scanner_factory
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, emit: Callable[[Scanned | ScannerStatus], None]) -> None:
        scanner = self._factory(self.settings)
        self._stop.clear()
        self._thread = threading.Thread(
            target=scanner.run, args=(emit, self._stop), name="code-scanner", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None
