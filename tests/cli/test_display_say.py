"""`reception display --say`: an installer hears one line through the configured voice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.helpers import run_cli


def config_with(tmp_path, command: list[str], voice: bool = True):
    path = tmp_path / "config.toml"
    toml = f"[display]\nvoice = {str(voice).lower()}\nvoice_command = {json.dumps(command, ensure_ascii=False)}\n"
    path.write_text(toml, encoding="utf-8")
    return str(path)


def say(tmp_path, config: str, *text: str):
    return run_cli("--db", str(tmp_path / "hall.db"), "--config", config, "display", "--say", *text)


def test_says_the_sample_line_through_the_configured_command(tmp_path):
    said = tmp_path / "said.txt"
    script = f"import sys; open({str(said)!r}, 'a', encoding='utf-8').write(sys.argv[1] + '\\n')"
    done = say(tmp_path, config_with(tmp_path, [sys.executable, "-c", script, "{text}"]))
    assert done.returncode == 0, done.stderr
    assert said.read_text(encoding="utf-8") == "请 A 零 二 三 号到 3 号窗口\n"
    assert "播报：请 A 零 二 三 号到 3 号窗口" in done.stdout and "已播报" in done.stdout
    assert not (tmp_path / "hall.db").exists()  # no database needed to test the speakers

    quiet = config_with(tmp_path, [sys.executable, "-c", script, "{text}"], voice=False)
    done = say(tmp_path, quiet, "请 B105 号到 12 号窗口")
    assert done.returncode == 0, done.stderr
    assert said.read_text(encoding="utf-8").splitlines()[-1] == "请 B 一 零 五 号到 12 号窗口"
    assert "voice = false" in done.stdout  # the display itself would not speak


def test_an_absent_engine_is_told_in_chinese_without_a_traceback(tmp_path):
    done = say(tmp_path, config_with(tmp_path, ["/nonexistent/espeak-ng", "-v", "{voice}", "{text}"]))
    assert done.returncode == 1
    assert "找不到语音播报程序 /nonexistent/espeak-ng" in done.stderr
    assert "apt-get install espeak-ng" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_empty_text_is_refused(tmp_path):
    done = say(tmp_path, config_with(tmp_path, ["true", "{text}"]), "  ")
    assert done.returncode == 1 and "没有要播报的文字" in done.stderr


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_voice_that_reads_chinese_as_english_is_refused(tmp_path):
    cmn = subprocess.run(["espeak-ng", "-v", "cmn", "-q", "-x", "你好"], capture_output=True, text=True).stdout
    if "(en)" not in cmn:
        pytest.skip("this espeak-ng's cmn voice reads Mandarin (older than 1.51)")
    wav = tmp_path / "said.wav"  # to a file: this machine may have no sound card
    done = say(tmp_path, config_with(tmp_path, ["espeak-ng", "-v", "cmn", "-w", str(wav), "{text}"]))
    assert done.returncode == 1
    assert "语音 cmn 把部分内容读成了其他语言（en" in done.stderr and '"{voice}"' in done.stderr
    done = say(tmp_path, config_with(tmp_path, ["espeak-ng", "-v", "{voice}", "-w", str(wav), "{text}"]))
    assert done.returncode == 0, done.stderr
    assert wav.stat().st_size > 10_000


def test_no_sound_card_is_not_reported_as_spoken(tmp_path):
    # espeak-ng without a usable sound card: ALSA's complaints, "error: ...", exit status 0.
    script = "import sys; print('ALSA lib pcm.c:2666: Unknown PCM default', file=sys.stderr); print('error: No such file or directory', file=sys.stderr)"
    done = say(tmp_path, config_with(tmp_path, [sys.executable, "-c", script, "{text}"]))
    assert done.returncode == 1
    assert "没有声音输出（找不到声卡或无权使用）" in done.stderr and "audio 组" in done.stderr
    assert "已播报" not in done.stdout
