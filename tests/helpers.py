"""Helpers for tests: visitors, check-ins, running the CLI as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reception.queue.hall import Hall
from reception.queue.models import CheckInRequest, PersonInput

REPO_ROOT = Path(__file__).resolve().parent.parent


def visitor(n: int, **fields) -> PersonInput:
    """A distinct visitor with a document; `n` picks the person."""
    values = {"name": f"来访人{n}", "doc_number": f"DOC{n:06d}", "birth_date": "1980-01-01"}
    values.update(fields)
    return PersonInput(**values)


def walk_in(hall: Hall, n: int, service: str = "A", **request):
    return hall.check_in(CheckInRequest(lead=visitor(n), service=service, **request))


def run_cli(
    *args: str, env: dict | None = None, timeout: float = 60, input_text: str | None = None
) -> subprocess.CompletedProcess:
    """Run `python -m reception ...` as a user would, from this checkout."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "reception", *args],
        capture_output=True,
        text=True,
        input=input_text,
        env=full_env,
        timeout=timeout,
    )
