"""`reception backup DEST`, `reception restore SRC` and `reception migrate-to URL`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reception.cli.context import CliContext, CliError
from reception.paths import db_shown


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup", help="备份正在使用的数据库（一致的副本，大厅营业时也可以运行）"
    )
    backup.add_argument("dest", metavar="目标", help="备份文件；给出目录时在其中新建带时间的文件")
    backup.set_defaults(handler=backup_command)

    restore = subparsers.add_parser(
        "restore", help="检查备份文件，先另存当前数据库，再恢复备份"
    )
    restore.add_argument("source", metavar="备份文件", help="要恢复的备份文件")
    restore.add_argument("--yes", action="store_true", help="不再询问确认（非交互运行时需要）")
    restore.set_defaults(handler=restore_command)

    move = subparsers.add_parser(
        "migrate-to",
        help="把单机大厅的 SQLite 数据库整体复制到一个空的 PostgreSQL 数据库（多台取号机共用），并核对行数",
    )
    move.add_argument("url", metavar="地址", help="目标数据库，如 postgresql://用户@服务器/库名（须为新建的空库）")
    move.set_defaults(handler=migrate_to_command)


def backup_command(ctx: CliContext) -> int:
    from reception.queue.errors import QueueError
    from reception.queue.service import BackupError, HallService

    try:
        written = HallService.backup(  # dest a str: keeps a trailing slash
            ctx.db_path, ctx.args.dest, now=ctx.clock.now(),
            progress=_progress_line if sys.stderr.isatty() else None,
        )
    except BackupError as exc:
        _end_progress_line()
        raise CliError(str(exc)) from None
    except QueueError as exc:
        _end_progress_line()
        raise CliError(exc.message) from None
    _end_progress_line()
    print(f"已备份到：{written}")
    return 0


_shown = {"line": False, "percent": -1}


def _progress_line(copied: int, total: int) -> None:
    """One line on the terminal, rewritten in place as the copy goes on."""
    percent = copied * 100 // total if total else 100
    if percent != _shown["percent"]:
        _shown.update(line=True, percent=percent)
        sys.stderr.write(f"\r备份中：{percent:3d}%（{copied:,}/{total:,} 页）")
        sys.stderr.flush()


def _end_progress_line() -> None:
    if _shown["line"]:
        sys.stderr.write("\n")
        sys.stderr.flush()
        _shown.update(line=False, percent=-1)


def restore_command(ctx: CliContext) -> int:
    from reception.queue.errors import QueueError
    from reception.queue.service import BackupError, HallService

    try:
        if isinstance(ctx.db_path, Path):
            found = HallService.check_backup(Path(ctx.args.source))
            print(
                f"备份检查通过：{found.tickets} 张票，最后营业日 {found.last_day or '无'}。"
                f"将恢复到：{ctx.db_path}"
            )
        else:  # PostgreSQL: pg_restore checks the dump (store.pg_backup)
            print(f"将用 {ctx.args.source} 恢复数据库：{db_shown(ctx.db_path)}（请先停止各台电脑上的程序）")
        if not ctx.args.yes:
            if not sys.stdin.isatty():
                raise CliError("未确认，未做任何改动（非交互运行请加 --yes）")
            if input("确认恢复？当前数据库会先另存一份。[y/N] ").strip().lower() not in ("y", "yes"):
                raise CliError("已取消，未做任何改动")
        saved = HallService.restore(Path(ctx.args.source), ctx.db_path, now=ctx.clock.now(), actor=ctx.actor)
    except BackupError as exc:
        raise CliError(str(exc)) from None
    except QueueError as exc:
        raise CliError(exc.message) from None
    if saved:
        print(f"恢复前的数据库已另存为：{saved}")
    print("恢复完成。")
    return 0


def migrate_to_command(ctx: CliContext) -> int:
    from reception.queue.errors import QueueError
    from reception.queue.service import HallService

    source = ctx.db_path
    if not isinstance(source, Path):
        raise CliError("migrate-to 从 SQLite 数据库文件复制：请用 --db 给出原来的数据库文件")
    if not ctx.args.url.startswith(("postgresql://", "postgres://")):
        raise CliError(f"目标须为 PostgreSQL 地址（postgresql://用户@服务器/库名），而不是：{ctx.args.url}")
    try:
        moved = HallService.migrate_to(source, ctx.args.url, progress=_table_progress if sys.stderr.isatty() else None)
    except QueueError as exc:
        _end_progress_line()
        raise CliError(exc.message) from None
    _end_progress_line()
    for table, count in moved.counts.items():
        print(f"{table}：{count} 行")
    print(f"已复制并核对 {len(moved.counts)} 张数据表，共 {sum(moved.counts.values())} 行。")
    print("各台电脑改用新地址（--db 或 RECEPTION_DB）后即可共用此数据库；原数据库文件未改动，可留作备份。")
    return 0


def _table_progress(table: str, rows: int) -> None:
    _shown.update(line=True)
    sys.stderr.write(f"\r复制中：{table} {rows:,} 行\x1b[K")
    sys.stderr.flush()
