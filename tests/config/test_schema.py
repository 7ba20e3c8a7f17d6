"""The whole file is checked when it is loaded: a typo anywhere stops every command."""

from __future__ import annotations

import pytest

from reception.config import ConfigError, HallConfig, load_config, parse_config
from tests.helpers import REPO_ROOT, run_cli

SHIPPED = [REPO_ROOT / "reception" / "sample_config.toml", REPO_ROOT / "deploy" / "hall.example.toml"]


def write(tmp_path, text: str):
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "near"),
    [
        ("[kiosk]\nidle_secnds = 30", "kiosk.idle_secnds", "idle_seconds"),
        ("[display]\nfontsize = 40", "display.fontsize", ""),
        ('[devices.printer]\nknd = "usb"', "devices.printer.knd", "kind"),
        ('[devices.card_reader]\nprot = "/dev/ttyUSB0"', "devices.card_reader.prot", "port"),
        ('[devices.scanner]\nknd = "serial"', "devices.scanner.knd", "kind"),
        ('[devices.printr]\nkind = "usb"', "devices.printr", "printer"),
        ('[serve]\nhots = "192.168.1.10"', "serve.hots", "host"),
        ('hal_name = "来访接待大厅"', "hal_name", "hall_name"),
        ('[[windows]]\nnumber = 1\nservices = ["A"]\nnmae = "一号"', "windows[0].nmae", "name"),
    ],
)
def test_status_refuses_a_typo_in_any_section_naming_the_key(tmp_path, text, key, near):
    config = write(tmp_path, text)
    result = run_cli("--db", str(tmp_path / "h.db"), "--config", str(config), "status")
    assert result.returncode == 2, result.stdout
    assert f"配置项 {key}: 未知的配置项" in result.stderr, result.stderr
    assert near in result.stderr


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ('[kiosk]\nidle_seconds = "30"', "kiosk.idle_seconds", "应为秒数"),
        ("[kiosk]\nticket_seconds = 601", "kiosk.ticket_seconds", "应在 3 到 600 秒之间，实际是 601"),
        ("[kiosk]\nstaff_pin = 731904", "kiosk.staff_pin", '请加引号：staff_pin = "731904"'),
        ('[kiosk]\nstaff_pin = "12ab"', "kiosk.staff_pin", "应为 4 到 12 位数字"),
        ('[kiosk]\nleader_service = "Z"', "kiosk.leader_service", "未定义的业务代码 'Z'"),
        ("[display]\nvoice = 1", "display.voice", "应为 true 或 false"),
        ("[display]\nrecent_calls = 21", "display.recent_calls", "应在 0 到 20 之间，实际是 21"),
        ('[display]\nvoice_command = ["say"]', "display.voice_command", "须包含 {text}"),
        ("[serve]\nport = 0", "serve.port", "应在 1 到 65535 之间"),
        ('[serve]\nroles = ["kiosk"]', "serve.roles", "中的一项或几项"),
        ('[serve]\npublic_url = "hall.local"', "serve.public_url", "http://"),
        ("[devices.card_reader]\nbaud = 4800", "devices.card_reader.baud", "之一，实际是 4800"),
        ("[devices.card_reader]\npoll_interval = 11", "devices.card_reader.poll_interval", "秒之间"),
        ('[devices.scanner]\nkind = "serial"', "devices.scanner.port", "串口扫码枪需要设置 port"),
        ('[devices.printer]\nkind = "bluetooth"', "devices.printer.kind", "之一，实际是 'bluetooth'"),
        ("[devices.printer]\npaper_width = 76", "devices.printer.paper_width", "58 | 80"),
        ('[devices.printer]\nkind = "usb"\nvendor_id = 0x0416', "devices.printer.product_id", "产品号"),
        ('[devices.printer]\nkind = "network"\nhost = "10.0.0.5"\nport = "9100"', "devices.printer.port", "整数"),
        ("[devices.printer]\ncut = 1", "devices.printer.cut", "应为 true 或 false"),
        ('[devices]\nprinter = "usb"', "devices.printer", "应为一个表"),
        ('kiosk = "on"', "kiosk", "应为一个表"),
        ('hall_name = 3', "hall_name", "请加引号"),
        ("no_show_requeues = 2.5", "no_show_requeues", "应为整数"),
        ('[[windows]]\nnumber = 1\nservices = ["A"]\n[[windows]]\nnumber = 1\nservices = ["B"]',
         "windows[1].number", "窗口号 1 重复"),
    ],
)
def test_wrong_types_and_ranges_are_refused_in_chinese(tmp_path, text, key, problem):
    with pytest.raises(ConfigError) as refused:
        load_config(write(tmp_path, text))
    assert refused.value.key == key
    assert problem in refused.value.problem, refused.value.problem


def test_a_wrong_value_in_a_front_end_section_stops_any_command(tmp_path):
    config = write(tmp_path, "[display]\nrecent_calls = 100\n")
    result = run_cli("--db", str(tmp_path / "h.db"), "--config", str(config), "status")
    assert result.returncode == 2
    assert "配置错误" in result.stderr and "display.recent_calls: 应在 0 到 20 之间" in result.stderr


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_shipped_configs_load_with_no_error(path):
    config = load_config(path)
    assert config.source == str(path)
    assert {s.code for s in config.services} >= {config.kiosk.individual_service, config.kiosk.leader_service}


def test_no_file_and_an_empty_file_give_the_same_defaults():
    assert parse_config({}) == HallConfig() == load_config(None)


def test_values_come_back_typed():
    config = parse_config({
        "kiosk": {"idle_seconds": 30, "staff_pin": " 0731 "},
        "display": {"voice_command": ["say", "{text}"]},
        "serve": {"public_url": "https://hall.example/", "roles": ["display"]},
        "devices": {"printer": {"kind": "usb", "vendor_id": "0416", "product_id": 0x5011}},
    })
    assert config.kiosk.idle_seconds == 30.0 and isinstance(config.kiosk.idle_seconds, float)
    assert config.kiosk.staff_pin == "0731"
    assert config.display.voice_command == ("say", "{text}")
    assert config.serve.url == "https://hall.example" and config.serve.roles == ("display",)
    assert (config.devices.printer.vendor_id, config.devices.printer.product_id) == (0x0416, 0x5011)
