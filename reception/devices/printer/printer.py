"""`TicketPrinter`: a slip in, a `PrintResult` out, whatever the printer does.

    printer = TicketPrinter.from_config(hall_config)   # ConfigError if misconfigured
    result = printer.print_slip(slip)                   # never raises for printer faults
    if not result.ok:
        hall.record_print(ticket.id, ok=False, actor="kiosk", error=result.error)

Each job: connect, read the status (DLE EOT 1/2/4 where the connection can
read; usblp's ioctl on /dev/usb/lpN), refuse to send if the printer is known
to be out of paper, open, offline or in error, send, then ask `GS r 1` (it is
answered once the ticket has been processed) and read the status again, then
disconnect. Connections that cannot read (a plain file, most device files)
give UNKNOWN and the ticket is sent anyway.

Blocking: a job takes from milliseconds (preview) to a few seconds (a QR
image at 9600 baud), and up to the configured `timeout` when the printer does
not answer. Call it from a worker thread, one job at a time (a lock makes
concurrent calls wait their turn).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from reception.config import ConfigError, HallConfig
from reception.devices.printer.layout import Op, sample_page_layout, ticket_layout
from reception.devices.printer.links import Link, LinkError, make_link
from reception.devices.printer.settings import PrinterSettings, printer_settings
from reception.devices.printer.status import (
    DLE_EOT_ERROR,
    DLE_EOT_OFFLINE,
    DLE_EOT_PAPER,
    DLE_EOT_PRINTER,
    GS_R_PAPER,
    PrinterState,
    PrinterStatus,
    first_status_byte,
    from_paper_sensor,
    from_realtime,
)
from reception.queue.models import TicketSlip

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintResult:
    ok: bool  # the ticket went out, as far as the connection can tell
    status: PrinterStatus  # after printing; on failure, the fault
    message: str  # Chinese, for the person at the kiosk or counter
    data: bytes = field(repr=False)  # the job's bytes: sent, or that would have been sent
    sent: bool  # the bytes were handed to the printer (a fault after that: maybe a partial ticket)
    target: str  # where it went, for people: 网络打印机 10.0.0.5:9100, 预览目录 ...

    @property
    def error(self) -> str:
        """One line for the log, staff and `Hall.record_print(error=...)`: what
        happened, what to do, and the technical detail; "" when ok."""
        if self.ok:
            return ""
        detail = f"（{self.status.detail}）" if self.status.detail else ""
        return f"{self.status.explained}{detail}"[:200]


class TicketPrinter:
    def __init__(self, settings: PrinterSettings, link: Link | None = None):
        self.settings = settings
        self.link = link if link is not None else make_link(settings)
        self._lock = threading.Lock()
        self._font = None
        self._answers_gs_r: bool | None = None  # learnt: does this printer answer GS r 1?
        if settings.chinese == "image":
            self._font = self._find_font()

    @classmethod
    def from_config(cls, config: HallConfig) -> TicketPrinter:
        """The printer `[devices.printer]` describes; ConfigError if it is wrong."""
        return cls(printer_settings(config))

    def _find_font(self):
        from reception.devices.printer.fonts import find_cjk_font

        font = find_cjk_font(self.settings.font)
        if font is None:
            where = f"字体文件 {self.settings.font} 没有中文字形" if self.settings.font else "系统中找不到中文字体"
            raise ConfigError(
                "devices.printer.font",
                f"chinese = \"image\" 需要中文字体：{where}；请安装 fonts-noto-cjk 或在 font 中指定字体文件",
                self.settings.source,
            )
        return font

    @property
    def target(self) -> str:
        return self.link.description

    # ------------------------------------------------------------ rendering

    def render(self, ops: list[Op]) -> bytes:
        from reception.devices.printer.render import RenderOptions, render

        s = self.settings
        options = RenderOptions(
            columns=s.columns,
            paper_dots=s.paper_dots,
            qr_native=s.qr_native,
            qr_module=s.qr_module,
            chinese=s.chinese,
            font=self._font,
            cut=s.cut,
        )
        return render(ops, options)

    def render_slip(self, slip: TicketSlip) -> bytes:
        """The exact bytes `print_slip(slip)` sends; no I/O."""
        return self.render(ticket_layout(slip, self.settings.columns))

    def render_sample_page(self) -> bytes:
        return self.render(sample_page_layout(self.settings.columns, self.settings.qr_mode, self.target))

    # ------------------------------------------------------------ printing

    def print_slip(self, slip: TicketSlip) -> PrintResult:
        """Print one ticket. Never raises for printer faults; see PrintResult."""
        try:
            data = self.render_slip(slip)
        except Exception as exc:  # a bug must not take the kiosk down; it is logged
            log.exception("rendering ticket %s failed", slip.number)
            status = PrinterStatus(PrinterState.ERROR, f"排版出错：{type(exc).__name__}: {exc}"[:200])
            return self._failed(status, b"", sent=False)
        return self.print_job(data, label=slip.number)

    def print_sample_page(self) -> PrintResult:
        return self.print_job(self.render_sample_page(), label="test")

    def print_job(self, data: bytes, label: str = "") -> PrintResult:
        """Send prepared job bytes (e.g. a reprint read from a file)."""
        with self._lock:
            sent = False
            try:
                self.link.open()
                try:
                    before = self._read_status()
                    if before.is_fault:
                        return self._failed(before, data, sent=False)
                    self.link.write(data, label)
                    sent = True
                    after = self._after_job(before)
                finally:
                    self.link.close()
            except LinkError as exc:
                return self._failed(exc.status, data, sent=sent)
            except Exception as exc:
                log.exception("printing %s failed", label or "a job")
                status = PrinterStatus(PrinterState.ERROR, f"{type(exc).__name__}: {exc}"[:200])
                return self._failed(status, data, sent=sent)
            if after.is_fault:
                return self._failed(after, data, sent=True)
            return PrintResult(True, after, "凭条已打印，请取走凭条", data, True, self.target)

    def status(self) -> PrinterStatus:
        """The printer's state now; never raises."""
        with self._lock:
            try:
                self.link.open()
                try:
                    return self._read_status()
                finally:
                    self.link.close()
            except LinkError as exc:
                return exc.status
            except Exception as exc:
                log.exception("reading the printer status failed")
                return PrinterStatus(PrinterState.UNKNOWN, f"{type(exc).__name__}: {exc}"[:200])

    # ------------------------------------------------------------ internals

    def _failed(self, status: PrinterStatus, data: bytes, sent: bool) -> PrintResult:
        if sent:
            message = f"凭条可能没有完整打印（{status.message}），请联系工作人员补打"
        else:
            message = f"凭条未能打印（{status.message}），请联系工作人员补打"
        log.warning("ticket printer: %s %s [%s]", message, status.detail, self.target)
        return PrintResult(False, status, message, data, sent, self.target)

    def _read_status(self) -> PrinterStatus:
        known = self.link.device_status()
        if known is not None:
            return known
        if not self.link.can_read:
            return PrinterStatus.unknown(f"{self.target} 无法读取状态")
        timeout = self.settings.status_timeout
        printer = first_status_byte(self.link.query(DLE_EOT_PRINTER, timeout))
        if printer is None:
            return from_realtime(None)
        offline = first_status_byte(self.link.query(DLE_EOT_OFFLINE, timeout))
        paper = first_status_byte(self.link.query(DLE_EOT_PAPER, timeout))
        error = None
        if offline is not None and offline & 0x40:
            error = first_status_byte(self.link.query(DLE_EOT_ERROR, timeout))
        return from_realtime(printer, offline, error, paper)

    def _after_job(self, before: PrinterStatus) -> PrinterStatus:
        """The state once the ticket has gone through, as far as can be told."""
        confirmed = None
        talks = before.state is not PrinterState.UNKNOWN
        if self.link.can_read and talks and self._answers_gs_r is not False:
            # Answered only after the job has been processed: waits for the print.
            confirmed = from_paper_sensor(self.link.query(GS_R_PAPER, self.settings.timeout))
        status = self._read_status()
        if confirmed is not None:
            self._answers_gs_r = True
            if confirmed.is_fault and not status.is_fault:
                return confirmed
        elif status.state is PrinterState.READY or status.state is PrinterState.PAPER_LOW:
            # It talks and is fine, yet said nothing to GS r 1: it does not
            # know the command. Do not wait for it again.
            self._answers_gs_r = False
        return status
