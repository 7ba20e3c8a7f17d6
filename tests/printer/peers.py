"""Printers on the far end of real bytes, for the printer tests.

`PrinterBrain` is what an ESC/POS printer does with the bytes it receives, as
far as status goes: it keeps every byte, answers DLE EOT n with the status
byte configured for n (or stays silent), and answers GS r 1 once the bytes
before it have "printed". It sits behind a real pty (a serial port to the code
under test) or a real TCP socket on 127.0.0.1 (a network printer on port 9100).
"""

from __future__ import annotations

import os
import select
import socket
import threading
import tty

READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72}  # offline, stopped by paper end, sensor empty
COVER_OPEN = {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}
OFFLINE = {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12}
PAPER_LOW = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}
CUTTER_JAM = {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12}


class PrinterBrain:
    def __init__(self, status: dict[int, int] | None = None, answers_gs_r: bool = True):
        self.status = dict(READY if status is None else status)
        self.answers_gs_r = answers_gs_r
        self.silent = False  # answers nothing at all (a printer without a back channel)
        self.garbage: bytes | None = None  # answers every query with these bytes instead
        self.received = bytearray()
        self.after_job_status: dict[int, int] | None = None  # the state once a job has printed
        self.lock = threading.Lock()
        self._pending = b""

    def feed(self, chunk: bytes) -> bytes:
        """Take received bytes; return the reply bytes to send back."""
        with self.lock:
            self.received += chunk
            data = self._pending + chunk
            replies = bytearray()
            i = 0
            while i < len(data):
                if data[i] in (0x10, 0x1D) and len(data) - i < 3:
                    break  # maybe a query split across reads
                three = data[i : i + 3]
                if three[:2] == b"\x10\x04":
                    replies += self._answer_eot(three[2])
                    i += 3
                elif three[:2] == b"\x1d\x72" and three[2] in (1, 49):
                    if self.answers_gs_r and not self.silent:
                        if self.after_job_status is not None:
                            self.status = dict(self.after_job_status)
                        replies += self._answer_gs_r()
                    i += 3
                else:
                    i += 1
            self._pending = data[i:]
            return bytes(replies)

    def _answer_eot(self, n: int) -> bytes:
        if self.silent:
            return b""
        if self.garbage is not None:
            return self.garbage
        value = self.status.get(n)
        return b"" if value is None else bytes([value])

    def _answer_gs_r(self) -> bytes:
        if self.garbage is not None:
            return self.garbage
        paper = self.status.get(4, 0x12)
        value = (0x0C if paper & 0x60 else 0) | (0x03 if paper & 0x0C else 0)
        return bytes([value])

    @property
    def jobs_bytes(self) -> bytes:
        """Everything received except the status queries themselves."""
        data = bytes(self.received)
        for query in (b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04", b"\x1d\x72\x01"):
            data = data.replace(query, b"")
        return data


class _Runner:
    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        raise NotImplementedError


class PtyPrinter(_Runner):
    """A printer on a serial port: `path` is the port the code under test opens."""

    def __init__(self, brain: PrinterBrain):
        super().__init__()
        self.brain = brain
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.reading = True  # False: stop reading (the printer's buffer is full)

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self.reading:
                self._stop.wait(0.02)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                self._stop.wait(0.02)
                continue
            reply = self.brain.feed(chunk)
            if reply:
                os.write(self.master, reply)

    def stop(self) -> None:
        super().stop()
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


class TcpPrinter(_Runner):
    """A network printer on 127.0.0.1:`port`, one connection at a time."""

    def __init__(self, brain: PrinterBrain):
        super().__init__()
        self.brain = brain
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.hang_up_after: int | None = None  # close the connection after this many bytes

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(0.05)
                got = 0
                while not self._stop.is_set():
                    try:
                        chunk = conn.recv(4096)
                    except (TimeoutError, socket.timeout):
                        continue
                    except OSError:
                        break
                    if not chunk:
                        break
                    got += len(chunk)
                    reply = self.brain.feed(chunk)
                    if self.hang_up_after is not None and got >= self.hang_up_after:
                        break
                    if reply:
                        try:
                            conn.sendall(reply)
                        except OSError:
                            break

    def stop(self) -> None:
        super().stop()
        self.server.close()


def free_port() -> int:
    """A local port nobody listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
