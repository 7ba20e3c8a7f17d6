"""Connections to the printer, built from `PrinterSettings`.

A `Link` is opened for each job and closed after it, so a printer that was
switched off or unplugged in between is simply found again. Every operation
has a short time limit, and every failure is a `LinkError` carrying the
printer state it means (mostly UNREACHABLE): a kiosk's print worker must never
hang on a printer nor die of it.

usb, serial and network use python-escpos's connection classes (`Usb`,
`Serial`, `Network`) for opening; reading replies and closing are done on
their underlying pyusb device, pyserial port or socket with our own time
limits, because 3.1 reads without one (Network: 60 s by default) and its
Serial.close() drains the output, which blocks for ever when hardware flow
control has stopped.

`file` writes a device file (/dev/usb/lp0, a parallel port, a FIFO) itself,
non-blocking with a time limit: a usblp printer out of paper otherwise blocks
the writer indefinitely. On Linux usblp it reads the status by ioctl.

`preview` writes each job's bytes with a PNG and a text rendering into a
directory; `dummy` keeps the jobs in memory. Both can pretend a fault
(`simulate`) so the kiosk's fault screens can be tried without hardware.
"""

from __future__ import annotations

import errno
import logging
import os
import select
import stat
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reception.devices.printer.settings import PrinterSettings
from reception.devices.printer.status import PrinterState, PrinterStatus, from_usblp

log = logging.getLogger(__name__)


class LinkError(Exception):
    """The connection failed; `status` says what that means for printing."""

    def __init__(self, state: PrinterState, detail: str):
        super().__init__(detail)
        self.status = PrinterStatus(state, detail)


class Link:
    """One printer connection. Subclasses fill in the transport."""

    can_read = False  # whether status replies can be read over this connection

    def __init__(self, settings: PrinterSettings):
        self.settings = settings

    @property
    def description(self) -> str:
        return self.settings.describe()

    def open(self) -> None:
        """Connect; raises LinkError."""

    def write(self, data: bytes, label: str = "") -> None:
        """Send `data` (one job; `label` names it, e.g. the ticket number)."""
        raise NotImplementedError

    def read(self, timeout: float) -> bytes:
        """Bytes the printer sent, waiting at most `timeout`; b"" if none."""
        return b""

    def flush_input(self) -> None:
        """Drop replies still waiting from an earlier query."""

    def query(self, request: bytes, timeout: float) -> bytes | None:
        """Send a status request and return the reply (b"" if none came).

        None: this connection cannot read at all.
        """
        if not self.can_read:
            return None
        self.flush_input()
        self.write(request)
        return self.read(timeout)

    def device_status(self) -> PrinterStatus | None:
        """A status the connection itself knows (usblp ioctl, simulation), else None."""
        return None

    def close(self) -> None:
        """Disconnect; never raises."""


def make_link(settings: PrinterSettings) -> Link:
    kinds = {
        "preview": PreviewLink,
        "dummy": MemoryLink,
        "file": DeviceFileLink,
        "serial": SerialLink,
        "network": NetworkLink,
        "usb": UsbLink,
    }
    return kinds[settings.kind](settings)


# ---------------------------------------------------------------- simulation


class _SimulatedLink(Link):
    """Shared by preview and dummy: `simulate` pretends the printer's state."""

    def open(self) -> None:
        if self.settings.simulate == PrinterState.UNREACHABLE:
            raise LinkError(PrinterState.UNREACHABLE, "模拟：打印机未连接 (simulate)")

    def device_status(self) -> PrinterStatus:
        if self.settings.simulate:
            return PrinterStatus(PrinterState(self.settings.simulate), "模拟 (simulate)")
        return PrinterStatus.ready(self.description)


class MemoryLink(_SimulatedLink):
    """kind = "dummy": jobs are kept in `jobs` (bytes, newest last)."""

    def __init__(self, settings: PrinterSettings):
        super().__init__(settings)
        self.jobs: list[bytes] = []

    def write(self, data: bytes, label: str = "") -> None:
        self.jobs.append(bytes(data))


class PreviewLink(_SimulatedLink):
    """kind = "preview": <preview_dir>/<time>-<label>.bin, .txt and .png per job."""

    def __init__(self, settings: PrinterSettings):
        super().__init__(settings)
        self.last_files: list[Path] = []

    def open(self) -> None:
        super().open()
        assert self.settings.preview_dir is not None
        try:
            self.settings.preview_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LinkError(PrinterState.UNREACHABLE, f"无法创建预览目录：{exc}") from None

    def write(self, data: bytes, label: str = "") -> None:
        from reception.devices.printer.decode import decode
        from reception.devices.printer.fonts import find_cjk_font
        from reception.devices.printer.preview import preview_image, preview_text

        directory = self.settings.preview_dir
        assert directory is not None
        safe = "".join(c for c in label if c.isascii() and c.isalnum())[:20] or "job"
        # UTC, named so: the preview knows no hall clock and the machine's zone is no one's.
        stem = directory / f"{datetime.now(UTC):%Y%m%d-%H%M%S-%fZ}-{safe}"
        try:
            stem.with_suffix(".bin").write_bytes(data)
            decoded = decode(data)
            stem.with_suffix(".txt").write_text(
                preview_text(decoded, self.settings.columns), encoding="utf-8"
            )
            image = preview_image(decoded, self.settings.paper_dots, find_cjk_font(self.settings.font))
            image.save(stem.with_suffix(".png"))
        except OSError as exc:
            raise LinkError(PrinterState.UNREACHABLE, f"无法写入预览文件：{exc}") from None
        self.last_files = [stem.with_suffix(s) for s in (".bin", ".txt", ".png")]

    @property
    def description(self) -> str:
        return f"预览目录 {self.settings.preview_dir}"


# ---------------------------------------------------------------- device file

LPGETSTATUS = 0x060B


class DeviceFileLink(Link):
    """kind = "file": a device file written non-blocking with a time limit."""

    def __init__(self, settings: PrinterSettings):
        super().__init__(settings)
        self.fd: int | None = None

    def open(self) -> None:
        path = self.settings.device
        flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | os.O_APPEND
        try:
            self.fd = os.open(path, flags)
        except FileNotFoundError:
            raise LinkError(PrinterState.UNREACHABLE, f"设备文件 {path} 不存在（打印机未连接或未开机）") from None
        except OSError as exc:
            if exc.errno == errno.ENXIO:  # a FIFO or port with nobody on the other side
                raise LinkError(PrinterState.UNREACHABLE, f"{path} 另一端没有设备") from None
            raise LinkError(PrinterState.UNREACHABLE, f"无法打开 {path}：{exc.strerror}") from None

    def write(self, data: bytes, label: str = "") -> None:
        assert self.fd is not None
        deadline = time.monotonic() + self.settings.timeout
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LinkError(
                    PrinterState.UNREACHABLE,
                    f"写入超时：{self.settings.timeout:g} 秒内打印机没有接收数据"
                    f"（已送出 {len(data) - len(view)}/{len(data)} 字节）",
                )
            try:
                _, ready, _ = select.select([], [self.fd], [], remaining)
                if not ready:
                    continue
                written = os.write(self.fd, view)
            except BlockingIOError:
                continue
            except OSError as exc:
                raise LinkError(PrinterState.UNREACHABLE, f"写入打印机失败：{exc.strerror}") from None
            view = view[written:]

    def device_status(self) -> PrinterStatus | None:
        """usblp's LPGETSTATUS, on a character device that answers it."""
        if self.fd is None:
            return None
        try:
            if not stat.S_ISCHR(os.fstat(self.fd).st_mode):
                return None
            import fcntl

            buf = bytearray(4)
            fcntl.ioctl(self.fd, LPGETSTATUS, buf)
        except (OSError, ImportError):
            return None  # not a usblp device (a serial port, a parallel port on another driver)
        return from_usblp(int.from_bytes(buf, "little") & 0xFF)

    def close(self) -> None:
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None


# ---------------------------------------------------------------- python-escpos links


class _EscposLink(Link):
    """Opens through a python-escpos printer class; talks to its device."""

    can_read = True

    def __init__(self, settings: PrinterSettings):
        super().__init__(settings)
        self.printer: Any = None  # a python-escpos printer (untyped) while open

    def _make(self):
        raise NotImplementedError

    def open(self) -> None:
        from reception.devices.printer.escpos_loader import escpos_printer

        escpos_printer()
        from escpos.exceptions import DeviceNotFoundError

        printer = self._make()
        try:
            printer.open()
        except DeviceNotFoundError as exc:
            printer._device = False  # keep escpos's __del__ from closing again
            raise LinkError(PrinterState.UNREACHABLE, _first_line(exc)) from None
        except Exception as exc:  # no pyusb / libusb backend, permissions, ...
            printer._device = False
            if type(exc).__name__ == "NoBackendError":
                raise LinkError(PrinterState.UNREACHABLE,
                                "系统缺少 libusb，无法使用 USB 打印机：请安装 libusb-1.0-0（apt install libusb-1.0-0）"
                                ) from None  # fmt: skip
            raise LinkError(PrinterState.UNREACHABLE, f"{type(exc).__name__}: {_first_line(exc)}") from None
        self.printer = printer
        self._configure(printer.device)

    def _configure(self, device) -> None:
        pass

    def write(self, data: bytes, label: str = "") -> None:
        assert self.printer is not None
        try:
            self.printer._raw(data)
        except Exception as exc:
            raise LinkError(PrinterState.UNREACHABLE, f"写入打印机失败：{type(exc).__name__}: {_first_line(exc)}") from None

    def close(self) -> None:
        printer, self.printer = self.printer, None
        if printer is None:
            return
        try:
            self._close_device(printer._device)
        except Exception as exc:
            log.warning("closing the printer connection failed: %s", exc)
        printer._device = False

    def _close_device(self, device) -> None:
        raise NotImplementedError


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return " ".join(text.split())[:200] or type(exc).__name__


class SerialLink(_EscposLink):
    def _make(self):
        from reception.devices.printer.escpos_loader import escpos_printer

        s = self.settings
        return escpos_printer().Serial(
            devfile=s.device,
            baudrate=s.baudrate,
            timeout=s.status_timeout,
            xonxoff=s.flow_control == "xonxoff",
            dsrdtr=s.flow_control == "dsrdtr",
        )

    def _configure(self, device) -> None:
        device.write_timeout = self.settings.timeout
        if self.settings.flow_control == "rtscts":
            device.rtscts = True

    def write(self, data: bytes, label: str = "") -> None:
        import serial

        assert self.printer is not None
        try:
            self.printer._raw(data)
        except serial.SerialTimeoutException:
            raise LinkError(
                PrinterState.UNREACHABLE,
                f"写入超时：{self.settings.timeout:g} 秒内打印机没有接收数据（流控制停止，打印机可能未开机）",
            ) from None
        except (serial.SerialException, OSError) as exc:
            raise LinkError(PrinterState.UNREACHABLE, f"串口写入失败：{_first_line(exc)}") from None

    def read(self, timeout: float) -> bytes:
        import serial

        device = self.printer.device
        try:
            device.timeout = timeout
            first = device.read(1)  # returns as soon as the reply starts
            return bytes(first + device.read(device.in_waiting)) if first else b""
        except (serial.SerialException, OSError) as exc:
            raise LinkError(PrinterState.UNREACHABLE, f"串口读取失败：{_first_line(exc)}") from None

    def flush_input(self) -> None:
        try:
            self.printer.device.reset_input_buffer()
        except Exception:
            pass

    def _close_device(self, device) -> None:
        if not device:
            return
        # Closing a tty waits until its output has drained; with flow control
        # stopped that can be 30 s. Wait a little, then discard what is left.
        deadline = time.monotonic() + min(self.settings.timeout, 2.0)
        try:
            while device.out_waiting and time.monotonic() < deadline:
                time.sleep(0.02)
            if device.out_waiting:
                device.reset_output_buffer()
        except Exception:
            pass
        device.close()


class NetworkLink(_EscposLink):
    def _make(self):
        from reception.devices.printer.escpos_loader import escpos_printer

        return escpos_printer().Network(
            host=self.settings.host, port=self.settings.port, timeout=self.settings.timeout
        )

    def read(self, timeout: float) -> bytes:

        sock = self.printer.device
        try:
            sock.settimeout(timeout)
            reply = sock.recv(16)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise LinkError(PrinterState.UNREACHABLE, f"网络读取失败：{_first_line(exc)}") from None
        finally:
            try:
                sock.settimeout(self.settings.timeout)
            except OSError:
                pass
        if reply == b"":
            raise LinkError(PrinterState.UNREACHABLE, "打印机断开了网络连接")
        return reply

    def flush_input(self) -> None:
        sock = self.printer.device
        try:
            sock.setblocking(False)
            for _ in range(64):
                if not sock.recv(4096):
                    break
        except (BlockingIOError, OSError):
            pass
        finally:
            try:
                sock.settimeout(self.settings.timeout)
            except OSError:
                pass

    def _close_device(self, device) -> None:
        import socket

        if not device:
            return
        try:
            device.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        device.close()


class UsbLink(_EscposLink):
    def _make(self):
        from reception.devices.printer.escpos_loader import escpos_printer

        s = self.settings
        return escpos_printer().Usb(
            idVendor=s.vendor_id,
            idProduct=s.product_id,
            timeout=int(s.timeout * 1000),
            in_ep=s.in_ep,
            out_ep=s.out_ep,
        )

    def read(self, timeout: float) -> bytes:
        import usb.core

        try:
            return bytes(self.printer.device.read(self.settings.in_ep, 16, int(timeout * 1000)))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise LinkError(PrinterState.UNREACHABLE, f"USB 读取失败：{_first_line(exc)}") from None

    def flush_input(self) -> None:
        for _ in range(8):
            try:
                if not self.read(0.01):
                    return
            except LinkError:
                return

    def _close_device(self, device) -> None:
        import usb.util

        if device:
            usb.util.dispose_resources(device)
