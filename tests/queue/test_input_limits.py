"""Huge, empty and markup-laden input is stored as data or refused in Chinese."""

import pytest

from reception.queue.errors import InvalidInput
from reception.queue.models import CheckInRequest, PersonInput
from tests.helpers import visitor


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_empty_name_is_refused(hall, name):
    with pytest.raises(InvalidInput, match="姓名不能为空"):
        hall.check_in(CheckInRequest(lead=PersonInput(name=name), service="A"))


def test_huge_name_is_refused(hall):
    with pytest.raises(InvalidInput, match="姓名过长"):
        hall.check_in(CheckInRequest(lead=PersonInput(name="张" * 5000), service="A"))


def test_markup_and_sql_in_fields_are_stored_verbatim(hall):
    name = "[bold]张[/] [@click=app.quit]点我[/]'; DROP TABLE tickets; --"
    result = hall.check_in(CheckInRequest(lead=visitor(1, name=name), service="A"))
    stored = hall.db.execute("SELECT name FROM persons").fetchone()[0]
    assert stored == name
    assert hall.get_ticket(result.ticket.id).number == "A001"


def test_unknown_service_is_refused(hall):
    with pytest.raises(InvalidInput, match="没有业务代码"):
        hall.check_in(CheckInRequest(lead=visitor(1), service="Q"))


def test_card_data_updates_the_person_but_keeps_the_phone(hall, clock):
    hall.check_in(CheckInRequest(lead=visitor(1, phone="13800000000"), service="A"))
    hall.cancel(1, "staff")
    hall.check_in(CheckInRequest(lead=visitor(1, address="新住址"), service="A"))
    row = hall.db.execute("SELECT address, phone FROM persons").fetchone()
    assert row == ("新住址", "13800000000")
