"""The hall's speech engine: what is said, in which voice, and saying it.

Any front end that speaks (the hall display's calls, the kiosk's steps) puts
its phrases through a `Speaker` (`spoken_text`, then `speak`, in its own
thread), so every phrase is normalised the same way, in the same voice, and a
missing engine is reported the same way. No Textual here.

Text normalisation (`spoken_text`), for Mandarin speech:

- a ticket number is read letter by letter and digit by digit, as halls read
  them: "A023" -> "A 零 二 三" (a quantity reader would say 零二十三); two-letter
  prefixes are spaced too, or a Pinyin reader takes "AN" for the syllable ān;
  a prefix can be given its own reading (`readings={"A": "甲"}`);
- a number before 号 stays a number: "3 号窗口" is read 三号窗口, "12 号" 十二号;
- any other run of three or more digits (a room 301, a year 2026) is read
  digit by digit: 三零一, 二零二六.

Voice (`resolve_command`): `espeak-ng -v cmn` is "Chinese (Mandarin, latin as
English)" since espeak-ng 1.51 (Debian 12): it turns characters into pinyin and
reads that pinyin with English phonemes. A command may name the voice
"{voice}" instead: it becomes the installed Mandarin voice whose phoneme trace
of a sample announcement stays Mandarin (`cmn-latn-pinyin` on 1.51 and 1.52),
found by asking the engine (`--voices=zh`, then `-q -x` for each candidate), so
the same configuration works across espeak-ng versions.
"""

from __future__ import annotations

import logging
import queue
import re
import subprocess
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache

SPEAK_TIMEOUT_S = 20
PROBE_TIMEOUT_S = 10
FALLBACK_VOICE = "cmn"  # when the engine cannot be asked (absent): its own error says so
SAMPLE = "请 A023 号到 3 号窗口"  # what `reception display --say` says without a text

DIGITS = "零一二三四五六七八九"

# A ticket number (letters then digits), or Latin letters alone (a place "B区"):
# up to three letters, not inside a longer word, spelled.
_TICKET = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,3})(\d*)(?![A-Za-z0-9])")
# A number before 号 (a window, an ordinal): left for the engine to read as a number.
_ORDINAL = re.compile(r"\d+(?=\s*号)")
_LONG_NUMBER = re.compile(r"\d{3,}")
log = logging.getLogger(__name__)

# `(en)` / `(cmn)` in an espeak-ng phoneme trace: a switch of language.
_SWITCH = re.compile(r"\(([a-z]{2,3}(?:-[a-z0-9]+)*)\)", re.IGNORECASE)


class SpeechError(Exception):
    """Speaking failed; the message is Chinese, for a log or a technician."""


def spell_digits(digits: str) -> str:
    return " ".join(DIGITS[int(d)] for d in digits)


def spell_letters(letters: str, readings: Mapping[str, str] | None = None) -> str:
    letters = letters.upper()
    if readings and letters in readings:
        return readings[letters]
    return " ".join((readings or {}).get(letter, letter) for letter in letters)


def spoken_text(text: str, readings: Mapping[str, str] | None = None) -> str:
    """The text as the engine should get it (see the module's docstring)."""

    def ticket(match: re.Match[str]) -> str:
        return f" {spell_letters(match[1], readings)} {spell_digits(match[2])} "

    # Numbers before 号 are kept aside so the digit rule below leaves them alone.
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match[0])
        return f"\x00{len(kept) - 1}\x00"

    text = _TICKET.sub(ticket, text)
    text = _ORDINAL.sub(keep, text)
    text = _LONG_NUMBER.sub(lambda m: f" {spell_digits(m[0])} ", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: f" {kept[int(m[1])]} ", text)
    return " ".join(text.split())  # one space between words: a short pause


def language_switches(trace: str) -> list[str]:
    """The languages an espeak-ng phoneme trace (`-q -x`) switches to, e.g. ["en", "cmn"]."""
    return _SWITCH.findall(trace)


def phoneme_trace(voice: str, text: str, engine: str = "espeak-ng") -> str:
    """espeak-ng's phoneme trace of the text in the voice; FileNotFoundError without it."""
    done = subprocess.run(
        [engine, "-v", voice, "-q", "-x", text],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=PROBE_TIMEOUT_S,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace")


def chinese_voices(engine: str = "espeak-ng") -> list[str]:
    """The installed Mandarin voices (`--voices=zh`), Pinyin readers first.

    Cantonese and Hakka are left out, and MBROLA voices (they need separate
    voice data and say nothing without it).
    """
    done = subprocess.run(
        [engine, "--voices=zh"], stdin=subprocess.DEVNULL, capture_output=True,
        timeout=PROBE_TIMEOUT_S, check=False,
    )
    voices: list[tuple[int, str]] = []
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = line.split()
        if len(fields) < 5:
            continue
        language, name, file = fields[1], fields[3].lower(), fields[4].lower()
        if file.startswith("mb/") or "yue" in file or "hak" in file or "cantonese" in name:
            continue
        rank = 0 if "pinyin" in file or "pinyin" in name else 2 if "english" in name else 1
        if language not in (v for _, v in voices):
            voices.append((rank, language))
    return [language for _, language in sorted(voices, key=lambda v: v[0])]


@lru_cache(maxsize=8)
def mandarin_voice(engine: str = "espeak-ng") -> str:
    """The installed voice that reads a sample announcement all in Mandarin.

    The first, Pinyin readers first, whose phoneme trace never switches language;
    else the one with the fewest switches; FALLBACK_VOICE when the engine is absent
    or lists no Chinese voice.
    """
    try:
        candidates = chinese_voices(engine)
        probe = spoken_text(SAMPLE)
        best: tuple[int, str] | None = None
        for voice in candidates:
            switches = len([s for s in language_switches(phoneme_trace(voice, probe, engine)) if s != voice])
            if switches == 0:
                return voice
            if best is None or switches < best[0]:
                best = (switches, voice)
    except (OSError, subprocess.SubprocessError):
        return FALLBACK_VOICE
    return best[1] if best else FALLBACK_VOICE


def resolve_command(command: Sequence[str]) -> tuple[str, ...]:
    """The command with "{voice}" replaced by the engine's Mandarin voice."""
    if not any("{voice}" in part for part in command):
        return tuple(command)
    voice = mandarin_voice(command[0])
    return tuple(part.replace("{voice}", voice) for part in command)


def command_voice(command: Sequence[str]) -> str | None:
    """The voice an espeak-style command names with -v (after `resolve_command`)."""
    for flag, value in zip(command, command[1:], strict=False):
        if flag in ("-v", "--voice"):
            return value
        if flag.startswith("--voice="):
            return flag.split("=", 1)[1]
    return None


def voice_problem(command: Sequence[str], text: str = SAMPLE) -> str | None:
    """Why a resolved espeak-ng command would not read the text all in Mandarin, or None.

    Only for espeak-ng naming its voice (another engine has no phoneme trace to ask).
    """
    voice = command_voice(command)
    if not command or voice is None or not command[0].endswith("espeak-ng"):
        return None
    try:
        trace = phoneme_trace(voice, spoken_text(text), command[0])
    except (OSError, subprocess.SubprocessError):
        return None  # an absent engine is told when it is asked to speak
    switches = sorted(set(language_switches(trace)) - {voice})
    if not switches:
        return None
    return (
        f"语音 {voice} 把部分内容读成了其他语言（{'、'.join(switches)}）："
        '请把 [display] voice_command 中的语音改为 "{voice}"（自动选用普通话语音）'
    )


def speak(command: Sequence[str], text: str, timeout: float = SPEAK_TIMEOUT_S) -> None:
    """Say the text (already through `spoken_text`) with a resolved command; SpeechError if not."""
    argv = [part.replace("{text}", text) for part in command]
    try:
        result = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise SpeechError(f"找不到语音播报程序 {argv[0]}") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise SpeechError(f"语音播报失败：{exc}") from None
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        raise SpeechError(f"语音播报程序退出码 {result.returncode}：{stderr.strip()[:200]}")
    # espeak-ng exits 0 when it cannot open the sound card (no card, no access):
    # ALSA's complaints, then its own "error: ..." line. Nothing was heard.
    if errors := [line for line in stderr.splitlines() if line.startswith("error:")]:
        raise SpeechError(f"语音播报程序没有声音输出（找不到声卡或无权使用）：{errors[-1][:200]}")


class Speaker:
    """One thread that says phrases in turn, fed by a small queue, so a screen never
    waits for the engine (the hall display's calls, the kiosk's steps).

    A missing or failing engine is remembered (`problem`) and logged once per new
    failure, never raised to the caller. `latest_only`: a new phrase replaces the
    ones not yet begun (a kiosk visitor who moved on needs only the step now shown).
    """

    def __init__(
        self,
        command: Sequence[str],
        backlog: int = 8,
        readings: Mapping[str, str] | None = None,
        latest_only: bool = False,
        logger: logging.Logger | None = None,
        name: str = "speaker",
    ):
        self.command = tuple(command)
        self.readings = dict(readings or {})  # a prefix's own reading, e.g. {"A": "甲"}
        self.latest_only = latest_only
        self.log = logger or log
        self._resolved: tuple[str, ...] | None = None  # the command with its voice, once looked up
        self.problem: str | None = None  # the last failure, for the log
        self.spoken = 0
        self._queue: queue.Queue[str | None] = queue.Queue(maxsize=backlog)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def say(self, text: str) -> bool:
        """Queue the text; False when the backlog is full (the screen shows it anyway)."""
        if self.latest_only:
            self._drop_pending()
        try:
            self._queue.put_nowait(text)
            return True
        except queue.Full:
            return False

    def _drop_pending(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return
            self._queue.task_done()

    def close(self) -> None:
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            pass

    def wait_idle(self, timeout: float = 10) -> None:
        """For tests and the benchmark: until everything queued was tried."""
        done = threading.Event()

        def drain() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=drain, daemon=True).start()
        done.wait(timeout)

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            try:
                if text is None:
                    return
                self._speak(text)
            finally:
                self._queue.task_done()

    def _speak(self, text: str) -> None:
        before = self.problem
        self._try(text)
        if self.problem is not None and self.problem != before:
            self.log.warning("voice: %s", self.problem)  # to the journal, once per new failure

    def _try(self, text: str) -> None:
        if self._resolved is None:
            self._resolved = resolve_command(self.command)
            if warning := voice_problem(self._resolved):  # e.g. a config still naming -v cmn
                self.log.warning("voice: %s", warning)
        try:
            speak(self._resolved, spoken_text(text, self.readings))
        except SpeechError as exc:
            self.problem = str(exc)
        else:
            self.spoken += 1
            self.problem = None  # working again: a later failure is reported anew
