"""A serial ID card reader: find → select → read over the SAM frame protocol.

`CardReader` owns one serial port (pyserial; a device path, COM3, a pty or a
pyserial URL such as `loop://`). It is used from one thread:

- `read_card(timeout)` waits for one card (the CLI);
- `run(emit, stop)` polls forever and calls `emit` with `ReaderEvent`s (the
  kiosk's worker thread): one `CardAccepted` per placement, `CardRefused` for a
  card it cannot accept, `CardRemoved` when a card is pulled mid-read, and
  `StatusChanged` when the reader comes, goes or fails. After a cable is
  pulled it reopens the port every few seconds until the reader is back.

One command at a time: the reader has no busy status, so each command flushes
the input, sends, and waits for its reply or the timeout. A reply with a bad
checksum is asked for again; a reply that does not fit the command is ignored.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reception.devices.idcard import frames as f
from reception.devices.idcard.settings import ReaderSettings
from reception.devices.idcard.text_block import CardDataError, IdCard, parse_read_reply
from reception.queue.idnumber import IdNumberError, check_character, validate_card_number

log = logging.getLogger(__name__)

CHECKSUM_RETRIES = 2
HMT_REGIONS = ("810000", "820000", "830000")  # Hong Kong, Macau, Taiwan (J permits)
REOPEN_SECONDS = 2.0
SILENT_POLLS = 2  # the kiosk is told "无应答" after this many unanswered polls in a row


class ReaderError(Exception):
    """The reader cannot be used; `.message` is Chinese."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class ReaderTimeout(ReaderError):
    """No (valid) reply within the timeout."""


class ReaderDisconnected(ReaderError):
    """The port cannot be opened, or went away (cable pulled)."""


class NoCard(ReaderError):
    """No card was placed within the time asked for."""


class CardGone(ReaderError):
    """The card left the reader during select or read."""


class CardNotAccepted(ReaderError):
    """The card was read but cannot be accepted (invalid number, unreadable data)."""

    def __init__(self, message: str, card: IdCard | None = None):
        self.card = card
        super().__init__(message)


# Events for `run`; plain data, delivered from the reader's thread.
@dataclass(frozen=True)
class CardAccepted:
    card: IdCard


@dataclass(frozen=True)
class CardRefused:
    reason: str  # Chinese
    card: IdCard | None = None


@dataclass(frozen=True)
class CardRemoved:
    pass


@dataclass(frozen=True)
class StatusChanged:
    ok: bool
    message: str  # Chinese


ReaderEvent = CardAccepted | CardRefused | CardRemoved | StatusChanged


def check_card(card: IdCard) -> IdCard:
    """Refuse a card whose number fails GB 11643 or disagrees with the card."""
    try:
        if card.card_type in (" ", "J"):
            validate_card_number(card.number, birth_date=card.birth_date, gender=card.gender)
            if card.card_type == "J" and card.number[:6] not in HMT_REGIONS:
                raise IdNumberError("港澳台居民居住证号码应以 810000、820000 或 830000 开头，无法识别此证件")
        elif card.card_type == "Y":
            number = card.number
            if len(number) != 18 or not number[:17].isdigit() or check_character(number[:17]) != number[17]:
                raise IdNumberError("证件号码校验未通过，无法识别此证件")
            if not number.startswith("9"):
                raise IdNumberError("外国人永久居留身份证号码应以 9 开头，无法识别此证件")
        elif card.card_type == "I":
            number = card.number
            if len(number) != 15 or not (number[:3].isalpha() and number[3:].isdigit()):
                raise IdNumberError("外国人永久居留身份证号码格式不正确，无法识别此证件")
    except IdNumberError as exc:
        raise CardNotAccepted(exc.message, card) from None
    return card


def port_errors() -> tuple[type[BaseException], ...]:
    """What a port that went away raises: pyserial's error, OSError, and
    termios.error (not an OSError) from tcdrain/tcflush on a dead tty."""
    import serial

    errors: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
    try:
        import termios
    except ImportError:  # Windows
        return errors
    return errors + (termios.error,)


def open_serial(port: str, baud: int) -> Any:
    """A pyserial port; raises ReaderDisconnected with the reason in Chinese."""
    import serial

    try:
        # exclusive: a second program on the same reader (a technician's `card read`
        # while the kiosk runs) would interleave commands and garble both.
        return serial.serial_for_url(port, baudrate=baud, timeout=0.05, write_timeout=1.0, exclusive=True)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise ReaderDisconnected(f"无法打开读卡器串口 {port}：{open_failure(exc)}") from None


def open_failure(exc: BaseException) -> str:
    """Why a port did not open, and what to do, in Chinese (pyserial's text is English)."""
    code = getattr(exc, "errno", None)
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return "设备不存在。请检查读卡器的 USB 线是否插好，配置的串口路径是否正确"
    if code in (errno.EACCES, errno.EPERM):
        return "没有访问权限。请把运行本程序的账号加入设备所属的组（见 deploy/README.md 的 udev 一节）"
    if code in (errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK):
        return "串口正被其他程序占用（例如正在运行的自助机）。请先关闭占用它的程序再重试"
    return f"{exc}。请检查读卡器连接和串口设置"


class CardReader:
    def __init__(
        self,
        settings: ReaderSettings,
        *,
        opener: Callable[[str, int], Any] = open_serial,
        clock: Callable[[], float] = time.monotonic,
        reopen_seconds: float = REOPEN_SECONDS,
    ):
        if not settings.port:
            raise ReaderDisconnected("未配置读卡器串口（[devices.card_reader] port）")
        self.settings = settings
        self._opener = opener
        self._clock = clock
        self.reopen_seconds = reopen_seconds
        self._port: Any = None
        self._decoder = f.FrameDecoder()
        self._last: tuple[str, float] | None = None  # number, when last read
        self.checksum_retries = 0  # for status pages and tests

    # --- the port -------------------------------------------------------
    def open(self) -> None:
        if self._port is None:
            self._port = self._opener(self.settings.port, self.settings.baud)
            self._decoder.reset()

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except Exception:  # noqa: BLE001 - a port that is gone may fail to close
                log.debug("closing the card reader port failed", exc_info=True)

    def __enter__(self) -> CardReader:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one command ----------------------------------------------------
    def transact(self, command: tuple[int, int], timeout: float | None = None) -> f.Response:
        """Send one command and return its reply; resend after a corrupt reply."""
        self.open()
        wait = timeout if timeout is not None else self.settings.timeout
        try:
            for attempt in range(1 + CHECKSUM_RETRIES):
                reply = self._exchange(command, wait)
                if reply is not None:
                    return reply
                self.checksum_retries += 1
                log.info("card reader reply had a bad checksum; asking again (%d)", attempt + 1)
        except port_errors() as exc:
            self.close()
            raise ReaderDisconnected(
                f"读卡器连接中断（USB 线被拔出或读卡器断电）。请插好读卡器后重试。详情：{self.settings.port}：{exc}"
            ) from None
        raise ReaderTimeout("读卡器应答多次校验错误。请检查连接线是否松动、波特率是否与读卡器一致")

    def _exchange(self, command: tuple[int, int], wait: float) -> f.Response | None:
        port = self._port
        port.reset_input_buffer()
        self._decoder.reset()
        port.write(f.build_request(command))
        port.flush()
        errors = self._decoder.checksum_errors
        deadline = self._clock() + wait
        while self._clock() < deadline:
            chunk = port.read(max(1, port.in_waiting))
            for payload in self._decoder.feed(chunk):
                reply = f.Response.from_payload(payload)
                if _fits(command, reply):
                    return reply
                log.debug("ignoring a reply that does not fit %s: %02X", command, reply.sw3)
            if self._decoder.checksum_errors > errors and self._decoder.pending < f.HEADER:
                return None  # a corrupt reply arrived whole: ask again
        for payload in self._decoder.flush():
            reply = f.Response.from_payload(payload)
            if _fits(command, reply):
                return reply
        if self._decoder.checksum_errors > errors:
            return None
        raise ReaderTimeout(
            f"读卡器无应答。请检查读卡器电源和连接线，并确认串口（{self.settings.port}）"
            f"和波特率（{self.settings.baud}）与读卡器一致"
        )

    # --- one card -------------------------------------------------------
    def poll(self) -> IdCard | None:
        """One find → select → read. None when no (new) card is on the reader.

        Raises CardGone (pulled mid-read), CardNotAccepted, ReaderTimeout,
        ReaderDisconnected or ReaderError (the SAM failed).
        """
        found = self.transact(f.FIND)
        if found.sw3 == f.Status.SAM_SELF_TEST_FAILED:
            self._reset_sam()
            found = self.transact(f.FIND)
            if found.sw3 == f.Status.SAM_SELF_TEST_FAILED:
                raise ReaderError(
                    "读卡器安全模块自检失败，复位后仍未恢复。请关闭读卡器电源（或拔下 USB 线）再接上；"
                    "仍不行请更换读卡器"
                )
        if found.sw3 == f.Status.NO_CARD:
            return None
        if found.sw3 != f.Status.CARD_FOUND:
            log.debug("find answered %02X", found.sw3)
            return None
        selected = self.transact(f.SELECT)
        if selected.sw3 != f.Status.SUCCESS:
            log.debug("select answered %02X", selected.sw3)
            return None  # the card moved on the reader; find again
        try:
            reply = self.transact(f.READ, timeout=self.settings.read_timeout())
        except ReaderTimeout:
            raise CardGone("读卡中途证件被拿开，请重新放置证件") from None
        if reply.sw3 == f.Status.READ_FAILED:
            raise CardGone("读卡中途证件被拿开，请重新放置证件")
        if reply.sw3 in (f.Status.UNKNOWN_CARD_TYPE, f.Status.CARD_AUTH_FAILED,
                         f.Status.SAM_AUTH_FAILED, f.Status.VERIFICATION_FAILED):  # fmt: skip
            raise CardNotAccepted(f"无法读取此证件：{reply.text}，请到人工窗口登记")
        if not reply.ok:
            raise CardGone(f"读卡失败：{reply.text}，请重新放置证件")
        try:
            card = parse_read_reply(reply.data)
        except CardDataError as exc:
            raise CardNotAccepted(exc.message) from None
        if self._seen_recently(card.number):
            return None
        return check_card(card)

    def _seen_recently(self, number: str) -> bool:
        """A card left on the reader (or re-reported) within the window is not new."""
        now = self._clock()
        last, self._last = self._last, (number, now)
        return last is not None and last[0] == number and now - last[1] < self.settings.dedupe_seconds

    def _reset_sam(self) -> None:
        log.warning("card reader SAM self-test failed; resetting it")
        self.transact(f.SAM_RESET)
        status = self.transact(f.SAM_STATUS)
        if not status.ok:
            raise ReaderError(f"读卡器安全模块故障：{status.text}。请关闭读卡器电源再接上；仍不行请更换读卡器")

    def read_card(self, timeout: float) -> IdCard:
        """Wait up to `timeout` seconds for a card; raise NoCard if none comes."""
        deadline = self._clock() + timeout
        trouble: ReaderError | None = None  # why the last attempt failed, if it did
        while True:
            try:
                card = self.poll()
                trouble = None
            except CardGone as exc:  # placed again, it may read: keep trying
                card, trouble = None, exc
            except ReaderTimeout as exc:  # one lost reply is not the end: ask again
                card, trouble = None, exc
            if card is not None:
                return card
            if self._clock() >= deadline:
                if trouble is not None:
                    raise trouble
                raise NoCard(f"{timeout:g} 秒内没有读到证件。请把证件平放在读卡区，读完再拿走")
            time.sleep(self.settings.poll_interval)

    # --- the kiosk's loop -----------------------------------------------
    def run(self, emit: Callable[[ReaderEvent], None], stop: threading.Event) -> None:
        """Poll until `stop` is set, reporting events; survives every reader fault."""
        status: tuple[bool, str] | None = None

        def report(ok: bool, message: str, detail: str = "") -> None:
            # The message is for the kiosk screen (visitors, staff): short
            # Chinese. The technical detail (port, errno) goes to the log.
            nonlocal status
            if status != (ok, message):
                status = (ok, message)
                if not ok:
                    log.warning("card reader %s: %s %s", self.settings.port, message, detail)
                emit(StatusChanged(ok, message))

        silent = 0  # polls in a row without an answer
        try:
            while not stop.is_set():
                pause = self.settings.poll_interval
                still_silent = False
                try:
                    card = self.poll()
                    report(True, "读卡器就绪")
                    if card is not None:
                        emit(CardAccepted(card))
                except CardGone:
                    report(True, "读卡器就绪")
                    emit(CardRemoved())
                except CardNotAccepted as exc:
                    report(True, "读卡器就绪")
                    emit(CardRefused(exc.message, exc.card))
                except ReaderDisconnected as exc:
                    self.close()
                    report(False, "读卡器未连接，请联系工作人员（正在自动重试）", exc.message)
                    pause = self.reopen_seconds
                except ReaderTimeout as exc:
                    silent += 1
                    if silent >= SILENT_POLLS:
                        report(False, "读卡器无应答，请联系工作人员（正在自动重试）", exc.message)
                        pause = self.reopen_seconds / 2
                    else:  # one lost reply (line noise) is not worth alarming a visitor
                        log.info("card reader %s: one reply lost", self.settings.port)
                    still_silent = True
                except ReaderError as exc:
                    report(False, "读卡器故障，请联系工作人员（正在自动重试）", exc.message)
                    pause = self.reopen_seconds
                except Exception:  # noqa: BLE001 - the kiosk's reader thread must not die
                    log.exception("unexpected card reader failure; reopening the port")
                    self.close()
                    report(False, "读卡器故障，请联系工作人员（正在自动重试）")
                    pause = self.reopen_seconds
                if not still_silent:
                    silent = 0
                stop.wait(pause)
        finally:
            self.close()


def _fits(command: tuple[int, int], reply: f.Response) -> bool:
    """Does the reply answer this command? (Expected length for successes.)"""
    if reply.sw3 != f.Status.SUCCESS and reply.sw3 != f.Status.CARD_FOUND:
        return True  # an error status answers any command
    if command == f.FIND:
        return reply.sw3 == f.Status.CARD_FOUND
    if command == f.SELECT:
        return reply.sw3 == f.Status.SUCCESS
    if command in (f.READ, f.READ_WITH_FINGERPRINT):
        return reply.sw3 == f.Status.SUCCESS and len(reply.data) >= 4 + 256
    return reply.sw3 == f.Status.SUCCESS
