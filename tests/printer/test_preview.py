"""The preview target: bytes, a text rendering and a PNG per ticket."""

from __future__ import annotations

from reception.devices.printer import PrinterState, TicketPrinter, parse_printer_settings

from .conftest import QUERY_CODE, SLIP, decode_qr_image


def test_preview_writes_bytes_text_and_png(tmp_path):
    printer = TicketPrinter(parse_printer_settings({"kind": "preview", "preview_dir": str(tmp_path / "pv")}))
    result = printer.print_slip(SLIP)
    assert result.ok and str(tmp_path / "pv") in result.target
    binary, text, png = printer.link.last_files
    assert binary.read_bytes() == result.data
    assert "[×6] A007" in text.read_text(encoding="utf-8")
    from PIL import Image

    with Image.open(png) as image:
        assert image.width == 576 + 32 and image.height > 600
        assert decode_qr_image(image) == [QUERY_CODE]  # the QR on the picture scans


def test_preview_paper_low_prints_and_warns(tmp_path):
    printer = TicketPrinter(parse_printer_settings(
        {"kind": "preview", "preview_dir": str(tmp_path), "simulate": "paper_low", "paper_width": 58}
    ))  # fmt: skip
    result = printer.print_slip(SLIP)
    assert result.ok and result.status.state is PrinterState.PAPER_LOW
    assert len(list(tmp_path.glob("*.png"))) == 1


def test_preview_directory_not_writable_is_a_fault_not_a_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    printer = TicketPrinter(parse_printer_settings({"kind": "preview", "preview_dir": str(blocker / "pv")}))
    result = printer.print_slip(SLIP)
    assert not result.ok and result.status.state is PrinterState.UNREACHABLE
