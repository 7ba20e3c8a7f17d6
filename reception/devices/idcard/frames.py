"""The SAM frame protocol of serial ID card readers (GA 467), without I/O.

Request:  AA AA AA 96 69 | LEN_H LEN_L | CMD PARA | DATA… | CHK
Response: AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | DATA… | CHK

LEN (big-endian) counts every byte after itself, the checksum included; CHK is
the XOR of every byte from LEN_H to the byte before CHK. See
/work/shared/IDCARD.md (kept in the repository's issue 3) for the worked frames.

`FrameDecoder` parses a byte stream as it arrives: it skips noise before the
preamble, waits for partial frames, drops one byte and rescans on a bad
checksum or an impossible length, and never raises. `parse_frame` parses one
complete frame and raises only `FrameError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER = len(PREAMBLE) + 2  # preamble and LEN
MAX_LEN = 0x0A00  # the largest LEN a reader sends (text + photo + fingerprint)


class FrameError(ValueError):
    """A frame is malformed: wrong preamble, length or checksum, or too short."""


class Command(tuple):
    """(CMD, PARA) of a request."""

    def __new__(cls, cmd: int, para: int) -> Command:
        return super().__new__(cls, (cmd, para))


FIND = Command(0x20, 0x01)
SELECT = Command(0x20, 0x02)
READ = Command(0x30, 0x01)  # text + photo
READ_WITH_FINGERPRINT = Command(0x30, 0x10)
READ_ADDED_ADDRESS = Command(0x30, 0x03)
SAM_ID = Command(0x12, 0xFF)
SAM_RESET = Command(0x10, 0xFF)
SAM_STATUS = Command(0x11, 0xFF)
SET_BAUD = {115200: Command(0x60, 0x00), 57600: Command(0x60, 0x01), 38400: Command(0x60, 0x02),
            19200: Command(0x60, 0x03), 9600: Command(0x60, 0x04)}  # fmt: skip


class Status(IntEnum):
    """SW3. Decide on SW3 alone: SW1/SW2 may be non-zero on errors."""

    SUCCESS = 0x90
    CARD_FOUND = 0x9F
    NO_CARD = 0x80
    SELECT_FAILED = 0x81
    READ_FAILED = 0x41  # the card moved
    NO_CONTENT = 0x91
    CHECKSUM_ERROR = 0x10
    LENGTH_ERROR = 0x11
    BAD_COMMAND = 0x21
    NOT_PERMITTED = 0x23
    UNRECOGNISED = 0x24
    CARD_AUTH_FAILED = 0x31
    SAM_AUTH_FAILED = 0x32
    VERIFICATION_FAILED = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66


STATUS_TEXT = {
    0x90: "操作成功", 0x9F: "找到证件", 0x80: "未放置证件", 0x81: "选卡失败",
    0x41: "读卡失败（证件被移动）", 0x91: "证件中无此项内容", 0x10: "校验和错误",
    0x11: "长度错误", 0x21: "命令错误", 0x23: "越权操作", 0x24: "无法识别的错误",
    0x31: "证件认证安全模块失败", 0x32: "安全模块认证证件失败", 0x33: "信息验证错误",
    0x40: "无法识别的证件类型", 0x47: "取随机数失败", 0x60: "安全模块自检失败",
    0x66: "安全模块未授权",
}  # fmt: skip


def status_text(sw3: int) -> str:
    """A Chinese description of SW3; an unlisted status is a read failure."""
    return STATUS_TEXT.get(sw3, f"读卡失败（未知状态 {sw3:02X}）")


def checksum(data: bytes | bytearray) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > 0xFFFF:
        raise FrameError("帧过长")
    head = length.to_bytes(2, "big") + body
    return PREAMBLE + head + bytes([checksum(head)])


def build_request(command: tuple[int, int], data: bytes = b"") -> bytes:
    cmd, para = command
    return _frame(bytes([cmd, para]) + data)


def build_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Request:
    cmd: int
    para: int
    data: bytes = b""

    @property
    def command(self) -> Command:
        return Command(self.cmd, self.para)

    @classmethod
    def from_payload(cls, payload: bytes) -> Request:
        if len(payload) < 2:
            raise FrameError("请求帧缺少命令字")
        return cls(payload[0], payload[1], bytes(payload[2:]))


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def ok(self) -> bool:
        return self.sw3 == Status.SUCCESS

    @property
    def text(self) -> str:
        return status_text(self.sw3)

    @classmethod
    def from_payload(cls, payload: bytes) -> Response:
        if len(payload) < 3:
            raise FrameError("应答帧缺少状态字")
        return cls(payload[0], payload[1], payload[2], bytes(payload[3:]))


def parse_frame(frame: bytes, min_len: int = 3) -> bytes:
    """The payload (between LEN and CHK) of exactly one complete frame."""
    if not frame.startswith(PREAMBLE):
        raise FrameError("帧头不是 AA AA AA 96 69")
    if len(frame) < HEADER:
        raise FrameError("帧不完整：缺少长度")
    length = int.from_bytes(frame[5:7], "big")
    if not min_len <= length <= MAX_LEN:
        raise FrameError(f"帧长度 {length} 不合理")
    if len(frame) != HEADER + length:
        raise FrameError(f"帧长度不符：声明 {length}，实际 {len(frame) - HEADER}")
    if checksum(frame[5:-1]) != frame[-1]:
        raise FrameError("校验和错误")
    return bytes(frame[HEADER:-1])


def parse_response(frame: bytes) -> Response:
    return Response.from_payload(parse_frame(frame, min_len=4))


def parse_request(frame: bytes) -> Request:
    return Request.from_payload(parse_frame(frame, min_len=3))


class FrameDecoder:
    """Frames out of a byte stream that may hold noise, partial and corrupt frames.

    `feed(data)` returns the payloads completed so far. It never raises and keeps
    at most one maximal frame buffered. Replies have LEN >= 4 (three status
    bytes and the checksum); requests LEN >= 3 (`min_len=3`, the simulator's side).
    """

    def __init__(self, min_len: int = 4):
        self.min_len = min_len
        self._buffer = bytearray()
        self.checksum_errors = 0
        self.dropped = 0  # noise bytes skipped

    def reset(self) -> None:
        self._buffer.clear()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        frames: list[bytes] = []
        buf = self._buffer
        while True:
            start = buf.find(PREAMBLE)
            if start < 0:
                keep = _partial_preamble(buf)
                self.dropped += len(buf) - keep
                del buf[: len(buf) - keep]
                return frames
            if start:
                self.dropped += start
                del buf[:start]
            if len(buf) < HEADER:
                return frames
            length = int.from_bytes(buf[5:7], "big")
            if not self.min_len <= length <= MAX_LEN:
                self.dropped += 1
                del buf[:1]
                continue
            if len(buf) < HEADER + length:
                return frames
            end = HEADER + length
            if checksum(buf[5 : end - 1]) != buf[end - 1]:
                self.checksum_errors += 1
                self.dropped += 1
                del buf[:1]
                continue
            frames.append(bytes(buf[HEADER : end - 1]))
            del buf[:end]


    def flush(self) -> list[bytes]:
        """Give up on the frame in progress; return any complete frames inside it.

        Called when a reply timed out: a truncated frame (a card pulled mid-read,
        a noise byte that looked like a preamble) must not swallow the frames
        that came after it.
        """
        frames: list[bytes] = []
        while self._buffer:
            self.dropped += 1
            del self._buffer[:1]
            frames += self.feed(b"")
        return frames


def _partial_preamble(buf: bytearray) -> int:
    """How many bytes at the end of `buf` could be the start of a preamble."""
    for keep in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
        if buf[-keep:] == PREAMBLE[:keep]:
            return keep
    return 0
