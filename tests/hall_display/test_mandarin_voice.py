"""The hall's voice speaks Mandarin: every announcement, as the real engine hears it.

A stand-in `espeak-ng` first on PATH records each command the display runs
(voice and text, exactly as the display passes them) and lets the real engine
write it to a WAV instead of the speakers. Each recorded text is then put
through the real engine's phoneme trace (`-q -x`) in the recorded voice: a
segment read in another language shows as `(en)...(cmn)` and fails the test
(the `cmn` voice of espeak-ng 1.51 reads "你好" as
`(en)nI55Tr'i:55_| h,eI55@55Tr'i:55(cmn)`: pinyin spelled with English phonemes).
Each WAV must last and be loud enough to be speech.
"""

from __future__ import annotations

import array
import json
import os
import re
import shutil
import string
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from reception.hall_display.settings import DisplaySettings
from reception.hall_display.voice import Announcer, announcement
from reception.queue.models import Call, leader_queue
from tests.hall_display.conftest import wait_for
from tests.helpers import walk_in
from tests.schedule.sheets import good_rows, write_csv

ESPEAK = shutil.which("espeak-ng")
pytestmark = pytest.mark.skipif(
    ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng; CI's .ci/run does)"
)

SIZE = (160, 45)
SWITCH = re.compile(r"\([a-z]{2,3}(?:-[a-z0-9]+)*\)", re.IGNORECASE)  # (en), (cmn), (zh-yue)
MIN_SECONDS = 1.0  # the shortest phrase here is a whole call, several syllables
MIN_RMS = 500  # of 16-bit samples; espeak-ng speech is some thousands, silence 0

SHIM = """\
import json, os, subprocess, sys
real, log, wavs = {real!r}, {log!r}, {wavs!r}
args = sys.argv[1:]
if any(a.startswith("--voices") or a in ("-x", "-w", "--version") for a in args):
    os.execv(real, [real, *args])  # asking the engine, not speaking: as it is
wav = os.path.join(wavs, "said-%d.wav" % len(os.listdir(wavs)))
done = subprocess.run([real, "-w", wav, *args])
with open(log, "a", encoding="utf-8") as f:
    f.write(json.dumps({{"args": args, "wav": wav}}, ensure_ascii=False) + "\\n")
sys.exit(done.returncode)
"""


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """What the display asked espeak-ng to say: (voice, text, wav) per call."""
    bin_dir, wavs = tmp_path / "bin", tmp_path / "wavs"
    bin_dir.mkdir()
    wavs.mkdir()
    log = tmp_path / "spoken.jsonl"
    shim = bin_dir / "espeak-ng"
    shim.write_text(f"#!{sys.executable}\n" + SHIM.format(real=ESPEAK, log=str(log), wavs=str(wavs)))
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")

    def spoken() -> list[tuple[str | None, str, Path]]:
        if not log.exists():
            return []
        said = []
        for line in log.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            args = record["args"]
            voice = args[args.index("-v") + 1] if "-v" in args else None
            said.append((voice, args[-1], Path(record["wav"])))
        return said

    return spoken


def trace(voice: str | None, text: str) -> str:
    voice_args = ["-v", voice] if voice else []
    return subprocess.run(
        [ESPEAK, *voice_args, "-q", "-x", text], capture_output=True, text=True, timeout=30, check=True
    ).stdout


def sound(path: Path) -> tuple[float, float]:
    """Seconds and RMS loudness of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    rms = (sum(s * s for s in samples) / len(samples)) ** 0.5 if samples else 0.0
    return seconds, rms


def check_all_mandarin_and_audible(said: list[tuple[str | None, str, Path]]) -> None:
    problems = []
    for voice, text, wav in said:
        phonemes = trace(voice, text)
        if SWITCH.search(phonemes):
            problems.append(f"-v {voice} {text!r} switches language: {phonemes.strip()}")
        seconds, rms = sound(wav)
        if seconds < MIN_SECONDS or rms < MIN_RMS:
            problems.append(f"-v {voice} {text!r}: {seconds:.2f} s at RMS {rms:.0f}, not speech")
    assert not problems, "\n".join(problems)


async def test_every_call_the_display_announces_is_read_in_mandarin(hall, make_display, engine, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "schedule.csv", good_rows()), "staff")
    leader = hall.leader_named("王建国").id  # today in 第一接待室
    walk_in(hall, 1)
    to_leader = walk_in(hall, 2, service="C").ticket
    hall.transfer(to_leader.id, leader_queue(leader), "staff")
    app = make_display(DisplaySettings(voice=True))  # the default voice command
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        ticket = hall.call_next(3, "staff")  # a window
        await wait_for(pilot, lambda: app.current.number.value == "A001", timeout=3)
        hall.call_next_for_leader(leader, "staff")  # a leader's room
        await wait_for(pilot, lambda: app.current.number.value == "C001", timeout=3)
        hall.clock.advance(seconds=30)
        hall.recall(ticket.id, "staff")  # a recall
        await wait_for(pilot, lambda: app.current.number.value == "A001", timeout=3)
        app.announcer.wait_idle(60)
    said = engine()
    assert len(said) == 3, said
    check_all_mandarin_and_audible(said)


def test_every_prefix_window_and_fixed_phrase_is_read_in_mandarin(engine):
    calls = [Call(f"{letter}001", 1, "", "") for letter in string.ascii_uppercase]  # any prefix A-Z
    calls += [
        Call("AB012", 12, "", ""),  # two letters: not the pinyin syllable "ab"
        Call("A100", 100, "", ""),
        Call("C002", None, "", ""),  # the default place: 领导接待室
        Call("C003", None, "县信访局三楼301接待室", ""),
    ]
    texts = [announcement(call) for call in calls]
    texts.append("请 A023 号到 3 号窗口")  # what `reception display --say` says by default
    announcer = Announcer(DisplaySettings().voice_command, backlog=len(texts))
    assert all(announcer.announce(text) for text in texts)
    announcer.wait_idle(120)
    announcer.close()
    assert announcer.problem is None, announcer.problem
    said = engine()
    assert len(said) == len(texts)
    check_all_mandarin_and_audible(said)
