"""The core and the devices never pull in Textual (harlequin's rule)."""

import subprocess
import sys

from tests.helpers import REPO_ROOT


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    return set(out.stdout.split())


def test_queue_core_imports_no_front_end_or_device_library():
    loaded = loaded_after_import("reception.queue.hall")
    for forbidden in ("textual", "rich", "serial", "escpos"):
        assert forbidden not in loaded


def test_cli_help_does_not_load_textual():
    loaded = loaded_after_import("reception.cli")
    assert "textual" not in loaded
