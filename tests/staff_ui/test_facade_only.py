"""The counter and the shared staff screens see only the core's errors (issue 12):
no sqlite3 in them, so no engine error is caught, or shown, by a screen."""

from __future__ import annotations

import re

from tests.helpers import REPO_ROOT

SQLITE = re.compile(r"^\s*(import|from)\s+sqlite3\b|\bsqlite3\.", re.M)


def test_counter_and_staff_ui_never_touch_sqlite3():
    found = [
        str(path.relative_to(REPO_ROOT))
        for package in ("counter", "staff_ui")
        for path in sorted((REPO_ROOT / "reception" / package).rglob("*.py"))
        if SQLITE.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
