"""[devices.printer] checking, status bytes, the decoder on bad bytes, escpos's import side effects."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception.config import ConfigError, HallConfig
from reception.devices.printer import PrinterState, TicketPrinter, parse_printer_settings, printer_settings
from reception.devices.printer.decode import decode
from reception.devices.printer.status import first_status_byte, from_paper_sensor, from_realtime, from_usblp
from tests.helpers import REPO_ROOT


def test_defaults_are_a_preview_under_the_data_dir(tmp_path, monkeypatch):
    settings_ = printer_settings(HallConfig())
    assert settings_.kind == "preview" and settings_.paper_width == 80 and settings_.columns == 48
    assert settings_.preview_dir is not None and settings_.preview_dir.name == "printer-preview"
    assert settings_.qr_native is False  # no profile named: the image every printer prints
    assert settings_.cut is True


def test_profile_decides_qr_width_and_cutter_and_config_overrides():
    tm = parse_printer_settings({"profile": "TM-T20II"})
    assert tm.qr_native and tm.paper_width == 80 and tm.cut
    zj = parse_printer_settings({"profile": "ZJ-5870"})
    assert not zj.qr_native and zj.paper_width == 58 and not zj.cut
    forced = parse_printer_settings({"profile": "ZJ-5870", "qr": "native", "paper_width": 80, "cut": True})
    assert forced.qr_native and forced.paper_width == 80 and forced.cut
    assert parse_printer_settings({"kind": "usb", "vendor_id": "0x0416", "product_id": 0x5011}).vendor_id == 0x0416


@pytest.mark.parametrize(
    "raw,key",
    [
        ({"kind": "bluetooth"}, "kind"),
        ({"paper_width": 76}, "paper_width"),
        ({"qr": "yes"}, "qr"),
        ({"chinese": "gbk"}, "chinese"),
        ({"profile": "XP-58"}, "profile"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "5"}, "timeout"),
        ({"kind": "usb", "vendor_id": 0x0416}, "product_id"),
        ({"kind": "usb", "vendor_id": "zz", "product_id": 1}, "vendor_id"),
        ({"kind": "serial"}, "device"),
        ({"kind": "network"}, "host"),
        ({"kind": "network", "host": "10.0.0.5", "port": 70000}, "port"),
        ({"kind": "network", "host": "10.0.0.5", "simulate": "paper_out"}, "simulate"),
        ({"font": "/nonexistent/font.ttf"}, "font"),
        ({"cut": "yes"}, "cut"),
        ({"baud": 9600}, "baud"),
    ],
)
def test_bad_keys_are_named(raw, key):
    with pytest.raises(ConfigError) as caught:
        parse_printer_settings(raw, "hall.toml")
    assert caught.value.key == f"devices.printer.{key}"
    assert "hall.toml" in str(caught.value)


def test_a_serial_path_given_as_port_points_to_device():
    # As in [devices.card_reader], where the serial port is `port`.
    with pytest.raises(ConfigError) as caught:
        parse_printer_settings({"kind": "serial", "port": "/dev/ttyUSB0"}, "hall.toml")
    assert caught.value.key == "devices.printer.port"
    assert 'device = "/dev/ttyUSB0"' in str(caught.value)


def test_image_mode_without_a_chinese_font_is_a_config_error(tmp_path):
    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    import os

    if not os.path.exists(latin):
        pytest.skip("DejaVuSans not installed")
    with pytest.raises(ConfigError) as caught:
        TicketPrinter(parse_printer_settings({"kind": "dummy", "chinese": "image", "font": latin}))
    assert caught.value.key == "devices.printer.font"


def test_realtime_status_bytes():
    assert from_realtime(None).state is PrinterState.UNKNOWN
    assert from_realtime(0x12, 0x12, None, 0x12).state is PrinterState.READY
    assert from_realtime(0x1A, 0x32, None, 0x72).state is PrinterState.PAPER_OUT
    assert from_realtime(0x1A, 0x16, None, 0x12).state is PrinterState.COVER_OPEN
    assert from_realtime(0x1A, 0x12, None, 0x12).state is PrinterState.OFFLINE
    assert from_realtime(0x12, 0x12, None, 0x1E).state is PrinterState.PAPER_LOW
    assert from_realtime(0x1A, 0x52, 0x1A, 0x12).state is PrinterState.ERROR
    assert first_status_byte(b"\xff\x00\x16") == 0x16 and first_status_byte(b"") is None
    assert from_paper_sensor(b"\x0c").state is PrinterState.PAPER_OUT
    assert from_paper_sensor(b"\x12") is None  # a DLE EOT byte, not a GS r reply
    assert from_usblp(0x18).state is PrinterState.READY
    assert from_usblp(0x38).state is PrinterState.PAPER_OUT
    assert from_usblp(0x08).state is PrinterState.OFFLINE


@pytest.mark.parametrize(
    "data,problem",
    [
        (b"\x1b\x40\xb2\xe2", "中文模式"),
        (b"\x1c\x26\x81\x30\x81\x30", "四字节"),
        (b"\x1c\x26\xb2", "不完整"),
        (b"\x1d\x28\x6b\x10\x00\x31", "不完整"),
        (b"\x1d\x76\x30\x00\x10\x00\x10\x00\xff", "不完整"),
        (b"\x1b\x7e", "未知命令"),
        (b"\x1d\x56\x07", "切纸"),
        (b"\x1d\x28\x6b\x03\x00\x31\x51\x30", "没有存入数据"),
    ],
)
def test_decoder_reports_what_a_printer_would_get_wrong(data, problem):
    decoded = decode(data)
    assert any(problem in p for p in decoded.problems), decoded.problems


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decoder_never_raises_on_any_bytes(data):
    decode(data)


def test_importing_the_printer_package_loads_no_heavy_library():
    code = (
        "import sys, reception.devices.printer, reception.devices.printer.qr;"
        "print(sorted(m for m in ('escpos','qrcode','PIL','serial','usb','textual') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_escpos_import_leaves_logging_and_temp_dirs_alone(tmp_path):
    code = (
        "import logging, os, tempfile;"
        "from reception.devices.printer.escpos_loader import escpos_printer;"
        "before = set(os.listdir(tempfile.gettempdir()));"
        "p = escpos_printer();"
        "p.Network(host='127.0.0.1').close();"
        "import logging as l; l.info('x');"
        "print([type(h).__name__ for h in logging.getLogger().handlers]);"
        "print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR']);"
        "print(sorted(set(os.listdir(tempfile.gettempdir())) - before))"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "TMPDIR": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    handlers, pickle_dir, new_temp = out.stdout.strip().splitlines()
    assert handlers == "['NullHandler']"  # no stderr handler over the kiosk's screen
    assert pickle_dir.startswith(str(tmp_path / "cache"))
    assert new_temp in ("[]", "['cache']")  # no escpos temp dir per import
    assert out.stderr == ""


def test_the_faults_a_printer_may_simulate_are_its_states_but_ready():
    # The schema lists them itself: reception.config must not import the devices.
    from reception.config.sections import SIMULATED

    assert set(SIMULATED) == {s.value for s in PrinterState if s is not PrinterState.READY}
