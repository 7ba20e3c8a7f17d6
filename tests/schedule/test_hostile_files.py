"""Hostile files: an XLSX zip bomb is refused before it is decompressed (issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc

import pytest

from reception.queue.errors import InvalidInput
from reception.queue.schedule_import import read_rows
from tests.helpers import REPO_ROOT
from tests.schedule.sheets import write_xlsx_bomb

MB = 1024 * 1024


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = write_xlsx_bomb(tmp_path_factory.mktemp("bomb") / "接访日安排.xlsx")
    assert path.stat().st_size < 2 * MB
    return path


def test_a_zip_bomb_is_refused_at_once_with_little_memory(bomb):
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InvalidInput) as refused:
            read_rows(bomb)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "解压后过大" in str(refused.value)
    assert elapsed < 1.0, elapsed
    assert peak < 100 * MB, peak


# Runs in a small Python of its own, which starts the CLI: a child forked straight
# from pytest would report pytest's own high-water RSS (Linux keeps the larger of
# the pre-exec and post-exec peaks), which grows with every test before this one.
_RUNNER = r"""
import json, os, resource, subprocess, sys, time
args, address_space, deadline = json.loads(sys.argv[1])
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
started = time.monotonic()
with open(os.devnull, "rb") as stdin, open(sys.argv[2], "wb") as out, open(sys.argv[3], "wb") as err:
    child = subprocess.Popen(args, stdin=stdin, stdout=out, stderr=err, preexec_fn=cap)
    while True:  # wait4 with WNOHANG: never block past the deadline
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.05)
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024, time.monotonic() - started]))
"""


def run_capped(args: list[str], address_space: int, workdir) -> tuple[subprocess.CompletedProcess, int, float]:
    """Run the CLI with its address space capped (so the code before this check
    fails fast instead of taking gigabytes from a shared machine); returns the
    result, the CLI's own peak RSS in bytes (wait4) and its wall time."""
    command = [sys.executable, "-m", "reception", *args]
    out, err = workdir / "out", workdir / "err"
    runner = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps([command, address_space, 120]), str(out), str(err)],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, capture_output=True, text=True, timeout=180,
    )
    returncode, peak, elapsed = json.loads(runner.stdout)
    result = subprocess.CompletedProcess(command, returncode, out.read_text(), err.read_text())
    return result, peak, elapsed


def test_schedule_import_refuses_a_zip_bomb_in_chinese(bomb, tmp_path):
    result, peak, elapsed = run_capped(
        ["--db", str(tmp_path / "hall.db"), "schedule", "import", str(bomb)], address_space=1536 * MB, workdir=tmp_path
    )
    assert result.returncode not in (0, -9), (result.returncode, result.stderr[-2000:])
    assert "解压后过大" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert peak < 100 * MB, f"peak RSS {peak // MB} MB"
    assert elapsed < 20, elapsed  # the CLI's own start-up included; the check itself is < 1 s above
