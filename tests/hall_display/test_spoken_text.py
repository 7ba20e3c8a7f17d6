"""What the speech engine is given: ticket digits one by one, and a voice that reads Mandarin."""

from __future__ import annotations

import shutil
import sys

import pytest

from reception.devices.speech import (
    FALLBACK_VOICE,
    chinese_voices,
    language_switches,
    mandarin_voice,
    resolve_command,
    spoken_text,
)


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("请 A023 号到 3 号窗口", "请 A 零 二 三 号到 3 号窗口"),  # not 零二十三
        ("请A023号到3号窗口", "请 A 零 二 三 号到 3 号窗口"),
        ("请 C002 号到第一接待室", "请 C 零 零 二 号到第一接待室"),
        ("请 AB012 号到 12 号窗口", "请 A B 零 一 二 号到 12 号窗口"),  # "AB" is no pinyin syllable
        ("请 a100 号到 100 号窗口", "请 A 一 零 零 号到 100 号窗口"),
        ("请 C003 号到三楼301接待室", "请 C 零 零 三 号到三楼 三 零 一 接待室"),  # a room: 三零一
        ("B区 2026年", "B 区 二 零 二 六 年"),
        ("请保管好随身财物", "请保管好随身财物"),
    ],
)
def test_spoken_text(text, spoken):
    assert spoken_text(text) == spoken


def test_a_prefix_can_have_its_own_reading():
    assert spoken_text("请 A023 号到 3 号窗口", {"A": "甲"}) == "请 甲 零 二 三 号到 3 号窗口"
    assert spoken_text("请 AB012 号", {"AB": "甲乙"}) == "请 甲乙 零 一 二 号"
    assert spoken_text("请 AB012 号", {"B": "乙"}) == "请 A 乙 零 一 二 号"


def test_language_switches_in_a_trace():
    assert language_switches("(en)nI55Tr'i:55_| h,eI55@55Tr'i:55(cmn)_|") == ["en", "cmn"]
    assert language_switches("n'i35_| X'Au214_|") == []


def fake_engine(tmp_path, voices: str, english_in: tuple[str, ...]) -> str:
    """An espeak-ng that lists `voices` and traces text in English for the voices named."""
    script = tmp_path / "espeak-ng"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "args = sys.argv[1:]\n"
        f"if args[0].startswith('--voices'): print({voices!r}); sys.exit(0)\n"
        "voice = args[args.index('-v') + 1]\n"
        f"print('(en)kI55NTr(cmn)' if voice in {english_in!r} else 'tS;h\\'i21N_|')\n"
    )
    script.chmod(0o755)
    return str(script)


DEBIAN_12 = """Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
 5  cmn-latn-pinyin --/M      Chinese_(Mandarin,_latin_as_Pinyin) sit/cmn-Latn-pinyin  (zh-cmn 5)(zh 5)
 5  zh              --/M      chinese-mb-cn1     mb/mb-cn1
 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)"""

OLDER = """Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  cmn             --/M      Chinese_(Mandarin) sit/cmn              (zh-cmn 5)(zh 5)
 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)"""


def test_the_pinyin_reader_is_preferred_and_cantonese_and_mbrola_left_out(tmp_path):
    engine = fake_engine(tmp_path, DEBIAN_12, english_in=("cmn",))
    assert chinese_voices(engine) == ["cmn-latn-pinyin", "cmn"]
    assert mandarin_voice(engine) == "cmn-latn-pinyin"
    assert resolve_command((engine, "-v", "{voice}", "{text}")) == (engine, "-v", "cmn-latn-pinyin", "{text}")


def test_a_version_without_the_pinyin_reader_uses_its_mandarin_voice(tmp_path):
    engine = fake_engine(tmp_path, OLDER, english_in=())
    assert mandarin_voice(engine) == "cmn"


def test_an_absent_engine_or_an_explicit_voice(tmp_path):
    assert mandarin_voice(str(tmp_path / "no-such-engine")) == FALLBACK_VOICE
    assert resolve_command(("espeak-ng", "-v", "cmn", "{text}")) == ("espeak-ng", "-v", "cmn", "{text}")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_the_installed_engine_offers_a_mandarin_voice():
    voice = mandarin_voice("espeak-ng")
    assert voice in chinese_voices("espeak-ng")


def test_an_engine_that_could_not_open_the_sound_card_did_not_speak():
    from reception.devices.speech import SpeechError, speak

    noisy = "import sys; print('ALSA lib pcm.c: Unknown PCM default', file=sys.stderr); print('error: No such file or directory', file=sys.stderr)"
    with pytest.raises(SpeechError, match="没有声音输出"):
        speak((sys.executable, "-c", noisy, "{text}"), "你好")
    speak((sys.executable, "-c", "import sys; print('warning: slow', file=sys.stderr)", "{text}"), "你好")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_configured_voice_that_reads_english_is_named(caplog):
    from reception.devices.speech import voice_problem
    from reception.hall_display.settings import DisplaySettings
    from reception.hall_display.voice import Announcer

    assert voice_problem(resolve_command(DisplaySettings().voice_command)) is None
    assert voice_problem(("true", "{text}")) is None  # not espeak-ng: nothing to ask
    old = ("espeak-ng", "-v", "cmn", "-w", "/dev/null", "{text}")  # an old config's command
    if voice_problem(old) is None:
        pytest.skip("this espeak-ng's cmn voice reads Mandarin (older than 1.51)")
    assert "语音 cmn 把部分内容读成了其他语言（en" in voice_problem(old)
    announcer = Announcer(old)
    announcer.announce("请 A023 号到 3 号窗口")
    announcer.wait_idle(20)
    told = [r.getMessage() for r in caplog.records if r.name == "reception.hall_display.voice"]
    assert len(told) == 1 and "语音 cmn" in told[0]  # to the journal, once
