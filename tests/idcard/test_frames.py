"""Frames byte for byte as IDCARD.md gives them, and the stream decoder's resync."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception.devices.idcard import frames as f


def h(text: str) -> bytes:
    return bytes.fromhex(text)


REQUESTS = [
    (f.FIND, "AA AA AA 96 69 00 03 20 01 22"),
    (f.SELECT, "AA AA AA 96 69 00 03 20 02 21"),
    (f.READ, "AA AA AA 96 69 00 03 30 01 32"),
    (f.READ_WITH_FINGERPRINT, "AA AA AA 96 69 00 03 30 10 23"),
    (f.SAM_ID, "AA AA AA 96 69 00 03 12 FF EE"),
    (f.SAM_RESET, "AA AA AA 96 69 00 03 10 FF EC"),
    (f.SAM_STATUS, "AA AA AA 96 69 00 03 11 FF ED"),
    (f.READ_ADDED_ADDRESS, "AA AA AA 96 69 00 03 30 03 30"),
    (f.SET_BAUD[115200], "AA AA AA 96 69 00 03 60 00 63"),
    (f.SET_BAUD[57600], "AA AA AA 96 69 00 03 60 01 62"),
    (f.SET_BAUD[38400], "AA AA AA 96 69 00 03 60 02 61"),
    (f.SET_BAUD[19200], "AA AA AA 96 69 00 03 60 03 60"),
    (f.SET_BAUD[9600], "AA AA AA 96 69 00 03 60 04 67"),
]

RESPONSES = [
    (0x9F, "00 00 00 00", "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"),
    (0x80, "", "AA AA AA 96 69 00 04 00 00 80 84"),
    (0x90, "00 00 00 00 00 00 00 00", "AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C"),
    (0x81, "", "AA AA AA 96 69 00 04 00 00 81 85"),
    (0x90, "", "AA AA AA 96 69 00 04 00 00 90 94"),
    (0x60, "", "AA AA AA 96 69 00 04 00 00 60 64"),
    (0x41, "", "AA AA AA 96 69 00 04 00 00 41 45"),
]


@pytest.mark.parametrize(("command", "wire"), REQUESTS)
def test_every_request_frame_is_built_byte_for_byte(command, wire):
    assert f.build_request(command) == h(wire)
    request = f.parse_request(h(wire))
    assert request.command == command and request.data == b""


@pytest.mark.parametrize(("sw3", "data", "wire"), RESPONSES)
def test_every_response_frame_is_built_and_parsed_byte_for_byte(sw3, data, wire):
    assert f.build_response(sw3, h(data)) == h(wire)
    response = f.parse_response(h(wire))
    assert (response.sw1, response.sw2, response.sw3, response.data) == (0, 0, sw3, h(data))


def test_the_read_reply_declares_len_0508_for_text_and_photo():
    body = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + bytes(1280)
    wire = f.build_response(0x90, body)
    assert wire[5:7] == h("05 08") and len(wire) == 7 + 0x508 == 1295


def test_the_wrong_checksum_frame_seen_in_the_wild_is_refused():
    with pytest.raises(f.FrameError, match="校验和"):
        f.parse_request(h("AA AA AA 96 69 00 03 20 01 21"))
    decoder = f.FrameDecoder(min_len=3)
    assert decoder.feed(h("AA AA AA 96 69 00 03 20 01 21")) == []
    assert decoder.checksum_errors == 1


@pytest.mark.parametrize(
    ("wire", "words"),
    [
        ("AA AA AA 96 68 00 04 00 00 80 84", "帧头"),
        ("AA AA AA 96 69 00", "长度"),
        ("AA AA AA 96 69 00 03 00 00 80 84", "不合理"),  # a reply needs LEN >= 4
        ("AA AA AA 96 69 0A 01 00 00 80 84", "不合理"),  # above 0x0A00
        ("AA AA AA 96 69 00 04 00 00 80", "不符"),
        ("AA AA AA 96 69 00 04 00 00 80 84 00", "不符"),
    ],
)
def test_malformed_frames_raise_frame_error_with_the_reason(wire, words):
    with pytest.raises(f.FrameError, match=words):
        f.parse_response(h(wire))


def test_sw3_alone_decides_and_unlisted_statuses_are_read_failures():
    response = f.parse_response(f.build_response(0x90, sw1=0x12, sw2=0x34))
    assert response.ok
    assert f.status_text(0x41) == "读卡失败（证件被移动）"
    assert "未知状态 77" in f.status_text(0x77)


def test_the_decoder_skips_noise_before_the_preamble():
    decoder = f.FrameDecoder()
    noise = h("00 FF AA AA 96 13 AA")
    assert decoder.feed(noise + h("AA AA AA 96 69 00 04 00 00 80 84")) == [h("00 00 80")]
    assert decoder.dropped == len(noise)


def test_the_decoder_waits_for_a_frame_split_anywhere():
    wire = h("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    for cut in range(len(wire) + 1):
        decoder = f.FrameDecoder()
        got = decoder.feed(wire[:cut]) + decoder.feed(wire[cut:])
        assert got == [h("00 00 9F 00 00 00 00")], cut


def test_after_a_corrupt_frame_the_decoder_resyncs_on_the_next_good_one():
    decoder = f.FrameDecoder()
    bad = h("AA AA AA 96 69 00 04 00 00 80 85")
    good = h("AA AA AA 96 69 00 04 00 00 90 94")
    assert decoder.feed(bad + good) == [h("00 00 90")]
    assert decoder.checksum_errors == 1


def test_a_truncated_frame_does_not_swallow_the_reply_after_it_once_flushed():
    decoder = f.FrameDecoder()
    truncated = f.build_response(0x90, bytes(1284))[:300]
    good = h("AA AA AA 96 69 00 04 00 00 80 84")
    assert decoder.feed(truncated + good) == []  # still waiting for 1295 bytes
    assert decoder.flush() == [h("00 00 80")]
    assert decoder.pending == 0


chunks = st.lists(st.binary(max_size=64), max_size=40)


@settings(max_examples=300, deadline=None)
@given(chunks)
def test_no_byte_stream_makes_the_decoder_raise_or_grow_without_bound(parts):
    decoder = f.FrameDecoder()
    for part in parts:
        for payload in decoder.feed(part):
            assert len(payload) >= 3
            f.Response.from_payload(payload)
        assert decoder.pending <= f.HEADER + f.MAX_LEN
    decoder.flush()
    assert decoder.pending == 0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_parse_frame_raises_only_frame_error(data):
    for candidate in (data, f.PREAMBLE + data):
        try:
            f.parse_response(candidate)
        except f.FrameError:
            pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=80), st.binary(max_size=300), st.integers(0, 0xFF), st.data())
def test_a_frame_in_any_noise_split_anywhere_is_found(noise, body, sw3, data):
    wire = f.build_response(sw3, body)
    stream = noise + wire
    cut = data.draw(st.integers(0, len(stream)))
    decoder = f.FrameDecoder()
    got = decoder.feed(stream[:cut]) + decoder.feed(stream[cut:]) + decoder.flush()
    assert bytes([0, 0, sw3]) + body in got
