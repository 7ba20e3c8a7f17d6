"""How long a call made at a counter takes to appear on the hall display.

    python benchmarks/bench_display_latency.py [--quick] [--calls N] [--postgresql]

End to end, as in the hall: `reception display` runs in a real terminal
(tmux, 160x45); a separate counter process calls the next number with
`Hall.call_next` and reports the moment its transaction committed; this
script reads the terminal (`tmux capture-pane`) every 10 ms until the called
number is drawn in large digits, and takes the difference. Target (issue 7):
every call on screen within 0.5 s. Exit status 1 when a call took longer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reception.config import HallConfig  # noqa: E402
from reception.config.sections import HoursSettings  # noqa: E402
from reception.hall_display.digits import big_lines  # noqa: E402
from reception.queue.models import CheckInRequest, PersonInput  # noqa: E402
from reception.queue.service import open_service  # noqa: E402

# Benchmarks run at any hour: the hall's opening hours must not refuse their tickets.
OPEN_ALL_DAY = HoursSettings(always=True)

TARGET_S = 0.5
SESSION = f"bench-display-{os.getpid()}"
# A tmux server of its own: the benchmark never lists, sizes or ends the user's sessions.
TMUX = ["tmux", "-L", SESSION]

COUNTER = """
import sys, time
from reception.config import HallConfig
from reception.config.sections import HoursSettings
from reception.queue.service import open_service
service = open_service(sys.argv[1], HallConfig(hours=HoursSettings(always=True)))
for line in sys.stdin:
    ticket = service.call_next(1, "bench")
    print(ticket.number if ticket else "-", time.time(), flush=True)
    if ticket:
        service.no_show(ticket.id, "bench")  # one visitor at a window: free it for the next call
"""


def big_rows(number: str) -> list[str]:
    return big_lines(number, 2)  # 160 columns: two cells per dot


def capture() -> str:
    return subprocess.run(
        [*TMUX, "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True, check=False
    ).stdout


def wait_until(predicate, timeout: float) -> float | None:
    start = time.time()
    while time.time() - start < timeout:
        if predicate(capture()):
            return time.time()
        time.sleep(0.01)
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10 calls instead of 40")
    parser.add_argument("--calls", type=int)
    parser.add_argument("--postgresql", action="store_true",
                        help="a PostgreSQL hall (issue 18): a throwaway server, the display pushed by LISTEN/NOTIFY")
    args = parser.parse_args()
    calls = args.calls or (10 if args.quick else 40)
    if shutil.which("tmux") is None:
        print("tmux is not installed: cannot run the display in a real terminal")
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-display-"))
    db: Path | str = work / "hall.db"
    server = None
    if args.postgresql:
        from tests.pg_server import PgServer

        server = PgServer(durable=True)
        db = server.new_database()
    service = open_service(db, HallConfig(hall_name="基准测试大厅", hours=OPEN_ALL_DAY))
    for n in range(calls):
        service.check_in(CheckInRequest(lead=PersonInput(name=f"来访人{n}", doc_number=f"B{n:06d}"), service="A"))
    service.close()

    config = work / "hall.toml"
    config.write_text('hall_name = "基准测试大厅"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = f"{sys.executable} -m reception --db '{db}' --config {config} display"
    subprocess.run([*TMUX, "-f", os.devnull, "new-session", "-d", "-s", SESSION,
                    "-x", "160", "-y", "45", command],
                   env=env, check=True)
    counter = subprocess.Popen([sys.executable, "-c", COUNTER, str(db)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env=env)
    latencies: list[float] = []
    try:
        if wait_until(lambda screen: "基准测试大厅" in screen and "人等候" in screen, 30) is None:
            print("the display did not start")
            return 1
        for _ in range(calls):
            counter.stdin.write("call\n")
            counter.stdin.flush()
            number, committed = counter.stdout.readline().split()
            rows = big_rows(number)
            seen = wait_until(lambda screen: all(row in screen for row in rows), 5)
            if seen is None:
                print(f"{number}: not shown within 5 s")
                latencies.append(float("inf"))
                continue
            latencies.append(seen - float(committed))
            time.sleep(0.3)  # calls at a counter are seconds apart
    finally:
        counter.stdin.close()
        counter.wait(10)
        subprocess.run([*TMUX, "kill-server"], check=False)
        shutil.rmtree(work, ignore_errors=True)
        if server is not None:
            server.stop()

    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    engine = "PostgreSQL, LISTEN/NOTIFY" if args.postgresql else "SQLite, data_version"
    print(f"calls: {len(latencies)}  ({engine}; refresh_interval 0.2 s, real terminal via tmux, 160x45)")
    print(f"commit -> on screen: min {ordered[0]*1000:.0f} ms, median {statistics.median(ordered)*1000:.0f} ms,"
          f" p95 {p95*1000:.0f} ms, max {ordered[-1]*1000:.0f} ms  (target <= {TARGET_S*1000:.0f} ms)")
    ok = ordered[-1] <= TARGET_S
    print("PASS" if ok else "FAIL: a call took longer than the target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
