"""What a ticket's bytes contain, checked on python-escpos Dummy output."""

from __future__ import annotations

import dataclasses

import pytest

from reception.devices.printer.decode import decode
from reception.devices.printer.fonts import find_cjk_font
from reception.devices.printer.text import REPLACEMENT

from .conftest import GROUP_SLIP, QUERY_CODE, SLIP, decode_qr_image, make_printer, native_qr_payloads

FS_ON, FS_OFF = b"\x1c\x26", b"\x1c\x2e"


def _chinese_section(data: bytes) -> bytes:
    start = data.index(FS_ON)
    end = data.rindex(FS_OFF)
    assert start < end
    return data[start + 2 : end]


def test_chinese_text_is_gb18030_inside_chinese_mode():
    data = make_printer(qr="native").render_slip(SLIP)
    assert data.startswith(b"\x1b\x40\x1c\x26")  # reset, then Chinese mode again
    section = _chinese_section(data)
    for text in ("测试市信访局来访接待大厅", "排队号", "个人来访", "您前面还有 3 人等候", "扫码查询办理进度",
                 "请留意叫号，过号请到窗口咨询。", "取号时间：2026-11-25 09:12"):
        assert text.encode("gb18030") in section, text
    # Chinese punctuation survives (python-escpos 3.1 would print ???).
    assert "：".encode("gb18030") in section and b"???" not in data


def test_hall_name_and_number_are_sized_with_gs_exclamation():
    data = make_printer().render_slip(SLIP)
    name = "测试市信访局来访接待大厅".encode("gb18030")
    assert b"\x1d\x21\x11" + b"\x1b\x45\x01\x1b\x61\x01" + name in data  # 2×2, bold, centred
    assert b"\x1d\x21\x55\x1b\x45\x01\x1b\x61\x01A007\n" in data  # the number at 6×6
    lines = decode(data).lines
    number = next(line for line in lines if line.text == "A007")
    assert (number.width, number.height, number.align) == (6, 6, "center")


def test_native_qr_carries_only_the_query_code_and_the_ticket_is_cut():
    data = make_printer(qr="native").render_slip(SLIP)
    assert native_qr_payloads(data) == [QUERY_CODE.encode()]
    assert data.endswith(b"\x1d\x56\x41\x10")  # GS V 65 n: feed to the cutter, full cut
    decoded = decode(data)
    assert decoded.problems == []
    assert [(q.data, q.error_correction) for q in decoded.qr_codes] == [(QUERY_CODE, "Q")]
    assert len(decoded.cuts) == 1 and not decoded.cuts[0].partial


def test_native_qr_command_is_small():
    data = make_printer(qr="native").render_slip(SLIP)
    start = data.index(b"\x1d(k")
    end = data.index(b"\x1d(k\x03\x001Q0") + 8
    assert end - start < 60


def test_image_qr_decodes_to_the_query_code():
    data = make_printer(qr="image").render_slip(SLIP)
    assert native_qr_payloads(data) == []
    decoded = decode(data)
    assert decoded.problems == []
    [raster] = decoded.rasters
    assert 1500 < len(raster.data) < 5000
    assert raster.align == "center"
    assert decode_qr_image(raster.image()) == [QUERY_CODE]


def test_the_ticket_holds_no_personal_data_beyond_the_slip():
    data = make_printer().render_slip(GROUP_SLIP)
    text = decode(data).text
    assert "集体来访：共25人，推选代表3人" in text
    assert "代表人数不得超过3人" in text.replace("\n", "")
    # Only what the slip gives: these are the lines, in order.
    assert text.splitlines()[0] == "测试市信访局来访接待大厅"
    assert "B002" in text and "您前面还有 3 人等候" in text


def test_reprint_is_marked():
    text = decode(make_printer().render_slip(dataclasses.replace(SLIP, reprint=True))).text
    assert text.splitlines()[0] == "【补打凭条】"


def test_nobody_ahead():
    text = decode(make_printer().render_slip(dataclasses.replace(SLIP, ahead=0))).text
    assert "前面没有人等候" in text


@pytest.mark.parametrize("hall_name", ["𠮷家镇来访接待大厅😀", "Ünïcödé 来访大厅 ß", "\ud800坏字符大厅", "来访\x1b@\x1d大厅"])
def test_hall_name_outside_gb18030_is_replaced_visibly(hall_name):
    data = make_printer().render_slip(dataclasses.replace(SLIP, hall_name=hall_name))
    decoded = decode(data)
    assert decoded.problems == []  # no 4-byte code, no byte outside Chinese mode, no injected command
    first = decoded.lines[0].text
    assert "大厅" in first
    if "𠮷" in hall_name:
        assert first.startswith(REPLACEMENT) and first.endswith(REPLACEMENT)
    if "\x1b" in hall_name:
        assert first == "来访@大厅"  # ESC and GS dropped, never sent as commands


@pytest.mark.parametrize("width,columns", [(80, 48), (58, 32)])
def test_no_line_is_wider_than_the_paper(width, columns):
    long_notice = "请留意叫号，过号请到窗口咨询。" * 6 + " Please wait for your number to be called."
    slip = dataclasses.replace(GROUP_SLIP, notice=long_notice, hall_name="某某省某某市某某区人民政府信访局来访接待大厅")
    decoded = decode(make_printer(paper_width=width).render_slip(slip))
    assert decoded.problems == []
    for line in decoded.lines:
        used = sum(1 if ch.isascii() else 2 for ch in line.text) * line.width
        assert used <= columns, line
    assert "Please wait for your number to be called." in " ".join(l.text for l in decoded.lines)


def test_58mm_printer_profile_without_native_qr_gets_an_image():
    printer = make_printer(profile="POS-5890")
    assert printer.settings.paper_width == 58 and not printer.settings.qr_native
    data = printer.render_slip(SLIP)
    assert native_qr_payloads(data) == [] and len(decode(data).rasters) == 1
    assert not data.endswith(b"\x1d\x56\x41\x10")  # no cutter on this model: feed only


def test_chinese_as_image_for_printers_without_a_chinese_font():
    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    data = make_printer(chinese="image", qr="native").render_slip(SLIP)
    assert FS_ON not in data
    decoded = decode(data)
    assert decoded.problems == []  # no byte ≥ 0x80 outside Chinese mode
    assert all(line.text.isascii() for line in decoded.lines)
    assert "A007" in decoded.text  # ASCII lines stay text
    assert len(decoded.rasters) >= 8  # the Chinese lines, as pictures
    assert native_qr_payloads(data) == [QUERY_CODE.encode()]


def test_a_long_hall_name_is_centred_in_even_lines_not_a_full_line_and_a_stub():
    slip = dataclasses.replace(SLIP, hall_name="某某镇人民政府信访办公室来访接待大厅")  # 18 characters
    lines = decode(make_printer(paper_width=58).render_slip(slip)).lines[:2]
    assert [line.text for line in lines] == ["某某镇人民政府信访", "办公室来访接待大厅"]
    assert all(line.align == "center" for line in lines)


def test_chinese_as_image_keeps_the_bold_title_and_the_qr_image_scans():
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    from reception.devices.printer.render import text_image

    plain = text_image("来访接待大厅", 1, font, 576)
    bold = text_image("来访接待大厅", 1, font, 576, bold=True)
    ink = lambda image: sum(image.convert("L").histogram()[:128])  # noqa: E731 - dark pixels
    assert ink(bold) > ink(plain) * 1.2
    decoded = decode(make_printer(chinese="image", qr="image").render_slip(SLIP))
    assert decoded.problems == []
    assert QUERY_CODE in [code for raster in decoded.rasters for code in decode_qr_image(raster.image())]
