"""Waiting for a staff screen's work off the UI thread, by condition, never a fixed sleep."""

from __future__ import annotations

import time

from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

BUSY = (WorkerState.PENDING, WorkerState.RUNNING)
# Workers that run as long as their screen (a PostgreSQL hall's change listener): never "settled".
RESIDENT = ("console-listen",)


async def settle(pilot, timeout: float = 10.0) -> None:
    """Until no worker of the app is pending or running (a finished action may start
    another: a form's save closes it, and the console reads itself again)."""
    deadline = time.monotonic() + timeout
    while True:
        busy = [worker for worker in pilot.app.workers if worker.state in BUSY and worker.group not in RESIDENT]
        for worker in busy:
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass  # a superseded poll, or a failure the screen reports itself
        await pilot.pause()
        if not busy and not any(worker.state in BUSY and worker.group not in RESIDENT for worker in pilot.app.workers):
            return
        assert time.monotonic() < deadline, "workers still running"


async def until(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.02)


def screen_lines(app) -> list[str]:
    """The screen as drawn, one string per row (what a person reads)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def footer_labels(screen) -> list[str]:
    """`key 说明` of every binding the screen shows in its footer."""
    from textual.binding import Binding

    labels = []
    for item in screen.BINDINGS:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if binding.show:
            key = binding.key_display or screen.app.get_key_display(binding)
            labels.append(f"{key} {binding.description}")
    return labels
