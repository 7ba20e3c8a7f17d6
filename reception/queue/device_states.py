"""What the kiosks say about their devices (the ticket printer, the card reader),
for every counter's status line (issue 17 item 4).

A kiosk reports a device when its state changes (a probe of the printer, a
failed or a good print, the reader unplugged or back); one row per kiosk and
device, the latest report. A counter reads them all: a printer out at any kiosk
is for staff to see before the next visitor asks for a reprint.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from reception.queue.text import normalise

PRINTER, READER = "printer", "reader"
DEVICE_NAMES = {PRINTER: "打印机", READER: "读卡器"}
MESSAGE_MAX = 100


@dataclass(frozen=True)
class DeviceState:
    kiosk: str  # the kiosk's name in the event log ([kiosk] actor)
    device: str  # PRINTER or READER
    ok: bool
    message: str  # why not, in Chinese ("" when ok)
    since: str  # the hall clock's stamp of the report

    @property
    def label(self) -> str:
        """As the counter's status line says it: 自助机打印机：缺纸（09:12 起）."""
        name = DEVICE_NAMES.get(self.device, self.device)
        if self.ok:
            return f"自助机{name}正常"
        return f"自助机{name}：{self.message or '故障'}（{self.since[11:16]} 起）"


def report(db: sqlite_utils.Database, kiosk: str, device: str, ok: bool, message: str, at: str) -> bool:
    """Store a kiosk's report (in the caller's write transaction); False when it
    says what the last one said (the time of a fault stays its first report)."""
    if device not in DEVICE_NAMES:
        raise ValueError(f"unknown device {device!r}")
    message = "" if ok else normalise(message)[:MESSAGE_MAX]
    row = db.execute(
        "SELECT ok, message FROM device_states WHERE kiosk = ? AND device = ?", (kiosk, device)
    ).fetchone()
    if row is not None and (bool(row[0]), row[1]) == (ok, message):
        return False
    db.execute(
        "INSERT INTO device_states (kiosk, device, ok, message, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (kiosk, device) DO UPDATE SET ok = excluded.ok, message = excluded.message,"
        " at = excluded.at",
        (kiosk, device, int(ok), message, at),
    )
    return True


def states(db: sqlite_utils.Database) -> list[DeviceState]:
    """Every kiosk's latest report per device. A database not yet migrated has none."""
    try:
        rows = db.execute(
            "SELECT kiosk, device, ok, message, at FROM device_states ORDER BY kiosk, device"
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    return [DeviceState(kiosk, device, bool(ok), message, at) for kiosk, device, ok, message, at in rows]


def status_text(found: list[DeviceState], device: str = PRINTER) -> str:
    """One phrase for a status line: the faults of `device` at each kiosk, or that
    all are working; "" when no kiosk has reported one."""
    reported = [state for state in found if state.device == device]
    if not reported:
        return ""
    faults = [state for state in reported if not state.ok]
    if not faults:
        return reported[0].label
    several = len({state.kiosk for state in reported}) > 1
    return "；".join(f"{state.kiosk} {state.label}" if several else state.label for state in faults)
