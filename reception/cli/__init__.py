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
from collections.abc import Sequence
from typing import NoReturn

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
    "reception.cli.kiosk_commands",
    "reception.cli.display_commands",
    "reception.cli.printer_commands",
    "reception.cli.user_commands",
    "reception.cli.counter_commands",
    "reception.cli.leader_commands",
    "reception.cli.reader_commands",
)


_TYPE_NAMES = {"int": "整数", "float": "数字"}
_ERRORS = (
    (re.compile(r"^argument (\S+): invalid (\w+) value: (.+)$"),
     lambda m: f"参数 {m[1]}：{m[3]} 不是有效的{_TYPE_NAMES.get(m[2], '值')}"),
    (re.compile(r"^argument (\S+): invalid choice: (.+?) \(choose from (.+)\)$"),
     lambda m: f"参数 {m[1]}：没有 {m[2]} 这一项（可选：{m[3]}）"),
    (re.compile(r"^argument (\S+): expected (?:one|at least one) argument$"),
     lambda m: f"参数 {m[1]} 后面需要一个值"),
    (re.compile(r"^the following arguments are required: (.+)$"), lambda m: f"缺少必需的参数：{m[1]}"),
    (re.compile(r"^unrecognized arguments: (.+)$"), lambda m: f"无法识别的参数：{m[1]}"),
    (re.compile(r"^argument (\S+): (.+)$"), lambda m: f"参数 {m[1]}：{m[2]}"),  # a type's own message
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse's refusals in Chinese, like every other refusal of the CLI (staff and
    technicians read them); the option names stay as typed. Subparsers inherit the class."""

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
        description="信访接待大厅 排队叫号系统 (petition reception hall: kiosk and visit queue)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="SQLite database file (env RECEPTION_DB; default: the user data directory)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="hall configuration TOML (env RECEPTION_CONFIG; default: config.toml in the data directory, else built-in defaults)",
    )
    parser.add_argument(
        "--actor",
        metavar="NAME",
        help="操作人姓名或账号，记入事件和审计日志（默认：当前系统用户）",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="<command>")
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
