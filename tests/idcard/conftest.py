"""A simulated reader on a real pty pair, and a reader opened on it."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from reception.devices.idcard.reader import CardReader
from reception.devices.idcard.settings import ReaderSettings
from reception.devices.idcard.simulator import SimulatedReader


@pytest.fixture
def sim(tmp_path) -> Iterator[SimulatedReader]:
    simulator = SimulatedReader(link=tmp_path / "reception-idcard", seed=7)
    simulator.start()
    yield simulator
    simulator.stop()


def fast_settings(port: str, **overrides) -> ReaderSettings:
    values = dict(port=port, baud=115200, timeout=0.25, poll_interval=0.03, dedupe_seconds=3.0)
    values.update(overrides)
    return ReaderSettings(**values)


@pytest.fixture
def reader(sim) -> Iterator[CardReader]:
    card_reader = CardReader(fast_settings(sim.path), reopen_seconds=0.2)
    yield card_reader
    card_reader.close()


class Running:
    """`CardReader.run` in a thread, its events in a queue."""

    def __init__(self, reader: CardReader):
        self.events: queue.Queue = queue.Queue()
        self.seen: list = []  # every event taken off the queue, skipped ones too
        self.stop = threading.Event()
        self.thread = threading.Thread(target=reader.run, args=(self.events.put, self.stop), daemon=True)
        self.thread.start()

    def next(self, kind: type, timeout: float = 3.0):
        """The next event of `kind`, skipping others; fails after `timeout`."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind.__name__} within {timeout} s")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append(event)
            if isinstance(event, kind):
                return event

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=3)
        assert not self.thread.is_alive()


@pytest.fixture
def running(reader) -> Iterator[Running]:
    run = Running(reader)
    yield run
    run.close()
