"""The core and the devices never pull in Textual (harlequin's rule)."""

import re
import subprocess
import sys
import tokenize
from pathlib import Path

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


# The machine's local date or time: on a UTC server it is a different day from
# the hall's for eight hours of every day (issue 11). Everything asks the hall's
# clock (`reception.queue.clock.Clock`, `tests.helpers.hall_today`) instead.
MACHINE_CLOCK = re.compile(
    r"\bdate\.today\(|\bdatetime\.today\(|\bdatetime\.now\(\s*\)|\butcnow\(|"
    r"\btime\.localtime\(|\btime\.strftime\(|\btime\.ctime\(|\bfromtimestamp\(\s*[^,()]+\)"
)


def code_without_strings(path: Path) -> list[tuple[int, str]]:
    """The source's lines with string literals and comments blanked out."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    blanked = [list(line) for line in lines]
    with path.open("rb") as handle:
        for token in tokenize.tokenize(handle.readline):
            if token.type not in (tokenize.STRING, tokenize.COMMENT) and token.type != getattr(
                tokenize, "FSTRING_MIDDLE", -1
            ):
                continue
            (row, col), (end_row, end_col) = token.start, token.end
            for r in range(row, end_row + 1):
                line = blanked[r - 1]
                start = col if r == row else 0
                stop = end_col if r == end_row else len(line)
                for c in range(start, min(stop, len(line))):
                    if line[c] != "\n":
                        line[c] = " "
    return [(number, "".join(chars)) for number, chars in enumerate(blanked, start=1)]


def test_nothing_reads_the_machines_local_date_or_time():
    found = []
    for top in ("reception", "tests", "benchmarks"):
        for path in sorted((REPO_ROOT / top).rglob("*.py")):
            for number, line in code_without_strings(path):
                if MACHINE_CLOCK.search(line):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert not found, "use the hall's clock, not the machine's:\n" + "\n".join(found)


def test_the_guard_finds_a_machine_date(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'from datetime import date, datetime\n"date.today() in a string is fine"\n'
        "x = date.today()  # found\ny = datetime.now()\nz = datetime.now(tz)\n",
        encoding="utf-8",
    )
    hits = [n for n, line in code_without_strings(sample) if MACHINE_CLOCK.search(line)]
    assert hits == [3, 4]


def test_the_facade_contract_names_every_module_behind_the_facade():
    """A new module in reception.queue is behind the facade from the start."""
    import tomllib

    contracts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (facade,) = [
        c for c in contracts["tool"]["importlinter"]["contracts"]
        if c["name"] == "Front ends reach the core through its facade only"
    ]
    queue = REPO_ROOT / "reception" / "queue"
    behind = {f"reception.queue.{p.stem}" for p in queue.glob("*.py")}
    behind |= {f"reception.queue.{p.name}" for p in queue.iterdir() if (p / "__init__.py").exists()}
    behind -= {"reception.queue.__init__", "reception.queue.service", "reception.queue.models", "reception.queue.errors"}
    assert behind == set(facade["forbidden_modules"])


def test_the_leader_view_loads_plotext_only_with_the_statistics_screen():
    # plotext takes about 0.2 s to import: only a leader who opens 统计 pays for it.
    loaded = loaded_after_import("reception.leader.app, reception.leader.screens.queue_screen")
    assert "plotext" not in loaded and "textual_plotext" not in loaded
