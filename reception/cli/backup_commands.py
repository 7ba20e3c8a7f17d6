"""`reception backup DEST` and `reception restore SRC`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reception.cli.context import CliContext, CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup", help="consistent copy of the live database (safe while the hall is open)"
    )
    backup.add_argument("dest", help="a file, or a directory for a timestamped file")
    backup.set_defaults(handler=backup_command)

    restore = subparsers.add_parser(
        "restore", help="check a backup, save the current database, then restore the backup"
    )
    restore.add_argument("source", help="the backup file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=restore_command)


def backup_command(ctx: CliContext) -> int:
    from reception.queue.service import BackupError, HallService

    try:
        written = HallService.backup(ctx.db_path, ctx.args.dest, now=ctx.clock.now())  # a str: keeps a trailing slash
    except BackupError as exc:
        raise CliError(str(exc)) from None
    print(f"已备份到：{written}")
    return 0


def restore_command(ctx: CliContext) -> int:
    from reception.queue.service import BackupError, HallService

    try:
        found = HallService.check_backup(Path(ctx.args.source))
        print(
            f"备份检查通过：{found.tickets} 张票，最后营业日 {found.last_day or '无'}。"
            f"将恢复到：{ctx.db_path}"
        )
        if not ctx.args.yes:
            if not sys.stdin.isatty():
                raise CliError("未确认，未做任何改动（非交互运行请加 --yes）")
            if input("确认恢复？当前数据库会先另存一份。[y/N] ").strip().lower() not in ("y", "yes"):
                raise CliError("已取消，未做任何改动")
        saved = HallService.restore(Path(ctx.args.source), ctx.db_path, now=ctx.clock.now())
    except BackupError as exc:
        raise CliError(str(exc)) from None
    if saved:
        print(f"恢复前的数据库已另存为：{saved}")
    print("恢复完成。")
    return 0
