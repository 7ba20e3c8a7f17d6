"""The register and the monthly report on a big hall (issue 14).

    python benchmarks/bench_ledger.py [--quick]

A big hall of 1,250,000 visits (`--quick`: 100,000), made by the demo-data
generator (`reception.queue.demo`, bulk SQL) at about 680 visits a working day,
so a month holds about 15,000; it is cached in the temporary directory, keyed
by its size, and built once. Measured through the facade, as `reception ledger
export` and `reception report` run, files included:
  a month's register to xlsx      <= 5 s
  a month's report to xlsx        <= 5 s
and each at most 2x its time on a 1,000-visit hall, per visit of the month
(the time a month's visits take must not grow with the years stored beside them).
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reception.config import HallConfig  # noqa: E402
from reception.config.sections import HoursSettings  # noqa: E402
from reception.exports.sheets import write_ledger_xlsx, write_report_xlsx  # noqa: E402
from reception.queue.clock import FixedClock  # noqa: E402
from reception.queue.service import HallService, open_service  # noqa: E402

# Benchmarks run at any hour: the hall's opening hours must not refuse their tickets.
OPEN_ALL_DAY = HoursSettings(always=True)

PER_DAY = 680  # about 15,000 visits in a month of 22 working days
TODAY = datetime(2026, 12, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
MONTH = "2026-11"


def hall(visits: int, directory: Path) -> Path:
    """A cached hall of about `visits` visits ending on TODAY, at PER_DAY a working
    day; a small one spreads its visits over the six weeks before TODAY, so the
    month measured holds about 650 of them."""
    path = directory / f"reception-bench-ledger-v2-{visits}.db"
    if path.exists():
        return path
    building = path.with_suffix(".building")
    for leftover in directory.glob(building.name + "*"):
        leftover.unlink()
    per_day = PER_DAY if visits > 100 * PER_DAY else max(1, visits // 32)
    days = max(1, round(visits / per_day * 7 / 5))
    service = open_service(building, HallConfig(hours=OPEN_ALL_DAY), FixedClock(TODAY))
    start = time.perf_counter()
    summary = service.ledger().seed_demo(days=days, per_day=per_day, seed=14)
    service.close()
    print(f"  built a hall of {summary.visits:,} visits in {time.perf_counter() - start:.0f} s", flush=True)
    building.rename(path)
    return path


def timed(op, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        op()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(path: Path, out: Path, repeats: int) -> tuple[int, float, float]:
    service = HallService(path, HallConfig(hours=OPEN_ALL_DAY), FixedClock(TODAY))
    desk = service.ledger()
    period = desk.period(month=MONTH)
    rows = desk.ledger_count(period)

    def ledger() -> None:
        write_ledger_xlsx(out / "ledger.xlsx", desk.COLUMNS, desk.WIDTHS, desk.ledger_rows(period), lambda n: None)

    def report() -> None:
        write_report_xlsx(out / "report.xlsx", desk.monthly_report(period), "bench")

    result = rows, timed(ledger, repeats), timed(report, repeats)
    service.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 100,000-visit hall, for a smoke run")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()), help="where the halls are kept")
    args = parser.parse_args()
    big = 100_000 if args.quick else 1_250_000
    repeats = 3
    print(f"building or reusing halls in {args.cache}", flush=True)
    small_path, big_path = hall(1_000, args.cache), hall(big, args.cache)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        small = measure(small_path, Path(tmp), repeats)
        large = measure(big_path, Path(tmp), repeats)
    print(f"month {MONTH}: {large[0]:,} visits on the {big:,}-visit hall, {small[0]:,} on the 1,000-visit hall")
    for name, index in (("a month's register to xlsx", 1), ("a month's report to xlsx", 2)):
        per_big, per_small = large[index] / max(large[0], 1), small[index] / max(small[0], 1)
        ratio = per_big / per_small
        ok = large[index] <= 5.0 and ratio <= 2.0
        failures += [] if ok else [name]
        print(f"{'ok  ' if ok else 'MISS'} {name}: {large[index]:.2f} s (<= 5 s); "
              f"{per_big * 1e3:.3f} ms a visit vs {per_small * 1e3:.3f} ms on the small hall, {ratio:.2f}x (<= 2x)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
