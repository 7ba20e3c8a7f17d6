"""A `.partial` copy left by a killed backup is removed by the next backup (issue 16)."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys

from reception.queue.backup import backup
from reception.queue.db import connect
from tests.helpers import REPO_ROOT, run_cli


def test_the_next_backup_removes_what_a_killed_one_left(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    dest = tmp_path / "backups"
    dest.mkdir()
    # A backup killed while copying: its process holds the copy's lock, then dies.
    killed = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys\n"
         "fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY, 0o600)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\n"
         "os.write(fd, b'SQLite format 3\\x00 half a copy')\n"
         "print('copying', flush=True)\n"
         "os.kill(os.getpid(), 9)\n",
         str(dest / "reception-20261124-023000+0800.db.partial")],
        stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert killed.stdout.readline() == b"copying\n"
    assert killed.wait(20) == -signal.SIGKILL
    (dest / "notes.partial").write_text("not ours")
    (dest / "other.db.partial").write_text("not ours either")

    made = run_cli("--db", db, "backup", str(dest) + "/")
    assert made.returncode == 0, made.stderr
    names = sorted(path.name for path in dest.iterdir())
    assert not [name for name in names if name.startswith("reception-") and name.endswith(".partial")], names
    assert "notes.partial" in names and "other.db.partial" in names
    assert len([name for name in names if name.endswith(".db")]) == 1


def test_a_copy_another_backup_is_still_writing_is_left_alone(tmp_path):
    path = tmp_path / "hall.db"
    connect(path).conn.close()
    dest = tmp_path / "backups"
    dest.mkdir()
    running = dest / "reception-20261124-023000+0800.db.partial"
    fd = os.open(running, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a backup in progress holds it
        backup(path, dest)
        assert running.exists()
    finally:
        os.close(fd)


def test_a_backup_to_a_file_removes_its_own_leftover(tmp_path):
    path = tmp_path / "hall.db"
    connect(path).conn.close()
    leftover = tmp_path / "tonight.db.partial"
    leftover.write_bytes(b"half")
    backup(path, tmp_path / "tonight.db")
    assert not leftover.exists() and (tmp_path / "tonight.db").exists()
