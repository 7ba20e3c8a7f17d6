"""Printer status: what the printer says about itself, parsed from its bytes.

python-escpos 3.1's `is_online()` / `paper_status()` cannot be trusted (a
silent printer reads as "plenty of paper"), so the replies are parsed here.

Real-time status (DLE EOT n, `10 04 n`) is answered at once, even while the
printer is busy or stopped. Each reply is one byte with fixed bits
(bit 1 and bit 4 set, bits 0 and 7 clear: `b & 0x93 == 0x12`); a byte without
them is not a status reply. The meaning of the other bits:

    DLE EOT 1 (printer):  0x08 offline
    DLE EOT 2 (offline cause): 0x04 cover open, 0x20 stopped by paper end, 0x40 error
    DLE EOT 3 (error cause):   0x08 autocutter error, 0x20 unrecoverable, 0x40 auto-recoverable
    DLE EOT 4 (paper sensor):  0x0C paper near end, 0x60 paper end

`GS r 1` (`1d 72 01`, paper sensor) is answered only after the data sent
before it has been processed, so it tells that a ticket has gone out:
0x03 near end, 0x0C paper end; fixed bits 4 and 7 clear.

On Linux a USB printer seen as /dev/usb/lpN answers the usblp LPGETSTATUS
ioctl: 0x20 paper empty, 0x10 selected (online), 0x08 no error (active low).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DLE_EOT_PRINTER = b"\x10\x04\x01"
DLE_EOT_OFFLINE = b"\x10\x04\x02"
DLE_EOT_ERROR = b"\x10\x04\x03"
DLE_EOT_PAPER = b"\x10\x04\x04"
GS_R_PAPER = b"\x1d\x72\x01"


class PrinterState(StrEnum):
    READY = "ready"  # answered, nothing wrong
    PAPER_LOW = "paper_low"  # near the end of the roll: prints, staff should change it
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"  # says it is offline, cause not given
    ERROR = "error"  # cutter jam, mechanical or other error
    UNREACHABLE = "unreachable"  # cannot connect or write: off, cable pulled, wrong address
    UNKNOWN = "unknown"  # the connection cannot tell, or no answer

    @property
    def message(self) -> str:
        return STATE_MESSAGES[self]

    @property
    def advice(self) -> str:
        """What staff should do about it, in Chinese ("" when nothing)."""
        return STATE_ADVICE[self]

    @property
    def can_print(self) -> bool:
        """Worth sending a ticket: nothing known to be wrong."""
        return self in (PrinterState.READY, PrinterState.PAPER_LOW, PrinterState.UNKNOWN)


STATE_MESSAGES = {
    PrinterState.READY: "打印机正常",
    PrinterState.PAPER_LOW: "打印纸即将用完，请及时更换",
    PrinterState.PAPER_OUT: "打印机缺纸",
    PrinterState.COVER_OPEN: "打印机纸仓盖未合上",
    PrinterState.OFFLINE: "打印机脱机",
    PrinterState.ERROR: "打印机故障",
    PrinterState.UNREACHABLE: "无法连接打印机",
    PrinterState.UNKNOWN: "打印机状态未知（此连接方式无法读取状态）",
}

# For staff and technicians: what to do. (Visitors are told to ask staff.)
STATE_ADVICE = {
    PrinterState.READY: "",
    PrinterState.PAPER_LOW: "请准备好新纸卷",
    PrinterState.PAPER_OUT: "请装入新纸卷并合上纸仓盖",
    PrinterState.COVER_OPEN: "请合上纸仓盖",
    PrinterState.OFFLINE: "请检查打印机电源和指示灯，必要时关机再开机",
    PrinterState.ERROR: "多为切刀卡纸或机械故障：请关机，打开纸仓盖清除卡纸后再开机",
    PrinterState.UNREACHABLE: "请检查打印机是否开机、线缆是否插好，以及配置 [devices.printer] 中的地址",
    PrinterState.UNKNOWN: "",
}


@dataclass(frozen=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""  # for the log and the technician: what was read or what failed

    @property
    def message(self) -> str:
        return self.state.message

    @property
    def advice(self) -> str:
        return self.state.advice

    @property
    def explained(self) -> str:
        """What happened and what to do: 打印机缺纸。请装入新纸卷并合上纸仓盖"""
        return f"{self.message}。{self.advice}" if self.advice else self.message

    @property
    def can_print(self) -> bool:
        return self.state.can_print

    @property
    def is_fault(self) -> bool:
        return not self.state.can_print

    @classmethod
    def ready(cls, detail: str = "") -> PrinterStatus:
        return cls(PrinterState.READY, detail)

    @classmethod
    def unknown(cls, detail: str = "") -> PrinterStatus:
        return cls(PrinterState.UNKNOWN, detail)


def is_status_byte(value: int) -> bool:
    """True for a DLE EOT reply byte (its fixed bits are right)."""
    return value & 0x93 == 0x12


def first_status_byte(reply: bytes | None) -> int | None:
    """The DLE EOT reply in `reply`, or None if it holds none."""
    for value in reply or b"":
        if is_status_byte(value):
            return value
    return None


def from_realtime(
    printer: int | None,
    offline: int | None = None,
    error: int | None = None,
    paper: int | None = None,
) -> PrinterStatus:
    """The status from DLE EOT 1, 2, 3 and 4 reply bytes (None: not answered)."""
    if printer is None:
        return PrinterStatus.unknown("打印机未应答状态查询 (DLE EOT 1)")
    detail = " ".join(
        f"EOT{n}={value:02x}"
        for n, value in ((1, printer), (2, offline), (3, error), (4, paper))
        if value is not None
    )
    if offline is not None:
        if offline & 0x04:
            return PrinterStatus(PrinterState.COVER_OPEN, detail)
        if offline & 0x20:
            return PrinterStatus(PrinterState.PAPER_OUT, detail)
    if paper is not None and paper & 0x60:
        return PrinterStatus(PrinterState.PAPER_OUT, detail)
    if offline is not None and offline & 0x40:
        return PrinterStatus(PrinterState.ERROR, detail)
    if error is not None and error & 0x68:
        return PrinterStatus(PrinterState.ERROR, detail)
    if printer & 0x08:
        return PrinterStatus(PrinterState.OFFLINE, detail)
    if paper is not None and paper & 0x0C:
        return PrinterStatus(PrinterState.PAPER_LOW, detail)
    return PrinterStatus(PrinterState.READY, detail)


def from_paper_sensor(reply: bytes | None) -> PrinterStatus | None:
    """The status from a `GS r 1` reply; None if `reply` holds no such byte."""
    for value in reply or b"":
        if value & 0x90 == 0:
            detail = f"GSr1={value:02x}"
            if value & 0x0C:
                return PrinterStatus(PrinterState.PAPER_OUT, detail)
            if value & 0x03:
                return PrinterStatus(PrinterState.PAPER_LOW, detail)
            return PrinterStatus(PrinterState.READY, detail)
    return None


LP_PERRORP = 0x08  # active low: clear means an error
LP_PSELECD = 0x10  # selected: online
LP_POUTPA = 0x20  # paper out


def from_usblp(value: int) -> PrinterStatus:
    """The status from the Linux usblp LPGETSTATUS ioctl's byte."""
    detail = f"LPGETSTATUS={value:02x}"
    if value & LP_POUTPA:
        return PrinterStatus(PrinterState.PAPER_OUT, detail)
    if not value & LP_PSELECD:
        return PrinterStatus(PrinterState.OFFLINE, detail)
    if not value & LP_PERRORP:
        return PrinterStatus(PrinterState.ERROR, detail)
    return PrinterStatus(PrinterState.READY, detail)
