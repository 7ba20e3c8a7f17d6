"""`[devices.card_reader]`: every bad key named with its dotted path."""

from __future__ import annotations

import pytest

from reception.config import ConfigError, HallConfig, parse_config
from reception.devices.idcard.settings import card_reader_settings, parse_reader_settings


def test_no_section_means_no_reader_configured():
    settings = card_reader_settings(HallConfig())
    assert settings.port == "" and settings.baud == 115200


def test_port_and_baud_are_read():
    config = parse_config({"devices": {"card_reader": {"port": "/dev/reception-idcard", "baud": 9600}}})
    settings = card_reader_settings(config)
    assert (settings.port, settings.baud) == ("/dev/reception-idcard", 9600)
    assert settings.read_timeout() > 1.35  # the read reply alone takes 1.35 s at 9600


@pytest.mark.parametrize(
    ("raw", "key", "words"),
    [
        ({"port": 3}, "devices.card_reader.port", "串口"),
        ({"baud": 12345}, "devices.card_reader.baud", "115200"),
        ({"baud": True}, "devices.card_reader.baud", "之一"),
        ({"timeout": "1"}, "devices.card_reader.timeout", "秒数"),
        ({"timeout": 0}, "devices.card_reader.timeout", "之间"),
        ({"prot": "/dev/ttyS0"}, "devices.card_reader.prot", "未知"),
    ],
)
def test_bad_keys_are_named(raw, key, words):
    with pytest.raises(ConfigError) as caught:
        parse_reader_settings(raw, "hall.toml")
    assert caught.value.key == key and words in caught.value.problem


def test_a_section_that_is_not_a_table_is_refused():
    with pytest.raises(ConfigError) as caught:
        parse_config({"devices": {"card_reader": "/dev/ttyUSB0"}})
    assert caught.value.key == "devices.card_reader"
