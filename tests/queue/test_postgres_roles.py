"""Least privilege on a PostgreSQL hall (issue 18, deploy/README.md): the kiosk's
account checks visitors in and prints, and reads no registration or history."""

from __future__ import annotations

import psycopg
import pytest

from reception.queue.errors import DatabaseUnavailable
from reception.queue.models import CheckInRequest
from reception.queue.registration import RegistrationForm
from reception.queue.service import HallService
from tests.helpers import visitor


@pytest.fixture
def roles(pg_url, pg_server, config, clock):
    """The owner's service, and URLs of a kiosk and an apps account with `reception pg-roles` grants."""
    suffix = pg_url.split("?")[0].rsplit("/", 1)[1]
    kiosk, apps = f"kiosk_{suffix}", f"apps_{suffix}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for role in (kiosk, apps):
            conn.execute(f"CREATE ROLE {role} LOGIN")
    owner = HallService.open(pg_url, config, clock)
    owner.grant_roles(kiosk, apps)
    yield owner, pg_url.replace("user=reception", f"user={kiosk}"), pg_url.replace("user=reception", f"user={apps}")
    owner.close()
    pg_server.drop(pg_url)
    with psycopg.connect(pg_url.replace(f"/{suffix}?", "/postgres?"), autocommit=True) as conn:
        for role in (kiosk, apps):
            conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_the_kiosk_account_checks_in_prints_and_answers_a_query_code(roles, config, clock):
    owner, kiosk_url, apps_url = roles
    kiosk = HallService.open(kiosk_url, config, clock)
    apps = HallService.open(apps_url, config, clock)
    try:
        result = kiosk.check_in(CheckInRequest(lead=visitor(1), service="A"))
        assert result.ticket.number == "A001"
        assert kiosk.active_ticket_for("居民身份证", visitor(1).doc_number).number == "A001"
        kiosk.slip_for(result.ticket)
        kiosk.record_print(result.ticket.id, True, "kiosk")
        assert kiosk.unrecorded_prints("kiosk") == []
        kiosk.leaders_for_walk_ins()
        kiosk.hall_status()
        # A counter (the apps account) calls and registers the visit; the kiosk then
        # answers the visitor's query code, and takes the rating.
        called = apps.call_next(1, "staff")
        apps.start(called.id, "staff")
        apps.register(called.visit_id, RegistrationForm(
            purpose="申诉求决", category="环境污染", summary="排污", outcome="受理为信访事项",
            handling="交办", department="环保局"), "staff")
        apps.finish(called.id, "staff")
        progress = kiosk.progress(result.ticket.query_code)
        assert progress is not None
        kiosk.rate(result.ticket.query_code, "满意")
        # The next day the same visitor is a repeat visit (重复访), seen by the kiosk's account.
        clock.advance(days=1)
        again = kiosk.check_in(CheckInRequest(lead=visitor(1), service="A"))
        assert not again.existing and again.repeat.is_repeat
    finally:
        kiosk.close()
        apps.close()


def test_the_kiosk_account_reads_no_registration_talk_or_audit_and_changes_no_history(roles):
    owner, kiosk_url, _ = roles
    with psycopg.connect(kiosk_url, autocommit=True) as conn:
        for refused in (
            "SELECT summary FROM visits",
            "SELECT request, handling, department FROM visits",
            "SELECT * FROM visits",
            "SELECT * FROM talks",
            "SELECT * FROM audit_log",
            "SELECT * FROM users",
            "SELECT * FROM callbacks",
            "UPDATE visits SET summary = 'x'",
            "DELETE FROM tickets",
            "DELETE FROM persons",
            "CREATE TABLE mine (id integer)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(refused)
        conn.execute("SELECT id, query_code, outcome FROM visits")  # what a kiosk needs


def test_a_kiosk_asked_for_what_it_may_not_do_gets_a_chinese_refusal(roles, config, clock):
    _, kiosk_url, _ = roles
    kiosk = HallService.open(kiosk_url, config, clock)
    try:
        ticket = kiosk.check_in(CheckInRequest(lead=visitor(1), service="A")).ticket
        for refused in (lambda: kiosk.registration(ticket.visit_id), kiosk.users,
                        lambda: kiosk.visits_by_document("居民身份证", visitor(1).doc_number, "kiosk")):
            with pytest.raises(DatabaseUnavailable, match="数据库账号没有此项权限"):
                refused()
    finally:
        kiosk.close()


def test_a_kiosk_after_an_update_the_owner_has_not_applied_is_told_who_must_act(roles, config, clock):
    owner, kiosk_url, _ = roles
    owner._db.execute("DELETE FROM schema_migrations WHERE name = '1801_ticket_counters'")  # as if new
    with pytest.raises(DatabaseUnavailable, match="请先以数据库所有者运行 reception init"):
        HallService.open(kiosk_url, config, clock)
