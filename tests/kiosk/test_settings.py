"""The [kiosk] section: defaults that work with nothing configured, clear errors otherwise."""

import pytest

from reception.config import ConfigError, parse_config
from reception.kiosk.settings import KioskSettings, kiosk_settings


def settings(kiosk: dict, **raw) -> KioskSettings:
    return kiosk_settings(parse_config({"kiosk": kiosk, **raw}))


def test_defaults_fit_the_built_in_services():
    s = settings({})
    assert (s.individual_service, s.group_service, s.leader_service) == ("A", "B", "C")
    assert s.service_for(is_group=False, leader_requested=False) == "A"
    assert s.service_for(is_group=True, leader_requested=False) == "B"
    assert s.service_for(is_group=True, leader_requested=True) == "C"


def test_configured_values_are_used():
    s = settings({"idle_seconds": 30, "ticket_seconds": 8, "staff_pin": "739182", "group_service": "A"})
    assert s.idle_seconds == 30 and s.ticket_seconds == 8 and s.staff_pin == "739182"
    assert s.group_service == "A"


@pytest.mark.parametrize(
    ("kiosk", "key", "problem"),
    [
        ({"idle": 30}, "kiosk.idle", "未知的配置项"),
        ({"idle_seconds": 1}, "kiosk.idle_seconds", "5 到 3600"),
        ({"idle_seconds": "30"}, "kiosk.idle_seconds", "秒数"),
        ({"ticket_seconds": True}, "kiosk.ticket_seconds", "秒数"),
        ({"staff_pin": "12"}, "kiosk.staff_pin", "4 到 12 位数字"),
        ({"staff_pin": "abcd"}, "kiosk.staff_pin", "4 到 12 位数字"),
        ({"staff_pin": 1234}, "kiosk.staff_pin", '请加引号：staff_pin = "1234"'),
        ({"staff_pin": "  "}, "kiosk.staff_pin", "非空文本"),
        ({"group_service": "Z"}, "kiosk.group_service", "未定义的业务代码"),
    ],
)
def test_bad_values_name_the_key(kiosk, key, problem):
    with pytest.raises(ConfigError) as error:
        settings(kiosk)
    assert error.value.key == key and problem in str(error.value)


def test_custom_services_without_kiosk_settings_fall_back_to_the_first():
    s = settings({}, services=[{"code": "X", "name": "来访登记", "prefix": "E"}])
    assert (s.individual_service, s.group_service, s.leader_service) == ("X", "X", "X")
