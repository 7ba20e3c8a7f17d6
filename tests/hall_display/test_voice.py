"""Spoken calls: off by default, never blocking the screen, harmless when the engine is missing."""

from __future__ import annotations

import sys
import time

from reception.hall_display.settings import DisplaySettings
from reception.hall_display.voice import Announcer, SpeakingFloor, announcement
from reception.queue.models import Call
from tests.hall_display.conftest import wait_for
from tests.helpers import walk_in

SIZE = (160, 45)


def test_the_announcement_text():
    assert announcement(Call("A023", 3, "3号窗口", "")) == "请 A023 号到 3 号窗口"
    assert announcement(Call("C002", None, "第一接待室", "")) == "请 C002 号到第一接待室"


def test_the_engine_gets_ticket_digits_one_by_one_and_window_numbers_as_numbers(tmp_path):
    said = tmp_path / "said.txt"
    announcer = Announcer(recorder(said), readings={"C": "丙"})
    announcer.announce("请 A023 号到 3 号窗口")
    announcer.announce("请 C002 号到第一接待室")
    announcer.wait_idle(10)
    assert spoken(said) == ["请 A 零 二 三 号到 3 号窗口", "请 丙 零 零 二 号到第一接待室"]


def recorder(path) -> tuple[str, ...]:
    """A stand-in engine that writes what it was asked to say (and takes its time)."""
    script = f"import sys, time; time.sleep(0.3); open({str(path)!r}, 'a', encoding='utf-8').write(sys.argv[1] + '\\n')"
    return (sys.executable, "-c", script, "{text}")


def spoken(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


async def test_each_new_call_is_announced_without_holding_up_the_screen(hall, make_display, tmp_path):
    said = tmp_path / "said.txt"
    for n in range(1, 4):
        walk_in(hall, n)
    hall.call_next(1, "staff")  # made before the display started: not spoken
    app = make_display(DisplaySettings(voice=True, voice_command=recorder(said)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        hall.call_next(3, "staff")
        await wait_for(pilot, lambda: app.current.number.value == "A002", timeout=2)
        hall.call_next(2, "staff")
        # The screen moves on while the engine is still speaking the first call.
        await wait_for(pilot, lambda: app.current.number.value == "A003", timeout=2)
        assert len(spoken(said)) < 2
        app.announcer.wait_idle(10)
    assert spoken(said) == ["请 A 零 零 二 号到 3 号窗口", "请 A 零 零 三 号到 2 号窗口"]


async def test_a_recall_is_announced_again(hall, make_display, tmp_path):
    said = tmp_path / "said.txt"
    walk_in(hall, 1)
    app = make_display(DisplaySettings(voice=True, voice_command=recorder(said)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        ticket = hall.call_next(1, "staff")
        await wait_for(pilot, lambda: app.current.number.value == "A001")
        hall.clock.advance(seconds=30)
        hall.recall(ticket.id, "staff")
        await wait_for(pilot, lambda: app.board.calls[0].at > app.board.calls[-1].at, timeout=2)
        app.announcer.wait_idle(10)
    assert spoken(said) == ["请 A 零 零 一 号到 1 号窗口"] * 2


async def test_a_missing_engine_does_not_break_the_display(hall, make_display, caplog):
    walk_in(hall, 1)
    walk_in(hall, 2)
    app = make_display(DisplaySettings(voice=True, voice_command=("/nonexistent/espeak-ng", "{text}")))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        hall.call_next(1, "staff")
        await wait_for(pilot, lambda: app.current.number.value == "A001")
        app.announcer.wait_idle(5)
        assert "找不到语音播报程序" in app.announcer.problem
        hall.call_next(2, "staff")
        await wait_for(pilot, lambda: app.current.number.value == "A002")
        assert app.is_running
        app.announcer.wait_idle(5)
    # Told to the journal (reception.logs), once, not at every call:
    told = [r.getMessage() for r in caplog.records if r.name == "reception.hall_display.voice"]
    assert told == ["voice: 找不到语音播报程序 /nonexistent/espeak-ng"]


async def test_voice_is_off_by_default(hall, make_display):
    app = make_display()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        assert app.announcer is None


def test_a_full_backlog_drops_rather_than_blocks(tmp_path):
    announcer = Announcer((sys.executable, "-c", "import time; time.sleep(1)", "{text}"), backlog=2)
    start = time.monotonic()
    results = [announcer.announce(f"请 A{n:03d} 号到 1 号窗口") for n in range(6)]
    assert time.monotonic() - start < 0.1
    assert results.count(False) >= 2
    announcer.close()


def test_one_announcer_per_machine_speaks_and_another_takes_over_when_it_closes(tmp_path):
    floor = tmp_path / "voice.lock"
    first_said, second_said = tmp_path / "first.txt", tmp_path / "second.txt"
    first = Announcer(recorder(first_said), floor=SpeakingFloor(floor))
    second = Announcer(recorder(second_said), floor=SpeakingFloor(floor))
    for announcer in (first, second):
        assert announcer.announce("请 A001 号到 1 号窗口")
        announcer.wait_idle(10)
    assert spoken(first_said) == ["请 A 零 零 一 号到 1 号窗口"] and spoken(second_said) == []
    assert second.left_to_another == 1
    first.close()
    assert second.announce("请 A002 号到 1 号窗口")
    second.wait_idle(10)
    assert spoken(second_said) == ["请 A 零 零 二 号到 1 号窗口"]
    second.close()


async def test_two_displays_open_on_one_machine_say_each_call_once(hall, make_display, tmp_path):
    """`reception serve` runs a display for every open /display tab, all on the server's
    speakers: the display started first speaks, and when it closes the other speaks the
    next call."""
    said = [tmp_path / "first.txt", tmp_path / "second.txt"]
    walk_in(hall, 1)
    walk_in(hall, 2)
    first, second = (make_display(DisplaySettings(voice=True, voice_command=recorder(path))) for path in said)
    async with second.run_test(size=SIZE) as second_pilot:
        async with first.run_test(size=SIZE) as first_pilot:
            await wait_for(first_pilot, lambda: first.boards_shown)
            await wait_for(second_pilot, lambda: second.boards_shown)
            hall.call_next(1, "staff")
            await wait_for(first_pilot, lambda: first.current.number.value == "A001")
            await wait_for(second_pilot, lambda: second.current.number.value == "A001")
            for display in (first, second):
                display.announcer.wait_idle(10)
            assert spoken(said[0]) == ["请 A 零 零 一 号到 1 号窗口"] and spoken(said[1]) == []
        # the first display is closed: the second speaks from the next call
        hall.call_next(2, "staff")
        await wait_for(second_pilot, lambda: second.current.number.value == "A002")
        second.announcer.wait_idle(10)
        assert spoken(said[1]) == ["请 A 零 零 二 号到 2 号窗口"]


def test_a_floor_that_cannot_be_opened_does_not_silence_the_display(tmp_path, caplog):
    floor = SpeakingFloor(tmp_path / "no such directory" / "voice.lock")
    assert floor.held()  # better two voices than none
    assert "speaking anyway" in caplog.text
