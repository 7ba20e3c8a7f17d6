"""Backup and restore of a PostgreSQL hall: PostgreSQL's own tools (issue 18).

`reception backup` runs `pg_dump --format=custom` (a consistent snapshot while
the hall is open; the kiosks go on issuing), written to a partial file and
renamed when complete. `reception restore` first saves the database as it is
(another dump beside the one restored), then runs `pg_restore --clean
--if-exists --single-transaction`: all or nothing. The programs come from the
PostgreSQL client package (Debian: postgresql-client), of the server's major
version or newer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from reception.queue import audit
from reception.queue.errors import QueueError
from reception.queue.store.connection import connect, write_transaction
from reception.queue.store.location import PgUrl

SUFFIX = ".dump"
PARTIAL = ".partial"


class PgBackupError(QueueError):
    """A dump or a restore failed, said in Chinese; nothing was replaced."""


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
        if candidates:
            return str(candidates[0])
        raise PgBackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
    return found


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def backup(url: PgUrl, dest: Path | str, now: datetime) -> Path:
    """Dump the hall database to `dest` (a file, or a directory: a new dated file in it)."""
    target = Path(dest)
    if str(dest).endswith(os.sep) or target.is_dir():
        target = target / f"reception-{_stamp(now)}{SUFFIX}"
    if target.exists():
        raise PgBackupError(f"目标文件已存在，未覆盖：{target}")
    if not target.parent.is_dir():
        raise PgBackupError(f"目录不存在：{target.parent}")
    partial = target.with_name(target.name + PARTIAL)
    done = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={url}"],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise PgBackupError(f"备份失败，未生成备份文件：{_said(done.stderr)}")
    os.chmod(partial, 0o600)  # personal data: the owner only
    partial.rename(target)
    return target


def restore(url: PgUrl, source: Path, now: datetime, actor: str = "cli") -> Path:
    """Save the database as it is beside `source`, then replace it with `source`'s
    contents in one transaction. The audit log is never rewound: entries written
    after the dump was taken are carried into the restored log, and the restore
    adds its own. Returns the file the old contents were saved to."""
    if not source.is_file():
        raise PgBackupError(f"备份文件不存在：{source}")
    listed = subprocess.run([_tool("pg_restore"), "--list", str(source)], capture_output=True, text=True)
    if listed.returncode != 0 or "TABLE DATA public tickets" not in listed.stdout:
        raise PgBackupError("该文件不是本系统的 PostgreSQL 备份（pg_dump 自定义格式），未做任何改动")
    saved = backup(url, source.parent / f"reception-before-restore-{_stamp(now)}{SUFFIX}", now)
    live = connect(url)
    try:
        log = live.execute("SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id").fetchall()
    finally:
        live.conn.close()
    done = subprocess.run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner",
         f"--dbname={url}", str(source)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise PgBackupError(f"恢复失败，数据库未改动（恢复在一个事务中进行）：{_said(done.stderr)}")
    restored = connect(url)  # an older dump gets the newer schema now
    try:
        newest_id, newest_at = restored.execute("SELECT max(id), max(at) FROM audit_log").fetchone()
        there = set(restored.execute("SELECT at, actor, action, subject, detail FROM audit_log"
                                     " WHERE at >= ?", (newest_at or "",)).fetchall())
        later = [row for row in log if (newest_id is None or row[0] > newest_id or row[1] > (newest_at or ""))
                 and tuple(row[1:]) not in there]
        with write_transaction(restored) as db:
            audit.carry(db, later)
            audit.record(db, actor, "backup.restore", f"file:{source}",
                         {"source": str(source), "saved": str(saved), "carried": len(later)},
                         at=now.isoformat(timespec="microseconds"))
    finally:
        restored.conn.close()
    return saved


def _said(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "未知错误"
