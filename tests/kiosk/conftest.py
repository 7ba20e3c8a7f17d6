"""A kiosk on a real hall database, with a demo card source and a capturing printer."""

from __future__ import annotations

import threading
import time
from contextlib import asynccontextmanager

import pytest
from textual.widgets import Button, Static

from reception.devices.printer import TicketPrinter, parse_printer_settings
from reception.devices.printer.decode import Decoded, decode
from reception.kiosk.app import KioskApp, create_app
from reception.kiosk.cards import CardData, CardRead, DemoCardSource, Sample
from reception.kiosk.settings import KioskSettings


class DummyPrinter(TicketPrinter):
    """The real ticket printer on python-escpos Dummy bytes (kind = "dummy").

    `simulate` pretends a printer fault ("paper_out", "offline"...); `gate`
    holds every job until it is set (the power goes mid-print).
    """

    def __init__(self, **keys) -> None:
        super().__init__(parse_printer_settings({"kind": "dummy", **keys}))
        self.gate: threading.Event | None = None

    def print_slip(self, slip):
        if self.gate is not None:
            self.gate.wait()
        return super().print_slip(slip)

    @property
    def tickets(self) -> list[Decoded]:
        """Every job that reached the printer, decoded from its ESC/POS bytes."""
        return [decode(job) for job in self.link.jobs]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def card(n: int = 1, **fields) -> CardData:
    values = dict(
        name=f"来访人{n}", gender="男", ethnicity="汉", birth_date="1980-01-01",
        address="北京市东城区正义路1号", doc_number=f"1101011980010100{n:02d}",
    )
    values.update(fields)
    return CardData(**values)


class Kiosk:
    """The app under test and what a visitor does to it."""

    def __init__(self, app: KioskApp, pilot, printer: DummyPrinter, clock: Clock):
        self.app, self.pilot, self.printer, self.clock = app, pilot, printer, clock

    @property
    def screen_name(self) -> str:
        return type(self.app.screen).__name__

    async def place(self, data: CardData | object) -> None:
        event = CardRead(data) if isinstance(data, CardData) else data
        self.app.card_source.place(Sample("test", event))
        await self.settle()

    async def settle(self) -> None:
        await self.pilot.pause()
        if self.app.workers:
            await self.app.workers.wait_for_complete()
            await self.pilot.pause()
        # The printer thread hands its outcome back as a message: wait for it, so a
        # loaded machine does not read the screen before "凭条已打印" is drawn.
        held = self.printer.gate is not None and not self.printer.gate.is_set()  # a test holds the job
        deadline = time.monotonic() + 5
        while not held and self.app.print_worker.pending and time.monotonic() < deadline:
            await self.pilot.pause(0.02)
        await self.pilot.pause()

    async def click(self, selector: str) -> None:
        assert await self.pilot.click(selector), f"could not click {selector}"
        await self.settle()

    async def type(self, digits: str) -> None:
        for digit in digits:
            await self.pilot.press(digit)
        await self.settle()

    def text(self, skip: tuple[str, ...] = ()) -> str:
        """Everything the current screen shows as text, in order (minus `skip` ids)."""
        parts = []
        for widget in self.app.screen.query("*"):
            if widget.id in skip:
                continue
            if isinstance(widget, Button):
                parts.append(str(widget.label))
            elif isinstance(widget, Static):
                parts.append(str(widget.content))
        return "\n".join(parts)

    def notices(self) -> list[str]:
        """What the visitor is being told besides the screen itself: the notice
        line above the buttons when shown, and any toast."""
        shown = [
            str(line.content) for line in self.app.screen.query("#kiosk-notice").results(Static) if line.display
        ]
        return shown + [n.message for n in self.app._notifications]

    async def visit_alone(self, data: CardData, phone: str = "13800138000") -> None:
        await self.place(data)
        assert self.screen_name == "PersonScreen"
        await self.type(phone)
        await self.click("#next")
        await self.choose_purpose()
        await self.click("#alone")
        assert self.screen_name == "ConfirmScreen"
        await self.click("#next")

    async def choose_purpose(self, purpose: int = 2, category: int = 1) -> None:
        assert self.screen_name == "VisitScreen"
        await self.click(f"#purpose-{purpose}")
        await self.click(f"#category-{category}")
        await self.click("#next")


@pytest.fixture
def printer() -> DummyPrinter:
    return DummyPrinter()


@pytest.fixture
def settings() -> KioskSettings:
    return KioskSettings(idle_seconds=60, ticket_seconds=10, staff_pin="2468")


@asynccontextmanager
async def running_kiosk(service, printer, settings, size=(120, 40), notifications=False):
    clock = Clock()
    app = create_app(service, DemoCardSource(), printer, settings, monotonic=clock)
    # notifications=True draws the toasts, as a visitor sees them.
    async with app.run_test(size=size, notifications=notifications) as pilot:
        await pilot.pause()
        yield Kiosk(app, pilot, printer, clock)


@pytest.fixture
async def kiosk(service, printer, settings):
    async with running_kiosk(service, printer, settings) as kiosk:
        yield kiosk
