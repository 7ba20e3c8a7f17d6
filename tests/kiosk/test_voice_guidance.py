"""Voice guidance at the kiosk (issue 17 item 7): each step said in Mandarin, a
button and a key to hear it again, off unless `[kiosk] voice = true`.

The screens speak through a recording speaker here; the sentences they said are
then put through the real engine, in the voice the kiosk uses (the hall's one
voice, `[display] voice_command`): their phoneme trace stays Mandarin, and a WAV
of each lasts and is loud enough to be speech.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from reception.config.sections import DEFAULT_VOICE_COMMAND
from reception.devices.speech import Speaker, language_switches, mandarin_voice, resolve_command, spoken_text
from reception.kiosk.app import create_app
from reception.kiosk.cards import DemoCardSource
from tests.hall_display.test_mandarin_voice import MIN_RMS, sound
from tests.kiosk.conftest import Clock, DummyPrinter, Kiosk, card

ESPEAK = shutil.which("espeak-ng")


class RecordingSpeaker:
    """What the kiosk asked to be said, in order; says nothing."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.thread_ids: set[int] = set()

    def say(self, text: str) -> bool:
        self.said.append(text)
        self.thread_ids.add(threading.get_ident())
        return True


@asynccontextmanager
async def speaking_kiosk(service, settings, speaker, size=(120, 40), printer=None):
    printer = printer or DummyPrinter()
    clock = Clock()
    app = create_app(service, DemoCardSource(), printer, replace(settings, voice=True), monotonic=clock,
                     speaker=speaker)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield Kiosk(app, pilot, printer, clock)


async def visit(kiosk) -> None:
    await kiosk.place(card(1))
    await kiosk.type("13800138000")
    await kiosk.click("#next")
    await kiosk.choose_purpose()
    await kiosk.click("#alone")
    await kiosk.click("#next")


async def test_each_step_is_said_as_it_is_shown(service, settings):
    speaker = RecordingSpeaker()
    async with speaking_kiosk(service, settings, speaker) as kiosk:
        assert speaker.said == ["您好，请将身份证放在读卡区取号。没有身份证，请点无身份证，请工作人员协助。"]
        await visit(kiosk)
        assert kiosk.screen_name == "TicketScreen"
    assert speaker.said[1:] == [
        "请核对您的信息，并输入联系电话，然后点下一步。",
        "请选择来访目的和问题类别，然后点下一步。",
        "您是一个人来，还是多人一起来？",
        "请确认以下信息，无误后请点确认取号。",
        "取号成功。您的号码是 A001 号，个人来访。前面没有人等候，请取走凭条，留意叫号。",
    ]


async def test_the_repeat_button_and_key_say_the_current_step_again(service, settings):
    speaker = RecordingSpeaker()
    async with speaking_kiosk(service, settings, speaker) as kiosk:
        await kiosk.place(card(1))
        assert kiosk.screen_name == "PersonScreen"
        step = "请核对您的信息，并输入联系电话，然后点下一步。"
        assert speaker.said[-1] == step
        before = len(speaker.said)
        await kiosk.click("#repeat")
        assert speaker.said[before:] == [step]  # once, not once per class handler
        assert kiosk.screen_name == "PersonScreen"  # the step stays
        await kiosk.pilot.press("f2")
        await kiosk.settle()
        assert speaker.said[before:] == [step, step]
        await kiosk.click("#home")
        await kiosk.click("#repeat")  # the welcome screen has one too
        assert speaker.said[-1].startswith("您好，请将身份证放在读卡区")
    assert speaker.thread_ids == {threading.main_thread().ident}  # say() only queues: never blocks


async def test_a_ticket_that_did_not_print_is_said_with_its_number(service, settings):
    speaker = RecordingSpeaker()
    async with speaking_kiosk(service, settings, speaker, printer=DummyPrinter(simulate="paper_out")) as kiosk:
        for _ in range(200):
            if kiosk.app.printer_fault is not None:
                break
            await kiosk.pilot.pause(0.02)
        await kiosk.click("#repeat")
        assert "本机暂时不能打印凭条" in speaker.said[-1]  # the welcome says the printer is out
        await visit(kiosk)
    assert speaker.said[-1].startswith("您的号码是 A001 号")
    assert "凭条未能打印" in speaker.said[-1] and "请记下号码" in speaker.said[-1]


async def test_with_the_voice_off_nothing_is_said_and_there_is_no_repeat_button(kiosk):
    assert kiosk.app.speaker is None
    assert not kiosk.app.screen.query("#repeat")
    await kiosk.place(card(1))
    assert not kiosk.app.screen.query("#repeat")
    await kiosk.pilot.press("f2")  # does nothing, breaks nothing
    await kiosk.settle()
    assert kiosk.screen_name == "PersonScreen"


def test_the_voice_is_on_by_configuration_in_the_kiosk_section(service):
    from reception.config import parse_config

    assert parse_config({}).kiosk.voice is False
    config = parse_config({"kiosk": {"voice": True, "voice_repeat_key": "f3"}})
    assert config.kiosk.voice and config.kiosk.voice_repeat_key == "f3"
    service.config = config
    app = create_app(service, DemoCardSource(), DummyPrinter())
    try:
        assert isinstance(app.speaker, Speaker) and app.speaker.latest_only
        assert app.speaker.command == DEFAULT_VOICE_COMMAND  # the display's voice
    finally:
        app.speaker.close()


def test_a_new_step_replaces_one_not_yet_said():
    started, release = threading.Event(), threading.Event()
    said: list[str] = []
    speaker = Speaker(("true", "{text}"), backlog=2, latest_only=True)

    def slow_try(text: str) -> None:
        said.append(text)
        started.set()
        release.wait(5)

    speaker._try = slow_try  # the engine busy with the first sentence
    speaker.say("第一步")
    assert started.wait(5)
    speaker.say("第二步")
    speaker.say("第三步")  # the visitor moved on twice while the first was said
    release.set()
    speaker.wait_idle(5)
    speaker.close()
    assert said == ["第一步", "第三步"]


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
async def test_every_step_is_mandarin_and_audible(service, settings, tmp_path):
    speaker = RecordingSpeaker()
    async with speaking_kiosk(service, settings, speaker) as kiosk:
        await visit(kiosk)
        await kiosk.click("#home")
        await kiosk.click("#no-card")
        await kiosk.click("#home")
        await kiosk.click("#query")
        await kiosk.click("#home")
        await kiosk.place(card(2, valid_until="2020-01-01"))  # an expired card: refused
        assert kiosk.screen_name == "RefusalScreen"
    sentences = list(dict.fromkeys(speaker.said))
    assert len(sentences) >= 9
    command = resolve_command(DEFAULT_VOICE_COMMAND)
    voice = mandarin_voice()
    assert voice in command
    problems = []
    for index, sentence in enumerate(sentences):
        text = spoken_text(sentence)
        trace = subprocess.run([ESPEAK, "-q", "-x", "-v", voice, text], capture_output=True, text=True,
                               timeout=30, check=True).stdout
        if switches := [s for s in language_switches(trace) if s != voice]:
            problems.append(f"{sentence!r} switches to {switches}: {trace.strip()}")
        wav = tmp_path / f"step-{index}.wav"
        subprocess.run([ESPEAK, "-w", str(wav), *command[1:-1], text], check=True, timeout=60)
        seconds, rms = sound(wav)
        # about four syllables a second at -s 140: a sentence of n characters lasts n / 6 s at least
        if seconds < len(sentence) / 6 or rms < MIN_RMS:
            problems.append(f"{sentence!r}: {seconds:.2f} s at RMS {rms:.0f}, not speech")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [(120, 30), (100, 30), (80, 24)])
async def test_with_the_voice_on_every_button_of_a_visit_still_fits(service, settings, size):
    from tests.kiosk.test_screen_fit import unreachable_buttons

    async with speaking_kiosk(service, settings, RecordingSpeaker(), size=size) as kiosk:
        seen = []

        async def check() -> None:
            seen.append(kiosk.screen_name)
            assert kiosk.app.screen.query("#repeat")
            assert unreachable_buttons(kiosk) == []

        await check()
        await kiosk.place(card(1))
        await check()
        await kiosk.click("#no-phone")
        await check()
        await kiosk.choose_purpose()
        await check()
        await kiosk.click("#alone")
        await check()
        await kiosk.click("#next")
        await check()
    assert seen == ["WelcomeScreen", "PersonScreen", "VisitScreen", "ModeScreen", "ConfirmScreen", "TicketScreen"]
