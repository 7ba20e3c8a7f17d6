"""What the kiosk needs from an ID card reader, and the demo card source.

The kiosk listens to a card source: an object with `start(emit)`, `stop()`,
`simulated` and, in simulation, `place(sample)`. The source calls `emit` from
its own thread with one of the plain events below; the app turns them into
Textual messages. The serial reader (issue 3) is adapted to this interface in
`reception.kiosk.reader`; the demo source here stands in where no reader is
available and imitates what a reader reports.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reception.queue.models import RESIDENT_ID_CARD, PersonInput


@dataclass(frozen=True)
class CardData:
    """The facts printed on an ID card, as the reader decoded them."""

    name: str
    gender: str
    ethnicity: str
    birth_date: str  # YYYY-MM-DD
    address: str
    doc_number: str
    valid_until: str = "长期"  # YYYY-MM-DD or 长期
    doc_type: str = RESIDENT_ID_CARD

    def expired_on(self, day: date) -> bool:
        try:
            return date.fromisoformat(self.valid_until) < day
        except ValueError:  # 长期 (no end date)
            return False

    def person(self, phone: str = "") -> PersonInput:
        return PersonInput(
            name=self.name,
            doc_type=self.doc_type,
            doc_number=self.doc_number,
            gender=self.gender,
            ethnicity=self.ethnicity,
            birth_date=self.birth_date,
            address=self.address,
            phone=phone,
        )


@dataclass(frozen=True)
class CardRead:
    card: CardData


@dataclass(frozen=True)
class CardRejected:
    """The reader read a card the hall cannot accept (e.g. an invalid number)."""

    reason: str  # Chinese, shown to the visitor


@dataclass(frozen=True)
class CardPulled:
    """The card left the reader before the read finished."""


# What a visitor reads when the card left the reader too early.
PULLED = "读卡未完成，请将身份证重新放在读卡区，放稳后不要移动"


# What the serial reader reports when its cable is out (reception.devices.idcard.reader).
UNPLUGGED = "读卡器未连接，请联系工作人员（正在自动重试）"


@dataclass(frozen=True)
class ReaderStatus:
    ok: bool
    message: str  # Chinese


CardEvent = CardRead | CardRejected | CardPulled | ReaderStatus
Emit = Callable[[CardEvent], None]


@dataclass(frozen=True)
class Sample:
    label: str
    event: CardEvent


# Valid check characters (GB 11643); shown only in simulation mode.
SAMPLES = (
    Sample("张三（男）", CardRead(CardData(
        "张三", "男", "汉", "1949-12-31", "北京市朝阳区建国路1号", "110105194912310038"))),
    Sample("李秀英（女）", CardRead(CardData(
        "李秀英", "女", "汉", "1968-03-08", "河北省石家庄市长安区中山东路8号", "130102196803081225"))),
    Sample("王建国（男）", CardRead(CardData(
        "王建国", "男", "回", "1975-07-01", "山东省济南市历下区泉城路2号", "370102197507011010"))),
    Sample("赵丽（女）", CardRead(CardData(
        "赵丽", "女", "满", "1990-01-15", "辽宁省沈阳市和平区南京北街5号", "210102199001151520"))),
    Sample("过期证件", CardRead(CardData(
        "钱过期", "男", "汉", "1960-05-05", "江苏省南京市玄武区中山路3号", "320102196005051238",
        valid_until="2020-05-05"))),
    Sample("号码无效", CardRejected("身份证号码校验未通过，无法识别此证件")),
    Sample("读卡中途拿开", CardPulled()),
)


class DemoCardSource:
    """Cards 'placed' from the screen; for trying the kiosk without a reader."""

    simulated = True

    def __init__(self) -> None:
        self._emit: Emit | None = None
        self._lock = threading.Lock()

    def start(self, emit: Emit) -> None:
        self._emit = emit
        emit(ReaderStatus(True, "演示模式：未连接读卡器"))

    def stop(self) -> None:
        self._emit = None

    def unplug(self) -> None:
        """As a reader whose cable was pulled reports it (the serial reader's words)."""
        with self._lock:
            if self._emit is not None:
                self._emit(ReaderStatus(False, UNPLUGGED))

    def plug(self) -> None:
        with self._lock:
            if self._emit is not None:
                self._emit(ReaderStatus(True, "演示模式：未连接读卡器"))

    def place(self, sample: Sample) -> None:
        with self._lock:
            if self._emit is not None:
                self._emit(sample.event)
