"""`reception display`: the hall TV; `reception display --say`: one line through its voice."""

from __future__ import annotations

import argparse
from pathlib import Path

from reception.cli.context import CliContext, CliError
from reception.devices.speech import SAMPLE


def register(subparsers: argparse._SubParsersAction) -> None:
    display = subparsers.add_parser(
        "display", help="大厅显示屏：叫号、等候人数、领导接访日安排"
    )
    display.add_argument(
        "--say",
        nargs="?",
        const=SAMPLE,
        metavar="文字",
        help=f"不打开显示屏，用 [display] voice_command 配置的语音播报一句（默认“{SAMPLE}”），"
        "在接音箱的机器上检查声音",
    )
    display.set_defaults(handler=display_command)


def display_command(ctx: CliContext) -> int:
    config = ctx.config
    settings = config.display  # checked when the file was loaded, before drawing
    if ctx.args.say is not None:
        return say(ctx.args.say, settings.voice_command, settings.voice)

    from reception.hall_display.app import create_app

    ctx.service.ensure_database()  # create and migrate once; the display itself only reads
    ctx.close()
    app = create_app(ctx.db_path, config, settings)
    app.run()
    return 0


def say(text: str, voice_command: tuple[str, ...], voice_on: bool) -> int:
    """Speak one line as the display would, synchronously; Chinese refusals."""
    from reception.devices.speech import (
        SpeechError,
        command_voice,
        resolve_command,
        speak,
        spoken_text,
        voice_problem,
    )

    if not text.strip():
        raise CliError("没有要播报的文字")
    command = resolve_command(voice_command)
    spoken = spoken_text(text)
    voice = command_voice(command)
    print(f"播报：{spoken}")
    print(f"语音：{voice}" if voice else f"语音程序：{command[0]}")
    try:
        speak(command, spoken)
    except SpeechError as exc:
        hint = ""
        if Path(command[0]).name == "espeak-ng" and str(exc).startswith("找不到语音播报程序"):
            hint = "。请先安装：apt-get install espeak-ng"
        elif "声卡" in str(exc):
            hint = "。请接好音箱，并把运行本程序的账户加入 audio 组（adduser reception audio）"
        raise CliError(f"{exc}{hint}") from None
    if problem := voice_problem(command, text):
        raise CliError(problem)
    if not voice_on:
        print("注意：[display] voice = false，大厅显示屏现在不播报叫号；改为 true 后重启 reception serve")
    print("已播报。听不到时请检查音箱和音量（alsamixer）")
    return 0
