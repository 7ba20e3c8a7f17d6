"""A registered case (登记编号, accepted and 交办), a leader, and a 负责人 account."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reception.queue.registration import RegistrationForm
from reception.queue.service import HallService
from tests.engines import db_path_on_both_engines  # noqa: F401  (the fixture `db_path`, both engines)
from tests.helpers import approver_account, walk_in

FORM = RegistrationForm(
    purpose="申诉求决",
    category="工资福利待遇",
    locality="测试市东区",
    summary="某公司拖欠工资三个月",
    request="要求结清工资",
    speakers=1,
    people_involved=1,
    outcome="受理为信访事项",
    handling="交办",
    department="市人社局",
)


def register_case(service: HallService, n: int = 1, **changes) -> int:
    """Visitor `n` walks in and is registered with FORM (changed by `changes`)."""
    visit_id = walk_in(service._hall, n).ticket.visit_id
    service.register(visit_id, replace(FORM, **changes), "staff1")
    return visit_id


def add_leader(service: HallService, name: str = "李副县长", place: str = "第一接待室") -> int:
    service.add_reception_day(
        {"day": "2026-11-26", "leader": name, "post": "副县长", "time": "09:00-11:30",
         "place": place, "mode": "预约", "quota": 5}, "admin")
    return service.leader_named(name).id


@pytest.fixture
def case(service: HallService) -> int:
    return register_case(service)


@pytest.fixture
def approver(hall) -> str:
    return approver_account(hall, "fuzeren", "王负责人")


@pytest.fixture
def leader(service: HallService) -> int:
    return add_leader(service)
