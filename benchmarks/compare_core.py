"""Issuing and calling, this tree against an earlier revision, on the same machine in one run.

    python benchmarks/compare_core.py [REV] [--rounds N] [--repeats N]

REV (default 1422a0a, before the service boundary of issue 12) is checked out
into a temporary git worktree. Each round runs `bench_core.issue_and_call` of
REV and then of this tree, each in a fresh process, so that load from
elsewhere falls on both alike; each prints its ratios against the bare
INSERT+COMMIT baseline measured in that same process. The medians and ranges
of the rounds are printed side by side.

Issue 12 asks that the ratios be no worse than before. One run of bench_core
swings by 10-20% on a shared machine, so one run of each cannot say it: the
figure holds when this tree's median of the rounds is at most 5% above REV's
(the medians of one tree against itself differ by about that much).
Exit status 1 when it does not.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
DEFAULT_REV = "1422a0a"
TOLERANCE = 0.05

RUN = """
import sys, tempfile
from pathlib import Path
sys.path[:0] = [{root!r}, {root!r} + "/benchmarks"]
import bench_core
with tempfile.TemporaryDirectory() as directory:
    for name, base, value in bench_core.issue_and_call(Path(directory), {repeats}):
        print(name, value / base, sep="\\t")
"""


def ratios(root: Path, repeats: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", RUN.format(root=str(root), repeats=repeats)],
        check=True, capture_output=True, text=True, cwd=root,
    ).stdout
    return {name: float(value) for name, value in (line.split("\t") for line in out.splitlines())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rev", nargs="?", default=DEFAULT_REV)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reception-compare-") as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", "-q", str(old), args.rev], check=True)
        try:
            runs: dict[str, dict[str, list[float]]] = {"old": {}, "new": {}}
            for _ in range(args.rounds):
                for side, root in (("old", old), ("new", HERE)):
                    for name, value in ratios(root, args.repeats).items():
                        runs[side].setdefault(name, []).append(value)
        finally:
            subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(old)], check=False)
    print(f"{args.rounds} rounds of {args.repeats}, ratio to a bare INSERT+COMMIT; {args.rev} against this tree")
    missed = []
    for name, before in runs["old"].items():
        after = runs["new"][name]
        holds = statistics.median(after) <= statistics.median(before) * (1 + TOLERANCE)
        if not holds:
            missed.append(name)
        print(f"{name:16} {args.rev}: median {statistics.median(before):.2f}x ({min(before):.2f}-{max(before):.2f})"
              f"   now: median {statistics.median(after):.2f}x ({min(after):.2f}-{max(after):.2f})"
              f"   {'no worse' if holds else 'WORSE'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
