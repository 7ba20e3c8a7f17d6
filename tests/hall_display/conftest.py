"""A hall display on a real database file, read by the real polling thread."""

from __future__ import annotations

import asyncio
import time

import pytest

from reception.hall_display.app import HallDisplayApp, create_app
from reception.hall_display.settings import DisplaySettings


def screen_text(app: HallDisplayApp) -> str:
    """What a person standing in front of the TV could read: every cell's character."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(pilot, condition, timeout: float = 5.0) -> float:
    """Seconds until `condition()` holds (fails the test after `timeout`)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError("the display did not show it in time")
        await pilot.pause(0.02)
    return time.monotonic() - start


@pytest.fixture
def make_display(db_path, config, clock):
    def make(settings: DisplaySettings | None = None, **kwargs) -> HallDisplayApp:
        return create_app(db_path, kwargs.get("config", config), settings or DisplaySettings(), kwargs.get("clock", clock))

    return make


__all__ = ["asyncio", "screen_text", "wait_for"]
