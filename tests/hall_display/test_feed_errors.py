"""The display's way in raises only the core's errors, and a bug while reading
does not freeze the TV (issue 12: front ends catch QueueError alone)."""

from __future__ import annotations

import pytest

from reception.hall_display.settings import DisplaySettings
from reception.hall_display.source import BoardSource
from reception.queue.errors import DatabaseUnavailable
from tests.hall_display.conftest import screen_text, wait_for
from tests.helpers import walk_in


def test_a_missing_database_is_the_cores_error_and_never_created(tmp_path, config):
    path = tmp_path / "nowhere.db"
    source = BoardSource(path, config, DisplaySettings())
    with pytest.raises(DatabaseUnavailable):
        source.poll()
    source.close()
    assert not path.exists()


async def test_a_bug_while_reading_is_logged_and_the_watch_starts_again(hall, make_display, caplog, monkeypatch):
    caplog.set_level("INFO", logger="reception.hall_display.app")
    walk_in(hall, 1)
    hall.call_next(1, "staff")
    app = make_display()
    real_poll = app.source.poll
    failures = []

    def buggy_once():
        if not failures:
            failures.append(1)
            raise RuntimeError("a bug in the board")
        return real_poll()

    monkeypatch.setattr(app.source, "poll", buggy_once)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        assert app.online and app.current.number.value == "A001"
        assert "连接中…" not in screen_text(app)
    assert failures and any(r.getMessage() == "reading the board failed" for r in caplog.records)
