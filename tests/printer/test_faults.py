"""Printer faults over real bytes: a pty serial port, a TCP socket, device files.

A fault never raises: print_slip returns a PrintResult saying what happened,
with the job's bytes, so the kiosk can tell the visitor and staff can reprint.
"""

from __future__ import annotations

import os
import time

import pytest

from reception.devices.printer import PrinterState, TicketPrinter, parse_printer_settings

from . import peers
from .conftest import SLIP
from .peers import PrinterBrain, free_port


def serial_printer(path: str, **keys) -> TicketPrinter:
    return TicketPrinter(parse_printer_settings(
        {"kind": "serial", "device": path, "baudrate": 115200, "flow_control": "none",
         "status_timeout": 0.2, "timeout": 2.0, **keys}
    ))  # fmt: skip


def network_printer(port: int, **keys) -> TicketPrinter:
    return TicketPrinter(parse_printer_settings(
        {"kind": "network", "host": "127.0.0.1", "port": port, "status_timeout": 0.2, "timeout": 2.0, **keys}
    ))  # fmt: skip


def _wait_for(predicate, timeout=2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.01)
    return predicate()


def test_serial_ready_printer_gets_the_exact_bytes(pty_printer, brain):
    printer = serial_printer(pty_printer.path)
    result = printer.print_slip(SLIP)
    assert result.ok and result.sent, result
    assert result.status.state is PrinterState.READY
    assert result.message == "凭条已打印，请取走凭条" and result.error == ""
    assert _wait_for(lambda: brain.jobs_bytes == result.data)
    assert result.data == printer.render_slip(SLIP)
    # Status was asked before (DLE EOT) and the ticket confirmed after (GS r 1).
    assert brain.received.startswith(b"\x10\x04\x01")
    assert b"\x1d\x72\x01" in brain.received[-12:]


@pytest.mark.parametrize(
    "status,state,message",
    [
        (peers.PAPER_OUT, PrinterState.PAPER_OUT, "缺纸"),
        (peers.COVER_OPEN, PrinterState.COVER_OPEN, "纸仓盖"),
        (peers.OFFLINE, PrinterState.OFFLINE, "脱机"),
        (peers.CUTTER_JAM, PrinterState.ERROR, "故障"),
    ],
)
def test_serial_fault_before_printing_sends_nothing(pty_printer, brain, status, state, message):
    brain.status = dict(status)
    result = serial_printer(pty_printer.path).print_slip(SLIP)
    assert not result.ok and not result.sent
    assert result.status.state is state
    assert message in result.message and "补打" in result.message
    assert result.status.advice and result.status.explained.endswith(result.status.advice)
    assert result.message.count("（") == 1  # 凭条未能打印（打印机缺纸），… : no nested brackets for the visitor
    assert result.data.startswith(b"\x1b\x40")  # the bytes are kept for the reprint
    time.sleep(0.1)
    assert brain.jobs_bytes == b""  # only status queries reached the printer


def test_paper_running_out_during_the_ticket_is_reported(pty_printer, brain):
    brain.after_job_status = dict(peers.PAPER_OUT)
    result = serial_printer(pty_printer.path).print_slip(SLIP)
    assert not result.ok and result.sent
    assert result.status.state is PrinterState.PAPER_OUT
    assert "可能没有完整打印" in result.message


def test_paper_low_still_prints_and_says_so(pty_printer, brain):
    brain.status = dict(peers.PAPER_LOW)
    result = serial_printer(pty_printer.path).print_slip(SLIP)
    assert result.ok and result.status.state is PrinterState.PAPER_LOW
    assert "即将用完" in result.status.message


def test_printer_without_back_channel_prints_with_unknown_status(pty_printer, brain):
    brain.silent = True
    printer = serial_printer(pty_printer.path)
    started = time.monotonic()
    result = printer.print_slip(SLIP)
    assert result.ok and result.status.state is PrinterState.UNKNOWN
    assert time.monotonic() - started < 1.5  # one unanswered query, not one per command
    assert _wait_for(lambda: brain.jobs_bytes == result.data)


def test_garbage_status_replies_are_not_believed(pty_printer, brain):
    brain.garbage = b"\xff\x00"
    result = serial_printer(pty_printer.path).print_slip(SLIP)
    assert result.ok and result.status.state is PrinterState.UNKNOWN


def test_gs_r_unanswered_is_learnt_and_not_waited_for_again(pty_printer, brain):
    brain.answers_gs_r = False
    printer = serial_printer(pty_printer.path, timeout=2.0)
    first = printer.print_slip(SLIP)
    assert first.ok and first.status.state is PrinterState.READY
    started = time.monotonic()
    assert printer.print_slip(SLIP).ok
    assert time.monotonic() - started < 1.5  # not the 2 s wait again (a loaded machine: margin)


def test_serial_port_missing_is_unreachable(tmp_path):
    result = serial_printer(str(tmp_path / "ttyUSB9")).print_slip(SLIP)
    assert not result.ok and not result.sent
    assert result.status.state is PrinterState.UNREACHABLE
    assert "无法连接打印机" in result.message
    assert result.data  # kept for the reprint


def test_serial_status_command(pty_printer, brain):
    brain.status = dict(peers.COVER_OPEN)
    assert serial_printer(pty_printer.path).status().state is PrinterState.COVER_OPEN


def test_network_printer_ready_and_out_of_paper(tcp_printer, brain):
    printer = network_printer(tcp_printer.port)
    result = printer.print_slip(SLIP)
    assert result.ok, result
    assert _wait_for(lambda: brain.jobs_bytes == result.data)
    brain.status = dict(peers.PAPER_OUT)
    result = printer.print_slip(SLIP)
    assert not result.ok and result.status.state is PrinterState.PAPER_OUT and not result.sent
    assert tcp_printer.connections == 2  # a connection per job


def test_network_printer_refusing_connections_is_unreachable_quickly():
    printer = network_printer(free_port())
    started = time.monotonic()
    result = printer.print_slip(SLIP)
    assert not result.ok and result.status.state is PrinterState.UNREACHABLE
    assert time.monotonic() - started < 2
    assert printer.status().state is PrinterState.UNREACHABLE


def test_network_printer_hanging_up_mid_job(tcp_printer, brain):
    tcp_printer.hang_up_after = 1  # drops the connection at the first bytes
    result = network_printer(tcp_printer.port).print_slip(SLIP)
    assert not result.ok
    assert result.status.state is PrinterState.UNREACHABLE


def test_device_file_written_exactly_status_unknown(tmp_path):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printer = TicketPrinter(parse_printer_settings({"kind": "file", "device": str(device)}))
    result = printer.print_slip(SLIP)
    assert result.ok and result.status.state is PrinterState.UNKNOWN
    assert device.read_bytes() == result.data


def test_device_file_missing_is_unreachable(tmp_path):
    printer = TicketPrinter(parse_printer_settings({"kind": "file", "device": str(tmp_path / "lp9")}))
    result = printer.print_slip(SLIP)
    assert not result.ok and result.status.state is PrinterState.UNREACHABLE
    assert "不存在" in result.status.detail


def test_device_with_nobody_listening_is_unreachable(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = TicketPrinter(parse_printer_settings({"kind": "file", "device": str(fifo)})).print_slip(SLIP)
    assert not result.ok and result.status.state is PrinterState.UNREACHABLE


def test_device_that_stops_taking_data_times_out(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a printer that never reads
    try:
        printer = TicketPrinter(parse_printer_settings({"kind": "file", "device": str(fifo), "timeout": 0.3}))
        job = b"\x1b\x40" + b"x" * (1 << 20)  # more than a pipe holds
        started = time.monotonic()
        result = printer.print_job(job, "big")
        assert time.monotonic() - started < 2
        assert not result.ok and result.status.state is PrinterState.UNREACHABLE
        assert "补打" in result.message
        assert "写入超时" in result.status.detail
    finally:
        os.close(reader)


def test_usb_printer_absent_is_unreachable():
    printer = TicketPrinter(parse_printer_settings({"kind": "usb", "vendor_id": "0416", "product_id": "5011"}))
    result = printer.print_slip(SLIP)
    assert not result.ok and result.status.state is PrinterState.UNREACHABLE
    assert "请检查打印机是否开机" in result.status.explained
    try:
        import usb.backend.libusb1

        has_libusb = usb.backend.libusb1.get_backend() is not None
    except ImportError:
        has_libusb = False
    if not has_libusb:  # this machine: pyusb finds no libusb, and says what to install
        assert "libusb-1.0-0" in result.status.detail


@pytest.mark.parametrize("state", ["paper_out", "cover_open", "offline", "unreachable", "error"])
def test_simulated_faults_for_front_end_work(tmp_path, state):
    printer = TicketPrinter(parse_printer_settings(
        {"kind": "preview", "preview_dir": str(tmp_path), "simulate": state}
    ))  # fmt: skip
    result = printer.print_slip(SLIP)
    assert not result.ok and result.status.state == state
    assert list(tmp_path.iterdir()) == []


def test_many_prints_from_threads_all_arrive(tmp_path):
    import threading

    printer = TicketPrinter(parse_printer_settings({"kind": "dummy"}))
    results = []
    threads = [threading.Thread(target=lambda: results.append(printer.print_slip(SLIP))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results) and len(printer.link.jobs) == 8


def test_brain_understands_split_queries():
    brain = PrinterBrain()
    assert brain.feed(b"\x10") == b""
    assert brain.feed(b"\x04\x01") == b"\x12"


def test_network_printer_that_never_answers_status_prints_without_waiting_long(tcp_printer, brain):
    brain.silent = True  # takes the bytes, answers no DLE EOT (python-escpos would wait 60 s)
    printer = network_printer(tcp_printer.port)
    started = time.monotonic()
    result = printer.print_slip(SLIP)
    assert result.ok and result.status.state is PrinterState.UNKNOWN
    assert time.monotonic() - started < 1.5
    assert _wait_for(lambda: brain.jobs_bytes == result.data)


def test_device_file_printer_follows_its_udev_name_across_a_replug(tmp_path):
    """/dev/reception-printer is a udev symlink: gone while the cable is out, back
    (perhaps to another lpN) when it is in. Each job opens the name afresh."""
    name = tmp_path / "reception-printer"
    lp0, lp1 = tmp_path / "lp0", tmp_path / "lp1"
    lp0.write_bytes(b"")
    lp1.write_bytes(b"")
    name.symlink_to(lp0)
    printer = TicketPrinter(parse_printer_settings({"kind": "file", "device": str(name)}))
    first = printer.print_slip(SLIP)
    assert first.ok and lp0.read_bytes() == first.data
    name.unlink()  # the cable pulled
    lost = printer.print_slip(SLIP)
    assert not lost.ok and lost.status.state is PrinterState.UNREACHABLE and "补打" in lost.message
    name.symlink_to(lp1)  # back, as lp1
    again = printer.print_slip(SLIP)
    assert again.ok and lp1.read_bytes() == again.data
    assert lp0.read_bytes() == first.data  # nothing more went to the old device
