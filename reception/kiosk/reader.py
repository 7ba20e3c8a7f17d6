"""The serial ID card reader as the kiosk's card source.

`SerialCardSource` runs `reception.devices.idcard.reader.CardReader.run` in a
worker thread and turns its events into the kiosk's plain card events
(`reception.kiosk.cards`). Whether a card is expired is left to the kiosk's own
check (`CardData.expired_on` in `reception.kiosk.app.expired_problem`), so there is one
expiry rule; a number that fails GB 11643 or disagrees with the card arrives
as `CardRejected` with the reader's Chinese reason.

`SimulatedSerialSource` is the same path end to end over a pseudo-terminal,
with the simulator on the other side: what `reception kiosk` uses when no
reader is configured, so a newcomer sees the whole flow, and the demo bar's
sample cards travel through real frames.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from reception.devices.idcard.reader import (
    CardAccepted,
    CardReader,
    CardRefused,
    CardRemoved,
    ReaderEvent,
    StatusChanged,
)
from reception.devices.idcard.settings import ReaderSettings
from reception.devices.idcard.text_block import IdCard
from reception.kiosk.cards import (
    CardData,
    CardPulled,
    CardRead,
    CardRejected,
    Emit,
    ReaderStatus,
    Sample,
)

log = logging.getLogger(__name__)


def card_data(card: IdCard) -> CardData:
    """What the kiosk keeps of a card: the printed facts, not the photo."""
    return CardData(
        name=card.name,
        gender=card.gender,
        ethnicity=card.ethnicity,
        birth_date=card.birth_date,
        address=card.address,
        doc_number=card.number,
        valid_until=card.valid_until,
        doc_type=card.doc_type,
    )


def translate(event: ReaderEvent):
    if isinstance(event, CardAccepted):
        return CardRead(card_data(event.card))
    if isinstance(event, CardRefused):
        return CardRejected(event.reason)
    if isinstance(event, CardRemoved):
        return CardPulled()
    if isinstance(event, StatusChanged):
        return ReaderStatus(event.ok, event.message)
    raise TypeError(f"unknown reader event {event!r}")


class SerialCardSource:
    """A real reader on a serial port, polled from a worker thread."""

    simulated = False

    def __init__(self, settings: ReaderSettings, reader_factory: Callable[..., CardReader] = CardReader):
        self.settings = settings
        self._factory = reader_factory
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.reader: CardReader | None = None

    def start(self, emit: Emit) -> None:
        log.info("card reader: connecting to %s", self.settings.describe())
        emit(ReaderStatus(False, "正在连接读卡器…"))  # on the visitors' screen: no device path
        self.reader = self._factory(self.settings)
        self._stop.clear()

        def deliver(event: ReaderEvent) -> None:
            emit(translate(event))

        self._thread = threading.Thread(
            target=self.reader.run, args=(deliver, self._stop), name="card-reader", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
            if self._thread.is_alive():
                log.warning("the card reader thread did not stop within 3 s")
            self._thread = None


class SimulatedSerialSource(SerialCardSource):
    """The simulator on a pty and a real reader on its other end (demo mode)."""

    simulated = True

    def __init__(self, **reader_settings) -> None:
        from reception.devices.idcard.simulator import SimulatedReader

        self.simulator = SimulatedReader()
        port = self.simulator.start()
        values: dict[str, Any] = dict(port=port, timeout=0.5, poll_interval=0.2)
        values.update(reader_settings)
        super().__init__(ReaderSettings(**values))

    def start(self, emit: Emit) -> None:
        super().start(emit)

    def stop(self) -> None:
        super().stop()
        self.simulator.stop()

    def place(self, sample: Sample) -> None:
        """Put a demo sample on the simulated reader, as a card or a fault."""
        from reception.devices.idcard.simulator import sample_cards

        event = sample.event
        if isinstance(event, CardRead):
            self.simulator.place(id_card(event.card))
        elif isinstance(event, CardPulled):
            self.simulator.inject("pull")
            self.simulator.place(sample_cards()[0])
        elif isinstance(event, CardRejected):
            bad = [c for c in sample_cards() if c.name == "号码错"]
            self.simulator.place(bad[0])


def id_card(data: CardData) -> IdCard:
    """A CardData as the card a simulator would hold (the inverse of card_data)."""
    from reception.devices.idcard.text_block import ETHNICITIES, FOREIGN_PERMANENT, HMT_PERMIT

    codes = {name: code for code, name in ETHNICITIES.items()}
    card_type = {HMT_PERMIT: "J", FOREIGN_PERMANENT: "I"}.get(data.doc_type, " ")
    return IdCard(
        card_type=card_type,
        doc_type=data.doc_type,
        name=data.name,
        gender=data.gender,
        birth_date=data.birth_date,
        number=data.doc_number,
        valid_from="2015-01-01",
        valid_until=data.valid_until,
        ethnicity=data.ethnicity,
        ethnicity_code=codes.get(data.ethnicity, "97") if card_type == " " else "",
        address=data.address,
    )
