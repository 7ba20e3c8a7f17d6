"""The files in deploy/ are what a technician installs: they must be right."""

import configparser
import re
import shlex
from pathlib import Path

import pytest

from reception.cli import build_parser
from reception.config import load_config
from reception.devices.printer.settings import printer_settings
from reception.kiosk.settings import kiosk_settings
from reception.devices.idcard.settings import card_reader_settings
from reception.devices.scanner import scanner_settings
from tests.helpers import REPO_ROOT, run_cli

DEPLOY = REPO_ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("reception-*.*"))


def test_example_config_passes_every_section_check():
    config = load_config(DEPLOY / "hall.example.toml")
    assert config.representative_limit == 3
    assert kiosk_settings(config).staff_pin != "0000"
    printer_settings(config)
    assert card_reader_settings(config).port == "/dev/reception-idcard"
    assert scanner_settings(config).kind == "keyboard"
    assert config.display.notice
    served = config.serve
    assert served.host == "192.168.1.10"
    assert served.url == "http://192.168.1.10:8080"  # pages embed a reachable address (issue 16)
    assert "public_url" in (DEPLOY / "README.md").read_text(encoding="utf-8")


def test_example_config_is_accepted_by_the_cli(tmp_path):
    result = run_cli("--db", str(tmp_path / "h.db"), "--config", str(DEPLOY / "hall.example.toml"), "status")
    assert result.returncode == 0, result.stderr


def parse_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_units_parse_and_name_real_commands(unit):
    parsed = parse_unit(unit)
    assert parsed.has_section("Unit")
    if unit.suffix == ".timer":
        assert parsed.get("Timer", "OnCalendar")
        assert (unit.with_suffix(".service")).exists()
        return
    exec_start = parsed.get("Service", "ExecStart")
    words = shlex.split(exec_start)
    assert words[0].startswith("/")
    if "reception" in " ".join(words):
        subcommands = set(next(a for a in build_parser()._actions if a.dest == "command").choices)
        binary = next(i for i, w in enumerate(words) if w.endswith("/reception"))
        assert words[binary + 1] in subcommands, exec_start
    if parsed.get("Service", "Type", fallback="simple") != "oneshot":
        assert parsed.get("Service", "Restart") == "always"


def test_udev_rules_are_well_formed():
    rules = [
        line for line in (DEPLOY / "udev" / "99-reception.rules").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules
    for rule in rules:
        for clause in (c.strip() for c in rule.split(",")):
            assert re.fullmatch(r'[A-Z]+(\{[a-zA-Z]+\})?(==|\+=|=)"[^"]*"', clause), clause
    assert any('SYMLINK+="reception-idcard"' in r for r in rules)
    assert any('SYMLINK+="reception-printer"' in r for r in rules)


def readme_commands() -> list[str]:
    """Every line of the install guide's shell blocks that runs `reception`."""
    text = (DEPLOY / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines()
            if re.search(r"(^|bin/)reception\s", line)]


def test_the_guide_runs_reception_as_its_account_on_the_hall_database():
    """Run as root without RECEPTION_DB, `reception` silently uses root's own empty database."""
    commands = readme_commands()
    assert len(commands) >= 8
    for line in commands:
        assert re.match(r"sudo -E -u (reception|kiosk) /opt/reception/\.venv/bin/reception ", line), line


def unit_commands() -> list[str]:
    """Every ExecStart*/ExecStop* line of the units that runs `reception` (a oneshot may
    have several ExecStart lines; configparser would keep only the last)."""
    return [line.split("=", 1)[1] for unit in UNITS for line in unit.read_text(encoding="utf-8").splitlines()
            if line.startswith("Exec") and "bin/reception " in line]


@pytest.mark.parametrize("line", readme_commands() + unit_commands() + [
    line.split("Check it with:", 1)[1]
    for line in (DEPLOY / "hall.example.toml").read_text(encoding="utf-8").splitlines()
    if "Check it with:" in line
])
def test_every_command_in_the_guide_has_real_options(line):
    words = shlex.split(line)
    start = next(i for i, w in enumerate(words)
                 if w.endswith("bin/reception") or (i == 0 and w == "reception"))
    try:
        build_parser().parse_args(words[start + 1:])
    except SystemExit:
        pytest.fail(f"not a valid command line: {line}")


def test_the_guide_keeps_the_config_with_the_staff_pin_from_other_users():
    text = (DEPLOY / "README.md").read_text(encoding="utf-8")
    copy = text.index("cp /opt/reception/deploy/hall.example.toml /etc/reception/config.toml")
    assert "chmod 0640 /etc/reception/config.toml" in text[copy:copy + 300]
    assert "chgrp reception /etc/reception/config.toml" in text[copy:copy + 300]
