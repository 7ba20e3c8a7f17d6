"""The `[display]` section of the hall configuration, checked when the display starts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reception.config import ConfigError

# "{voice}": the installed espeak-ng voice that reads Mandarin as Mandarin (cmn-latn-pinyin
# on Debian 12; plain "cmn" reads it as English syllables), see reception.devices.speech.
DEFAULT_VOICE_COMMAND = ("espeak-ng", "-v", "{voice}", "-s", "140", "{text}")


@dataclass(frozen=True)
class DisplaySettings:
    notice: str = "请保管好随身财物，听到叫号后请到相应窗口或接待室。"
    recent_calls: int = 6  # how many earlier calls are listed
    refresh_interval: float = 0.2  # seconds between looks at the database
    schedule_days: int = 7  # the coming days' reception schedule shown
    page_seconds: int = 10  # a schedule longer than the screen shows each page this long
    voice: bool = False  # announce each call through an offline speech engine
    voice_command: tuple[str, ...] = DEFAULT_VOICE_COMMAND  # "{text}" is the announcement


def display_settings(raw: dict[str, Any], source: str | None = None) -> DisplaySettings:
    """Check `[display]`; a bad key raises ConfigError naming `display.<key>`."""

    def error(key: str, problem: str) -> ConfigError:
        return ConfigError(f"display.{key}", problem, source)

    known = set(DisplaySettings.__dataclass_fields__)
    for key in raw:
        if key not in known:
            raise error(key, "未知的配置项（拼写错误？）")
    values: dict[str, Any] = {}
    if "notice" in raw:
        if not isinstance(raw["notice"], str):
            raise error("notice", "应为文本")
        if len(raw["notice"]) > 200:
            raise error("notice", "过长（最多 200 字）")
        values["notice"] = " ".join(raw["notice"].split())
    for key, low, high in (("recent_calls", 0, 20), ("schedule_days", 0, 31), ("page_seconds", 3, 120)):
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int):
                raise error(key, f"应为整数，实际是 {value!r}")
            if not low <= value <= high:
                raise error(key, f"应在 {low} 到 {high} 之间，实际是 {value}")
            values[key] = value
    if "refresh_interval" in raw:
        value = raw["refresh_interval"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise error("refresh_interval", f"应为秒数，实际是 {value!r}")
        if not 0.05 <= value <= 5:
            raise error("refresh_interval", f"应在 0.05 到 5 秒之间，实际是 {value}")
        values["refresh_interval"] = float(value)
    if "voice" in raw:
        if not isinstance(raw["voice"], bool):
            raise error("voice", "应为 true 或 false")
        values["voice"] = raw["voice"]
    if "voice_command" in raw:
        command = raw["voice_command"]
        if (
            not isinstance(command, list)
            or not command
            or not all(isinstance(part, str) and part for part in command)
        ):
            raise error("voice_command", '应为非空的文本列表，如 ["espeak-ng", "-v", "cmn", "{text}"]')
        if not any("{text}" in part for part in command):
            raise error("voice_command", "须包含 {text}（播报的内容）")
        values["voice_command"] = tuple(command)
    return DisplaySettings(**values)
