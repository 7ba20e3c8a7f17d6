"""Processes killed at random moments never lose a committed ticket."""

import random
import time

import pytest

from reception.queue.db import connect
from tests.ops.test_backup_restore import consistent, start_writer


@pytest.mark.slow
def test_random_kills_lose_no_committed_ticket(tmp_path):
    live = tmp_path / "hall.db"
    connect(live).conn.close()
    rng = random.Random(20261125)
    confirmed: list[str] = []
    deadline = time.monotonic() + 25
    rounds = 0
    while rounds < 12 and time.monotonic() < deadline:
        writers = [start_writer(live, first=rounds * 100_000 + k * 10_000, call_every=2) for k in range(2)]
        # Kill mid-work, not during start-up (a loaded machine takes a second to import):
        # wait until both have committed a ticket, then a random slice more.
        first = [writer.stdout.readline().split() for writer in writers]
        time.sleep(rng.uniform(0.0, 0.4))
        for writer in writers:
            writer.kill()  # SIGKILL: no cleanup, no chance to finish a commit
        for writer, seen in zip(writers, first):
            out = writer.stdout.read()  # the same buffered reader as readline (communicate() is not)
            writer.wait(timeout=30)
            assert seen, "a writer died before its first ticket"
            confirmed += seen + out.split()
        rounds += 1
    assert rounds >= 3 and len(confirmed) >= 2 * rounds
    stored = consistent(live)  # integrity ok, numbers without gap or duplicate
    assert set(confirmed) <= set(stored)
    assert len(confirmed) == len(set(confirmed))
