"""The QR / bar code scanner: configuration, line splitting, a serial scanner on a pty."""

from __future__ import annotations

import os
import queue
import threading
import tty

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reception.config import ConfigError, HallConfig, parse_config
from reception.devices.scanner import (
    MAX_LINE,
    LineSplitter,
    Scanned,
    ScannerSettings,
    ScannerStatus,
    SerialScanner,
    scanner_settings,
)


def test_the_default_is_a_keyboard_wedge_scanner():
    assert scanner_settings(HallConfig()) == ScannerSettings(kind="keyboard")


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"kind": "usb"}, "devices.scanner.kind"),
        ({"kind": "serial"}, "devices.scanner.port"),
        ({"kind": "serial", "port": "/dev/ttyACM0", "baud": 12345}, "devices.scanner.baud"),
        ({"prot": "x"}, "devices.scanner.prot"),
    ],
)
def test_bad_scanner_keys_are_named(raw, key):
    with pytest.raises(ConfigError) as caught:
        scanner_settings(parse_config({"devices": {"scanner": raw}}))
    assert caught.value.key == key


def test_codes_end_at_cr_lf_or_crlf_and_blank_lines_are_ignored():
    splitter = LineSplitter()
    assert splitter.feed(b"ABCD") == []
    assert splitter.feed(b"EFGH1234\r\n\r\nXYZ\n\x1b[2J\rQ") == ["ABCDEFGH1234", "XYZ", "[2J"]
    assert splitter.feed(b"\n") == ["Q"]


def test_an_over_long_line_is_dropped_whole():
    splitter = LineSplitter()
    assert splitter.feed(b"A" * (MAX_LINE + 5) + b"\r\nOK\r\n") == ["OK"]


@given(st.lists(st.binary(max_size=100), max_size=20))
def test_no_byte_stream_makes_the_splitter_raise(parts):
    splitter = LineSplitter()
    for part in parts:
        for code in splitter.feed(part):
            assert code and "\r" not in code and "\n" not in code and len(code) <= MAX_LINE


def test_a_serial_scanner_on_a_pty_reports_codes_and_survives_a_pulled_cable():
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    scanner = SerialScanner(ScannerSettings(kind="serial", port=path), reopen_seconds=0.1)
    thread = threading.Thread(target=scanner.run, args=(events.put, stop), daemon=True)
    thread.start()
    try:
        assert events.get(timeout=2) == ScannerStatus(True, "扫码枪就绪")
        os.write(master, b"7K3M9Q2X4R8T\r\n")
        assert events.get(timeout=2) == Scanned("7K3M9Q2X4R8T")
        os.close(master)
        os.close(slave)
        lost = events.get(timeout=2)
        assert isinstance(lost, ScannerStatus) and not lost.ok
    finally:
        stop.set()
        thread.join(timeout=2)
    assert not thread.is_alive()
