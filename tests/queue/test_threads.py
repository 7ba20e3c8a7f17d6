"""One connection per thread: a refusal in one thread never undoes another's work."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from reception.queue.errors import InvalidInput
from reception.queue.registration import RegistrationForm, Registrations
from reception.queue.service import HallService
from tests.helpers import walk_in


def test_a_refused_registration_never_rolls_back_a_print_recorded_from_another_thread(
    service: HallService, monkeypatch
):
    """Issue 12: the counter's print thread recorded a print while the UI thread's
    registration was inside its transaction; the refusal rolled the print back."""
    ticket = walk_in(service._hall, 1).ticket
    inside, printed = threading.Event(), threading.Event()
    clean = Registrations._clean

    def clean_slowly(self, form, before):
        inside.set()  # the registration's write transaction is open now
        printed.wait(2)  # give the print thread every chance to join it
        return clean(self, form, before)

    monkeypatch.setattr(Registrations, "_clean", clean_slowly)
    refused: list[BaseException] = []

    def register() -> None:
        try:
            service.register(ticket.visit_id, RegistrationForm(purpose="没有这种目的"), "counter1")
        except InvalidInput as exc:
            refused.append(exc)

    def record_print() -> None:
        assert inside.wait(5)
        service.record_print(ticket.id, True, "counter1")
        printed.set()

    threads = [threading.Thread(target=register), threading.Thread(target=record_print)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert refused, "the registration should have been refused"
    assert service.get_ticket(ticket.id).printed_at is not None
    assert [e.action for e in service.events_for(ticket.id)] == ["issue", "printed"]
    assert service.audit_entries(action="ticket.printed", subject=f"ticket:{ticket.id}")


def test_each_thread_works_on_its_own_connection(service: HallService):
    seen: dict[str, int] = {}
    both = threading.Barrier(2)

    def work(name: str) -> None:
        service.tickets()
        seen[name] = id(service._hall.db.conn)
        both.wait(5)  # both connections open at once

    threads = [threading.Thread(target=work, args=(name,)) for name in ("ui", "printer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(set(seen.values())) == 2
    assert id(service._hall.db.conn) not in seen.values()


def test_a_connection_is_never_usable_from_another_thread(service: HallService):
    conn = service._hall.db.conn
    failed: list[BaseException] = []

    def use() -> None:
        try:
            conn.execute("SELECT 1")
        except sqlite3.ProgrammingError as exc:
            failed.append(exc)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join(10)
    assert failed, "check_same_thread must stay on"


def test_a_finished_thread_leaves_no_connection_open(service: HallService):
    service.tickets()  # this thread's own
    for _ in range(5):
        thread = threading.Thread(target=service.tickets)
        thread.start()
        thread.join(10)
    assert service._hall.db.open_connections() == 1


def test_a_closed_service_refuses_further_use_in_every_thread(db_path, config, clock):
    service = HallService.open(db_path, config, clock)
    service.close()
    from reception.queue.errors import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable):
        service.tickets()
