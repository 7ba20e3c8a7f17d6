"""`reception`: one command, a subcommand per role.

Global options come before the subcommand:
    reception --db PATH --config FILE --actor NAME <command> ...

Each front end or device adds its subcommands from its own module, listed in
COMMAND_MODULES; a module exposes `register(subparsers)` and sets
`handler=<callable(ctx) -> int>` with `set_defaults`. Registration must stay
cheap: import Textual, pyserial or escpos inside the handler, not at the top of
the module, so `reception --help` and the CLI stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, NoReturn

from reception.cli.context import CliContext, CliError
from reception.cli.text import shown
from reception.config import ConfigError
from reception.logs import setup_logging
from reception.queue.errors import QueueError

COMMAND_MODULES = (
    "reception.cli.core_commands",
    "reception.cli.backup_commands",
    "reception.cli.serve_commands",
    "reception.cli.schedule_commands",
    "reception.cli.hours_commands",
    "reception.cli.kiosk_commands",
    "reception.cli.display_commands",
    "reception.cli.printer_commands",
    "reception.cli.user_commands",
    "reception.cli.audit_commands",
    "reception.cli.counter_commands",
    "reception.cli.leader_commands",
    "reception.cli.reader_commands",
    "reception.cli.ledger_commands",
    "reception.cli.case_commands",
    "reception.cli.postgres_commands",
)


_TYPE_NAMES = {"int": "整数", "float": "数字"}
_ERRORS = (
    (re.compile(r"^argument (\S+): invalid (\w+) value: (.+)$"),
     lambda m: f"参数 {m[1]}：{m[3]} 不是有效的{_TYPE_NAMES.get(m[2], '值')}"),
    (re.compile(r"^argument (\S+): invalid choice: (.+?) \(choose from (.+)\)$"),
     lambda m: f"参数 {m[1]}：没有 {m[2]} 这一项（可选：{m[3]}）"),
    (re.compile(r"^argument (\S+): expected (?:one|at least one) argument$"),
     lambda m: f"参数 {m[1]} 后面需要一个值"),
    (re.compile(r"^the following arguments are required: (.+)$"),
     lambda m: f"缺少必需的参数：{m[1].replace(', ', '、')}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.+)$"),
     lambda m: f"选项 {m[1]} 不明确，可能是：{m[2].replace(', ', '、')}"),
    (re.compile(r"^unrecognized arguments: (.+)$"), lambda m: f"无法识别的参数：{m[1]}"),
    (re.compile(r"^argument (\S+): (.+)$"), lambda m: f"参数 {m[1]}：{m[2]}"),  # a type's own message
)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Python 3.14 colours help on a terminal
_NO_LINE_START = set("，。、；：？！）》」』”’%")  # Chinese punctuation stays after its word
_NO_LINE_END = set("（《「『“‘")


def _columns(text: str) -> int:
    """Terminal columns `text` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in _ANSI.sub("", text))


def _words(text: str) -> list[tuple[bool, str]]:
    """Breakable pieces of `text`, each with whether a space came before it: a run of
    Latin letters, digits and signs is one piece, a Chinese character is one (with the
    punctuation that may not start a line after it, and that may not end one before)."""
    pieces: list[tuple[bool, str]] = []
    space, opened = False, ""
    for run in re.findall(r"\s+|[^\s]", text):
        if run.isspace():
            space = True
            continue
        wide = _columns(run) == 2
        if pieces and not space and not opened and (
            run in _NO_LINE_START or (not wide and not _columns(pieces[-1][1][-1]) == 2)
        ):
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + run)
        else:
            pieces.append((space, opened + run))
            opened = ""
            if run in _NO_LINE_END:
                pieces.pop()
                opened = run
                continue
        space = False
    if opened:
        pieces.append((space, opened))
    return pieces


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help in Chinese: `用法：` for `usage:`, and text wrapped and aligned
    by terminal columns (a Chinese character takes two; argparse counts one), so a
    Chinese help text keeps to the terminal's width and its column."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._headings: list[str] = []

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        # argparse's own wrapping, narrowed until the lines fit in columns (Chinese
        # metavars such as 文件 count one each there), continuation lines moved under
        # the first's by what `用法：` takes beyond its length.
        extra = _columns(prefix or "") - len(prefix or "")
        width = self._width
        try:
            for _ in range(12):
                text = super()._format_usage(usage, actions, groups, prefix)
                # A line argparse could not fit either (a long {choice,...}) stays long.
                over = max((_columns(line) + (extra if line.startswith(" ") else 0) + self._current_indent - width
                            for line in text.splitlines() if len(line) + self._current_indent <= width), default=0)
                if over <= 0 or self._width <= 40:
                    break
                self._width = max(self._width - max(over, 4), 40)
        finally:
            self._width = width
        return re.sub(r"\n(?= )", "\n" + " " * extra, text.rstrip("\n")) + "\n\n" if extra else text

    def start_section(self, heading) -> None:
        if isinstance(heading, str):
            self._headings.append(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        text = super().format_help()
        for heading in self._headings:  # `选项：`, not `选项:`
            text = re.sub(rf"^((?:\x1b\[[0-9;]*m)*{re.escape(heading)}(?:\x1b\[[0-9;]*m)*):$",
                          r"\1：", text, flags=re.M)
        return text

    def add_argument(self, action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(sub) for sub in self._iter_indented_subactions(action)]
            width = max(map(_columns, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action) -> str:
        # argparse's own layout, measured in columns: the help column after the
        # longest short invocation, a long one on its own line.
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        lines = self._split_lines(self._expand_help(action), help_width) if action.help and action.help.strip() else []
        indent = " " * self._current_indent
        if not lines:
            parts = [f"{indent}{header}\n"]
        elif _columns(header) <= action_width:
            parts = [f"{indent}{header}{' ' * (action_width - _columns(header))}  {lines[0]}\n"]
            lines = lines[1:]
        else:
            parts = [f"{indent}{header}\n"]
        parts += [f"{' ' * help_position}{line}\n" for line in lines]
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

    def _split_lines(self, text: str, width: int) -> list[str]:
        lines: list[str] = []
        line, used = "", 0
        for space, word in _words(text):
            gap = 1 if space and line else 0
            if line and used + gap + _columns(word) > width:
                lines.append(line)
                line, used, gap = "", 0, 0
            line += " " * gap + word
            used += gap + _columns(word)
        if line:
            lines.append(line)
        return lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse in Chinese, like every other word of the CLI (staff and technicians
    read it): the help (section titles, `-h/--help`, `用法：`, through
    ChineseHelpFormatter) and the refusals; the option names stay as typed.
    Subparsers inherit the class (`add_subparsers` defaults `parser_class` to it)
    and so its formatter and help option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # our own -h/--help below, in Chinese
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_help = add_help
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def add_subparsers(self, **kwargs):
        # Its own section, named as its metavar (<命令>, <操作>), not under 位置参数.
        kwargs.setdefault("title", kwargs.get("metavar", "<命令>").strip("<>"))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        for pattern, say in _ERRORS:
            if match := pattern.match(message):
                message = say(match)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}（用 --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="reception",
        description="信访接待大厅排队叫号系统：自助取号、窗口叫号、领导接访、大厅显示屏。"
        "全局选项写在命令之前，如 reception --db 文件 status。",
        epilog="各命令的用法：reception <命令> --help",
    )
    parser.add_argument(
        "--db",
        metavar="文件",
        help="SQLite 数据库文件，或多台取号机共用的 PostgreSQL 数据库地址，如 "
        "postgresql://用户@服务器/库名（也可用环境变量 RECEPTION_DB；默认在用户数据目录中）",
    )
    parser.add_argument(
        "--config",
        metavar="文件",
        help="大厅配置文件，TOML 格式（也可用环境变量 RECEPTION_CONFIG；默认用数据目录中的 "
        "config.toml，没有则用内置默认值）",
    )
    parser.add_argument(
        "--actor",
        metavar="操作人",
        help="操作人姓名或账号，记入事件和审计日志（默认：当前系统用户）",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="<命令>")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    setup_logging(args.command)
    ctx = CliContext(args)
    try:
        return int(handler(ctx) or 0)
    except ConfigError as exc:
        print(shown(f"配置错误：{exc}"), file=sys.stderr)
        return 2
    except (QueueError, CliError) as exc:
        print(shown(exc), file=sys.stderr)  # a refusal may quote what was typed
        return 1
    except KeyboardInterrupt:
        return 130
    except EOFError:  # Ctrl+D at a question (a password, a confirmation)
        if sys.stdin.isatty():
            print(file=sys.stderr)  # the question's line stays unended otherwise
        print("没有读到输入，未做任何改动", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our output went away (`reception printer profiles | head`):
        # stop quietly, as other command-line tools do, without a traceback at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        ctx.close()
