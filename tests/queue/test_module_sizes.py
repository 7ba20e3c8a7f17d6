"""No module of the core grows past about 500 lines (issue 12 item 5).

hall.py reached 1,047 lines over seven jobs before it was split by job; a new
job gets its own module instead. The limit leaves some room above 500.
"""

from pathlib import Path

from tests.helpers import REPO_ROOT

LIMIT = 550


def oversized(root: Path, limit: int = LIMIT) -> list[str]:
    """Modules under `root` longer than `limit` lines, with their length."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{path.relative_to(root.parent)}: {lines} lines")
    return found


def test_no_module_in_the_queue_core_is_over_the_limit():
    found = oversized(REPO_ROOT / "reception" / "queue")
    assert not found, f"split these by job (limit {LIMIT} lines):\n" + "\n".join(found)


def test_the_guard_finds_a_long_module(tmp_path):
    package = tmp_path / "queue"
    (package / "store").mkdir(parents=True)
    (package / "short.py").write_text("x = 1\n" * LIMIT, encoding="utf-8")
    (package / "store" / "long.py").write_text("x = 1\n" * (LIMIT + 1), encoding="utf-8")
    assert oversized(package) == [f"queue/store/long.py: {LIMIT + 1} lines"]
