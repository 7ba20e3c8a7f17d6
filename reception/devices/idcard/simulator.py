"""A simulated ID card reader on the other end of a pseudo-terminal.

`SimulatedReader` opens a pty pair (os.openpty), answers the SAM frame
protocol on the master side and gives the slave's path to whoever wants a
reader (`reception card read --port`, the kiosk, the tests). With `link`, it
keeps a symlink pointing at the current slave, the way udev names a real
reader (/dev/reception-idcard), so `unplug()` and `plug()` imitate a cable
pulled and put back: the old path disappears and a new pty appears behind the
same name.

Cards come from a small TOML or JSON file (`load_cards`):

    [[cards]]
    type = "resident"           # resident | J | I
    name = "张三"
    gender = "男"
    ethnicity = "01"            # a GB 3304 code
    birth_date = "1949-12-31"
    address = "北京市朝阳区建国路1号"
    number = "11010519491231002X"
    authority = "北京市公安局朝阳分局"
    valid_from = "2015-01-01"
    valid_until = "长期"

Like a real reader, a card placed is found until it has been read once; then
find answers "no card" until the card is lifted and placed again
(`repeat_finds=True` imitates readers that keep reporting it).

Faults (`faults`, a set that may change while serving): "noise" (garbage
before every reply), "bad_checksum" (every other reply corrupt), "pull"
(the read reply stops half way and the card is gone), "no_answer" (silence),
"sam_fault" (find answers 60, SAM self-test failed, until the SAM is reset).
`inject(fault, times)` arms a fault for the next `times` replies only.
"""

from __future__ import annotations

import json
import logging
import os
import random
import select
import threading
import time
import tomllib
import tty
from pathlib import Path
from typing import Any

from reception.devices.idcard import frames as f
from reception.devices.idcard.text_block import (
    ETHNICITIES,
    FOREIGN_PERMANENT,
    HMT_PERMIT,
    CardDataError,
    IdCard,
    build_text_block,
)
from reception.queue.models import RESIDENT_ID_CARD

log = logging.getLogger(__name__)

FAULTS = ("noise", "bad_checksum", "pull", "no_answer", "sam_fault")
PHOTO_SIZE = 1024
SAM_ID = bytes.fromhex("0501 0000 0102 0000 7856 3412 efcd ab89".replace(" ", ""))


class SimulatedReader:
    def __init__(
        self,
        cards: list[IdCard] | None = None,
        *,
        faults: set[str] | None = None,
        link: Path | None = None,
        repeat_finds: bool = False,
        seed: int | None = None,
    ):
        self.cards = list(cards) if cards is not None else sample_cards()
        self.faults: set[str] = set(faults or ())
        unknown = self.faults - set(FAULTS)
        if unknown:
            raise ValueError(f"未知的故障类型：{', '.join(sorted(unknown))}")
        self.link = link
        self.repeat_finds = repeat_finds
        self._armed: dict[str, int] = {}
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._card: IdCard | None = None
        self._read = False
        self._toggle = False
        self._sam_failed = False
        self._master: int | None = None
        self._slave: int | None = None
        self._slave_path = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.requests: list[f.Request] = []  # what the reader was asked, for tests
        self.reads = 0  # complete read replies sent

    # --- the pty --------------------------------------------------------
    @property
    def path(self) -> str:
        """The port to open: the link if there is one, else the pty's slave."""
        return str(self.link) if self.link else self._slave_path

    def start(self) -> str:
        self.plug()
        self._thread = threading.Thread(target=self._serve, name="idcard-simulator", daemon=True)
        self._thread.start()
        return self.path

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self.unplug()

    def __enter__(self) -> SimulatedReader:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def plug(self) -> None:
        """A new pty (the cable put back); the link now points at it."""
        with self._lock:
            if self._master is not None:
                return
            master, slave = os.openpty()
            tty.setraw(slave)  # bytes pass untouched: no echo, no CR/NL mapping
            self._master, self._slave = master, slave
            self._slave_path = os.ttyname(slave)
            if self.link is not None:
                tmp = self.link.with_name(self.link.name + ".new")
                tmp.unlink(missing_ok=True)
                tmp.symlink_to(self._slave_path)
                os.replace(tmp, self.link)

    def unplug(self) -> None:
        """The cable pulled: the pty is closed, and the link goes as udev removes its name."""
        with self._lock:
            for fd in (self._master, self._slave):
                if fd is not None:
                    os.close(fd)
            self._master = self._slave = None
            link = self.link
            if link is not None and link.is_symlink() and os.readlink(link) == self._slave_path:
                link.unlink()  # (not a link another device has taken over since)

    # --- the card on the reader -----------------------------------------
    def place(self, card: IdCard | int = 0) -> None:
        with self._lock:
            self._card = self.cards[card] if isinstance(card, int) else card
            self._read = False

    def lift(self) -> None:
        with self._lock:
            self._card = None
            self._read = False

    @property
    def card_present(self) -> bool:
        return self._card is not None

    def inject(self, fault: str, times: int = 1) -> None:
        if fault not in FAULTS:
            raise ValueError(f"未知的故障类型：{fault}")
        with self._lock:
            self._armed[fault] = self._armed.get(fault, 0) + times

    # --- serving --------------------------------------------------------
    def _serve(self) -> None:
        decoder = f.FrameDecoder(min_len=3)
        while not self._stop.is_set():
            master = self._master
            if master is None:
                time.sleep(0.02)
                decoder.reset()
                continue
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except OSError:  # unplugged meanwhile, or the slave side hung up
                time.sleep(0.02)
                continue
            for payload in decoder.feed(data):
                try:
                    request = f.Request.from_payload(payload)
                except f.FrameError:
                    continue
                self.requests.append(request)
                self._answer(master, request)

    def _fault(self, name: str) -> bool:
        with self._lock:
            if self._armed.get(name):
                self._armed[name] -= 1
                return True
        return name in self.faults

    def _answer(self, master: int, request: f.Request) -> None:
        if self._fault("no_answer"):
            return
        reply, cut = self._reply(request)
        if self._fault("bad_checksum"):
            corrupt = "bad_checksum" not in self.faults or self._toggle_once()
            if corrupt:
                reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        if self._fault("noise"):
            noise = bytes(self._random.randrange(256) for _ in range(self._random.randrange(1, 24)))
            reply = noise.replace(f.PREAMBLE[:2], b"\x00\x00") + reply
        if cut is not None:
            reply = reply[:cut]
        try:
            os.write(master, reply)
        except OSError:
            pass

    def _toggle_once(self) -> bool:
        self._toggle = not self._toggle
        return self._toggle

    def _reply(self, request: f.Request) -> tuple[bytes, int | None]:
        command = request.command
        with self._lock:
            card = self._card
            fresh = card is not None and (self.repeat_finds or not self._read)
        if command == f.FIND and (self._sam_failed or self._fault("sam_fault")):
            self._sam_failed = True
            return f.build_response(f.Status.SAM_SELF_TEST_FAILED), None
        if command == f.SAM_RESET:
            self._sam_failed = False
        if command == f.FIND:
            if fresh:
                return f.build_response(f.Status.CARD_FOUND, bytes(4)), None
            return f.build_response(f.Status.NO_CARD), None
        if command == f.SELECT:
            if card is not None:
                return f.build_response(f.Status.SUCCESS, bytes(8)), None
            return f.build_response(f.Status.SELECT_FAILED), None
        if command in (f.READ, f.READ_WITH_FINGERPRINT):
            if card is None:
                return f.build_response(f.Status.READ_FAILED), None
            text = build_text_block(card)
            photo = card.photo or photo_bytes(card)
            data = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo
            reply = f.build_response(f.Status.SUCCESS, data)
            if self._fault("pull"):
                self.lift()  # the visitor took the card away mid-read
                return reply, len(reply) // 2
            with self._lock:
                self._read = True
                self.reads += 1
            return reply, None
        if command in (f.SAM_STATUS, f.SAM_RESET):
            return f.build_response(f.Status.SUCCESS), None
        if command == f.SAM_ID:
            return f.build_response(f.Status.SUCCESS, SAM_ID), None
        if request.cmd == 0x60:
            return f.build_response(f.Status.SUCCESS), None
        return f.build_response(f.Status.BAD_COMMAND), None


def photo_bytes(card: IdCard) -> bytes:
    """Stand-in WLT bytes (never decoded anywhere), distinct per card."""
    seed = sum(card.number.encode()) & 0xFF
    return bytes((seed + i) & 0xFF for i in range(PHOTO_SIZE))


def card_from_fields(raw: dict[str, Any]) -> IdCard:
    """A card from a cards file entry; raises CardDataError naming the problem."""
    kind = str(raw.get("type", "resident"))
    types = {"resident": (" ", RESIDENT_ID_CARD), "J": ("J", HMT_PERMIT), "I": ("I", FOREIGN_PERMANENT)}
    if kind not in types:
        raise CardDataError(f"模拟证件的 type 应为 resident / J / I，实际是 {kind!r}")
    card_type, doc_type = types[kind]
    ethnicity = str(raw.get("ethnicity", "01" if kind == "resident" else ""))
    if ethnicity and not ethnicity.isdigit():
        codes = {name: code for code, name in ETHNICITIES.items()}
        ethnicity = codes.get(ethnicity, "97")
    for key in ("name", "number", "birth_date"):
        if not raw.get(key):
            raise CardDataError(f"模拟证件缺少 {key}")
    return IdCard(
        card_type=card_type,
        doc_type=doc_type,
        name=str(raw["name"]),
        gender=str(raw.get("gender", "男")),
        birth_date=str(raw["birth_date"]),
        number=str(raw["number"]),
        valid_from=str(raw.get("valid_from", "2015-01-01")),
        valid_until=str(raw.get("valid_until", "长期")),
        ethnicity_code=ethnicity.zfill(2) if ethnicity else "",
        address=str(raw.get("address", "")),
        authority=str(raw.get("authority", "")),
        english_name=str(raw.get("english_name", "")),
        nationality=str(raw.get("nationality", "")),
        pass_number=str(raw.get("pass_number", "")),
        issue_count=str(raw.get("issue_count", "")),
        card_version=str(raw.get("card_version", "")),
    )


def load_cards(path: Path) -> list[IdCard]:
    """Cards from a TOML (`[[cards]]`) or JSON (a list, or {"cards": [...]}) file."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data: Any = json.loads(text) if Path(path).suffix == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CardDataError(f"模拟证件文件 {path} 格式错误：{exc}") from None
    entries = data.get("cards") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        raise CardDataError(f"模拟证件文件 {path} 中没有证件（[[cards]]）")
    return [card_from_fields(entry) for entry in entries]


def sample_cards() -> list[IdCard]:
    """Cards for a newcomer to try the whole flow: valid, expired, a bad number, a J permit."""
    entries = [
        dict(name="张三", gender="男", ethnicity="01", birth_date="1949-12-31",
             address="北京市朝阳区建国路1号", number="110105194912310038",
             authority="北京市公安局朝阳分局"),
        dict(name="李秀英", gender="女", ethnicity="01", birth_date="1968-03-08",
             address="河北省石家庄市长安区中山东路8号", number="130102196803081225",
             authority="石家庄市公安局长安分局"),
        dict(name="王建国", gender="男", ethnicity="03", birth_date="1975-07-01",
             address="山东省济南市历下区泉城路2号", number="370102197507011010",
             authority="济南市公安局历下分局", valid_until="2035-07-01"),
        dict(name="钱过期", gender="男", ethnicity="01", birth_date="1960-05-05",
             address="江苏省南京市玄武区中山路3号", number="320102196005051238",
             authority="南京市公安局玄武分局", valid_from="2000-05-05", valid_until="2020-05-05"),
        # The check character is wrong on purpose (…018 would be valid).
        dict(name="号码错", gender="男", ethnicity="01", birth_date="1980-01-01",
             address="上海市黄浦区南京东路1号", number="310101198001010019",
             authority="上海市公安局黄浦分局"),
        dict(type="J", name="陈大文", gender="男", birth_date="1980-01-01",
             address="广东省深圳市福田区福华路1号", number="810000198001010014",
             authority="深圳市公安局", pass_number="H12345678", issue_count="01",
             valid_until="2030-01-01"),
    ]  # fmt: skip
    return [card_from_fields(e) for e in entries]
