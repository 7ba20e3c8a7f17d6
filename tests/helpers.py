"""Helpers for tests: visitors, check-ins, running the CLI as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from reception.config import HallConfig
from reception.queue.clock import Clock

from reception.queue.hall import Hall
from reception.queue.models import CheckInRequest, PersonInput

REPO_ROOT = Path(__file__).resolve().parent.parent

# The CLI at the machine's real time with a hall open day and night ([hours]
# always = true): for tests about something else than the opening hours.
ALWAYS_OPEN = {"RECEPTION_CONFIG": str(REPO_ROOT / "tests" / "always_open.toml")}


def visitor(n: int, **fields) -> PersonInput:
    """A distinct visitor with a document; `n` picks the person."""
    values = {"name": f"来访人{n}", "doc_number": f"DOC{n:06d}", "birth_date": "1980-01-01"}
    values.update(fields)
    return PersonInput(**values)


def walk_in(hall: Hall, n: int, service: str = "A", **request):
    return hall.check_in(CheckInRequest(lead=visitor(n), service=service, **request))


def hall_today() -> date:
    """Today in the hall (Asia/Shanghai by default), as the CLI and the apps see
    it: never `date.today()`, the machine's date, which differs for eight
    hours a day on a UTC machine."""
    return Clock(HallConfig().tz).today()


def run_cli(
    *args: str,
    env: dict | None = None,
    timeout: float = 60,
    input_text: str | None = None,
    at: datetime | None = None,
) -> subprocess.CompletedProcess:
    """Run `python -m reception ...` as a user would, from this checkout.

    `at` (an aware datetime) starts the process's clock there, through
    Debian's `faketime`: the whole program, the machine's time functions
    included, lives at that moment and runs on from it."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}
    command = [sys.executable, "-m", "reception", *args]
    if at is not None:
        if at.tzinfo is None:
            raise ValueError("run_cli(at=...) needs an aware datetime")
        if shutil.which("faketime") is None:
            pytest.skip("faketime is not installed (Debian package faketime; .ci/run installs it)")
        # Given in UTC, so the machine's TZ (which the test may set) cannot shift it.
        utc = at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        command = ["faketime", utc, *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        input=input_text,
        env=full_env,
        timeout=timeout,
    )


def approver_account(hall: Hall, username: str = "s", display_name: str = "王负责人") -> str:
    """An active staff account with the 负责人 flag (approves extensions and replies)."""
    from reception.queue.accounts import Accounts

    accounts = Accounts(hall.db, hall.clock)
    accounts.add(username, "password123", "staff", display_name, actor="test")
    accounts.set_approver(username, True, "test")
    return username
