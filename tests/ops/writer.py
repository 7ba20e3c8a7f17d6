"""A process that issues (and sometimes calls) tickets until killed.

It prints each ticket number only after check_in returned, i.e. after the
commit: the parent uses these lines as the list of tickets that must exist.
"""

import sys

from reception.config import HallConfig
from reception.queue.db import connect
from reception.queue.hall import Hall
from reception.queue.models import CheckInRequest, PersonInput


def main(path: str, first: int, call_every: int) -> None:
    hall = Hall(connect(path), HallConfig())
    n = first
    while True:
        number = hall.check_in(
            CheckInRequest(lead=PersonInput(name=f"来访人{n}", doc_number=f"K{n:09d}"), service="A")
        ).ticket.number
        print(number, flush=True)
        if call_every and n % call_every == 0:
            hall.call_next(1, "killtest")
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
