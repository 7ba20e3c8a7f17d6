"""How fast a check-in can be on this PostgreSQL server at best (issue 18, item 6).

    python benchmarks/pg_floor.py [--repeats N] [--rounds N]

bench_pg.py measures the core's check-in against one bare INSERT+COMMIT and
misses its 3x. This script asks whether any implementation of the same writes
could meet it here: on the same throwaway server (fsync on), alternately with
the same baseline, it times the check-in's writes for a new visitor with
*no core around them* (no rules, no text policy, no audit detail; raw psycopg):

  core        the core's check-in through the service (what bench_pg times)
  statements  the same statements, one round trip each
  pipelined   the same statements in psycopg's pipeline mode, reading a
              result only where the next statement needs it (5 round trips)
  function    one call of a PL/pgSQL function doing every write, between the
              hours check, BEGIN with the hall's lock, the person lookup, and
              NOTIFY+COMMIT (4 round trips): a second implementation of the
              check-in, written here only to measure it

The baseline is itself three round trips (BEGIN, INSERT, COMMIT), so on a
Unix socket the ratio mostly counts round trips; the function's figure is the
floor for any check-in that still runs the core's Python before it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_core import paired, person  # noqa: E402
from benchmarks.bench_pg import OPEN_ALL_DAY, Baseline  # noqa: E402
from reception.config import HallConfig  # noqa: E402
from reception.queue.models import CheckInRequest  # noqa: E402
from reception.queue.service import open_service  # noqa: E402

# A day of its own, far from the core's, so that the two never share a counter or a number.
DAY, STAMP, LOCK = "2000-01-03", "2000-01-03T08:00:00+08:00", 0x5245_4345

PERSON = ("INSERT INTO persons (doc_type, doc_number, name, created_at, updated_at)"
          " VALUES ('居民身份证', %s, %s, %s, %s) RETURNING id")
VISIT = ("INSERT INTO visits (hall_day, created_at, query_code) VALUES (%s, %s, %s)"
         " ON CONFLICT (query_code) DO NOTHING RETURNING id")
COUNTER = ("INSERT INTO ticket_counters (hall_day, service, last_seq) VALUES (%s, 'A', 1)"
           " ON CONFLICT (hall_day, service) DO UPDATE SET last_seq = ticket_counters.last_seq + 1"
           " RETURNING last_seq")
PEOPLE = "INSERT INTO visit_people (visit_id, person_id, role) VALUES (%s, %s, 'lead')"
TICKET = ("INSERT INTO tickets (visit_id, hall_day, service, seq, number, queue, state,"
          " issued_at, queued_at, updated_at) VALUES (%s, %s, 'A', %s, %s, 'A', 'waiting', %s, %s, %s)"
          " RETURNING id")
EVENT = ("INSERT INTO events (ticket_id, at, actor, action, to_state, detail)"
         " VALUES (%s, %s, 'kiosk', 'issue', 'waiting', '{}')")
AUDIT = ("INSERT INTO audit_log (at, actor, action, subject, detail)"
         " VALUES (%s, 'kiosk', 'ticket.issue', %s, '{}')")
AHEAD = "SELECT count(*) FROM tickets WHERE hall_day = %s AND queue = 'A' AND state = 'waiting' AND id < %s"
HOURS = "SELECT day, open FROM office_days WHERE day BETWEEN %s AND %s"
LOOKUP = "SELECT id FROM persons WHERE doc_type = '居民身份证' AND doc_number = %s"

FUNCTION = f"""
CREATE FUNCTION floor_issue(p_doc text, p_name text, p_day text, p_stamp text, p_code text)
RETURNS int AS $$
DECLARE pid int; vid int; s int; tid int; n int;
BEGIN
  {PERSON.replace('%s', 'p_doc', 1).replace('%s', 'p_name', 1).replace('%s', 'p_stamp')} INTO pid;
  {VISIT.replace('%s', 'p_day', 1).replace('%s', 'p_stamp', 1).replace('%s', 'p_code')} INTO vid;
  {PEOPLE.replace('%s', 'vid', 1).replace('%s', 'pid')};
  {COUNTER.replace('%s', 'p_day')} INTO s;
  {TICKET.replace('%s', 'vid', 1).replace('%s', 'p_day', 1).replace('%s', 's', 1)
         .replace('%s', "'A' || lpad(s::text, greatest(3, length(s::text)), '0')", 1).replace('%s', 'p_stamp')} INTO tid;
  {EVENT.replace('%s', 'tid', 1).replace('%s', 'p_stamp')};
  {AUDIT.replace('%s', 'p_stamp', 1).replace('%s', "'ticket:' || tid")};
  {AHEAD.replace('%s', 'p_day', 1).replace('%s', 'tid')} INTO n;
  RETURN n;
END $$ LANGUAGE plpgsql
"""


class Writes:
    """The check-in's writes for a new visitor, without the core, three ways."""

    def __init__(self, url: str):
        self.conn = psycopg.connect(url, autocommit=True, prepare_threshold=1)  # as store.pg
        self.conn.execute(FUNCTION)
        self.drawn = 0

    def _keys(self) -> tuple[str, str]:
        self.drawn += 1  # every check-in is a new visitor's, whichever way it runs
        return f"F{self.drawn:09d}", f"floor-{self.drawn}"

    def _begin(self) -> tuple[str, str]:
        """The hours check, BEGIN with the hall's lock, the person lookup: three round trips."""
        doc, code = self._keys()
        self.conn.execute(HOURS, (DAY, DAY)).fetchall()
        self.conn.execute(f"BEGIN; SELECT pg_advisory_xact_lock({LOCK})")
        self.conn.execute(LOOKUP, (doc,)).fetchone()
        return doc, code

    def statements(self, i: int) -> None:
        doc, code = self._begin()
        c = self.conn
        (person_id,) = c.execute(PERSON, (doc, "来访人", STAMP, STAMP)).fetchone()
        (visit_id,) = c.execute(VISIT, (DAY, STAMP, code)).fetchone()
        c.execute(PEOPLE, (visit_id, person_id))
        (seq,) = c.execute(COUNTER, (DAY,)).fetchone()
        (ticket_id,) = c.execute(TICKET, (visit_id, DAY, seq, f"A{seq:03d}", STAMP, STAMP, STAMP)).fetchone()
        c.execute(EVENT, (ticket_id, STAMP))
        c.execute(AUDIT, (STAMP, f"ticket:{ticket_id}"))
        c.execute(AHEAD, (DAY, ticket_id)).fetchone()
        c.execute("NOTIFY reception_changed; COMMIT")

    def pipelined(self, i: int) -> None:
        doc, code = self._keys()
        c = self.conn
        with c.pipeline():
            hours = c.execute(HOURS, (DAY, DAY))
            c.execute("BEGIN")
            c.execute(f"SELECT pg_advisory_xact_lock({LOCK})")
            lookup = c.execute(LOOKUP, (doc,))
            hours.fetchall()  # one round trip: the hours, BEGIN, the lock and the lookup
            lookup.fetchone()
            person_row = c.execute(PERSON, (doc, "来访人", STAMP, STAMP))
            visit_row = c.execute(VISIT, (DAY, STAMP, code))
            counter_row = c.execute(COUNTER, (DAY,))
            (person_id,), (visit_id,), (seq,) = person_row.fetchone(), visit_row.fetchone(), counter_row.fetchone()
            c.execute(PEOPLE, (visit_id, person_id))
            (ticket_id,) = c.execute(TICKET, (visit_id, DAY, seq, f"A{seq:03d}", STAMP, STAMP, STAMP)).fetchone()
            c.execute(EVENT, (ticket_id, STAMP))
            c.execute(AUDIT, (STAMP, f"ticket:{ticket_id}"))
            c.execute(AHEAD, (DAY, ticket_id)).fetchone()
            c.execute("NOTIFY reception_changed")
            c.execute("COMMIT")

    def function(self, i: int) -> None:
        doc, code = self._begin()
        self.conn.execute("SELECT floor_issue(%s, %s, %s, %s, %s)", (doc, "来访人", DAY, STAMP, code)).fetchone()
        self.conn.execute("NOTIFY reception_changed; COMMIT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from tests.pg_server import PgServer

    server = PgServer(durable=True)
    try:
        url = server.new_database(migrated=False)
        service = open_service(url, HallConfig(hours=OPEN_ALL_DAY))
        service.check_in(CheckInRequest(lead=person(-1), service="B"))  # migrated, connection open
        base, writes = Baseline(url), Writes(url)
        ways = {
            "core": lambda i: service.check_in(CheckInRequest(lead=person(i), service="A")),
            "statements": writes.statements,
            "pipelined": writes.pipelined,
            "function": writes.function,
        }
        ratios: dict[str, list[float]] = {name: [] for name in ways}
        millis: dict[str, list[float]] = {name: [] for name in ways}
        for r in range(args.rounds):
            for name, way in ways.items():
                offset = (r * len(ways) + list(ways).index(name)) * args.repeats
                b, op = paired(base, lambda i, way=way, offset=offset: way(offset + i), args.repeats)
                ratios[name].append(op / b)
                millis[name].append(op * 1e3)
        print(f"{args.rounds} rounds of {args.repeats} check-ins of new visitors, ratio to a bare INSERT+COMMIT")
        for name in ways:
            print(f"{name:<11} median {statistics.median(ratios[name]):.2f}x"
                  f" ({min(ratios[name]):.2f}-{max(ratios[name]):.2f}),"
                  f" {statistics.median(millis[name]):.3f} ms")
        base.close()
        service.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
