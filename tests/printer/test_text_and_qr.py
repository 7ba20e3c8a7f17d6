"""Chinese text rules, widths, wrapping, and the one QR symbol for paper and screen."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from reception.devices.printer.qr import half_block_lines, matrix, qr_image
from reception.devices.printer.text import REPLACEMENT, char_columns, columns, encode_gb, printable, wrap

from .conftest import QUERY_CODE, decode_qr_image


def test_printable_keeps_gb_2byte_and_replaces_the_rest_visibly():
    assert printable("排队号：A001，请稍候。") == "排队号：A001，请稍候。"
    assert printable("𠮷野家😀") == f"{REPLACEMENT}野家{REPLACEMENT}"
    assert printable("a\x1b@b\x00c\u200bd\te\n") == "a@bcd e"
    assert printable("\ud800") == REPLACEMENT


def test_encoding_has_only_one_and_two_byte_codes():
    data = encode_gb("张𠮷ß€·—ǹ")
    assert data.decode("gb18030") == printable("张𠮷ß€·—ǹ")
    assert all(len(ch.encode("gb18030")) <= 2 for ch in data.decode("gb18030"))


def test_columns_agree_with_east_asian_width_and_gb_bytes():
    for ch in "汉，：·—○□€A1 ":
        assert char_columns(ch) == len(ch.encode("gb18030"))
        expected = 1 if ch.isascii() else 2
        assert char_columns(ch) == expected
        if unicodedata.east_asian_width(ch) in "WF":
            assert char_columns(ch) == 2
    assert columns("排队号A001") == 10


def test_wrap_keeps_punctuation_off_line_starts_and_words_whole():
    lines = wrap("请留意叫号，过号请到窗口咨询。", 10)
    assert all(columns(line) <= 10 for line in lines)
    assert not any(line[0] in "，。" for line in lines)
    assert "".join(lines) == "请留意叫号，过号请到窗口咨询。"
    assert wrap("please wait here", 8) == ["please", "wait", "here"]
    assert wrap("", 10) == [""]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.integers(min_value=2, max_value=48))
def test_wrap_never_overflows_and_loses_nothing(text, width):
    lines = wrap(text, width)
    assert all(columns(line) <= width for line in lines)
    kept = "".join(printable(text).split())
    assert "".join("".join(lines).split()) == kept


def test_half_blocks_are_the_matrix_two_rows_a_line():
    rows = matrix(QUERY_CODE, border=2)
    lines = half_block_lines(QUERY_CODE, border=2)
    assert len(lines) == (len(rows) + 1) // 2 and all(len(line) == len(rows) for line in lines)
    for y, line in enumerate(lines):
        for x, ch in enumerate(line):
            top = rows[2 * y][x]
            bottom = rows[2 * y + 1][x] if 2 * y + 1 < len(rows) else False
            assert ch == {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}[(top, bottom)]


def test_screen_and_paper_show_the_same_symbol():
    module = 6
    image = qr_image(QUERY_CODE, module)
    rows = matrix(QUERY_CODE)
    sampled = [[image.getpixel((x * module + 2, y * module + 2)) == 0 for x in range(len(rows))] for y in range(len(rows))]
    assert sampled == rows
    assert decode_qr_image(image) == [QUERY_CODE]
    assert len(rows) == 21 + 8  # version 1 at level Q, 4-module quiet zone


def test_screen_symbol_decodes(tmp_path):
    from PIL import Image

    lines = half_block_lines(QUERY_CODE)
    cells = Image.new("L", (len(lines[0]) * 4, len(lines) * 8), 255)
    for y, line in enumerate(lines):
        for x, ch in enumerate(line):
            if ch in "▀█":
                cells.paste(0, (x * 4, y * 8, x * 4 + 4, y * 8 + 4))
            if ch in "▄█":
                cells.paste(0, (x * 4, y * 8 + 4, x * 4 + 4, y * 8 + 8))
    assert decode_qr_image(cells) == [QUERY_CODE]
