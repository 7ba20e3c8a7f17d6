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
        time.sleep(rng.uniform(0.6, 1.5))  # start-up plus a random slice of work
        for writer in writers:
            writer.kill()  # SIGKILL: no cleanup, no chance to finish a commit
        for writer in writers:
            out, _ = writer.communicate(timeout=30)
            confirmed += out.split()
        rounds += 1
    assert rounds >= 3 and confirmed
    stored = consistent(live)  # integrity ok, numbers without gap or duplicate
    assert set(confirmed) <= set(stored)
    assert len(confirmed) == len(set(confirmed))
