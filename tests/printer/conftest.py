"""Fixtures for the printer tests: slips, printers, real peers."""

from __future__ import annotations

import dataclasses
import re

import pytest

from reception.devices.printer import TicketPrinter, parse_printer_settings
from reception.queue.models import TicketSlip

from .peers import PrinterBrain, PtyPrinter, TcpPrinter

QUERY_CODE = "7K3M9QXR2T4W"

SLIP = TicketSlip(
    hall_name="测试市信访局来访接待大厅",
    number="A007",
    service_name="个人来访",
    ahead=3,
    issued_at="2026-11-25 09:12",
    query_code=QUERY_CODE,
    notice="请留意叫号，过号请到窗口咨询。",
)

GROUP_SLIP = dataclasses.replace(
    SLIP,
    number="B002",
    service_name="集体来访",
    is_group=True,
    group_size=25,
    representative_count=3,
    representative_rule="多人走访形式提出同一信访事项的，应当推选代表，代表人数不得超过3人",
)


@pytest.fixture
def slip() -> TicketSlip:
    return SLIP


@pytest.fixture
def group_slip() -> TicketSlip:
    return GROUP_SLIP


def make_printer(**keys) -> TicketPrinter:
    return TicketPrinter(parse_printer_settings({"kind": "dummy", **keys}))


@pytest.fixture
def brain() -> PrinterBrain:
    return PrinterBrain()


@pytest.fixture
def pty_printer(brain: PrinterBrain):
    peer = PtyPrinter(brain)
    peer.start()
    yield peer
    peer.stop()


@pytest.fixture
def tcp_printer(brain: PrinterBrain):
    peer = TcpPrinter(brain)
    peer.start()
    yield peer
    peer.stop()


def native_qr_payloads(data: bytes) -> list[bytes]:
    """Payloads of GS ( k "store QR data" commands (cn=49 fn=80 m=48), found in raw bytes."""
    payloads = []
    for match in re.finditer(rb"\x1d\(k(..)\x31\x50\x30", data, re.DOTALL):
        length = match.group(1)[0] + match.group(1)[1] * 256 - 3
        start = match.end()
        payloads.append(data[start : start + length])
    return payloads


def decode_qr_image(image) -> list[str]:
    """The texts zxing-cpp reads from a picture (black modules on white)."""
    import zxingcpp  # a dev dependency: missing, the test fails rather than skips
    from PIL import ImageOps

    framed = ImageOps.expand(image.convert("L"), border=40, fill=255)
    return [r.text for r in zxingcpp.read_barcodes(framed)]
