"""The top README is what a newcomer follows first: its command lines must run."""

from __future__ import annotations

import re
import shlex

import pytest

from reception.cli import build_parser
from tests.helpers import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


# Backticked in headings to name a group of commands, not to be run as they are.
GROUP_NAMES = {"reception printer", "reception ticket print"}


def shown_commands() -> list[str]:
    """Every `reception ...` line of an indented or fenced block, and every
    `reception ...` in backticks, with [optional parts] dropped and N a window."""
    lines = []
    fenced = False
    for line in README.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif re.match(r"^    (\.venv/bin/)?reception ", line) or (fenced and line.startswith("reception ")):
            lines.append(line.split("#", 1)[0].strip())
    lines += re.findall(r"`((?:\.venv/bin/)?reception [^`]+)`", README)
    cleaned = set()
    for line in lines:
        line = re.sub(r"\[[^\]]*\]", "", line)  # [--day YYYY-MM-DD], [--json]
        line = re.sub(r"\bN\b", "3", line)  # --window N
        line = " ".join(line.split())
        if "<command>" not in line and line not in GROUP_NAMES:
            cleaned.add(line)
    return sorted(cleaned)


def test_the_readme_shows_many_commands():
    assert len(shown_commands()) >= 25


@pytest.mark.parametrize("line", shown_commands())
def test_every_command_the_readme_shows_has_real_options(line):
    words = shlex.split(line)
    try:
        build_parser().parse_args(words[1:])
    except SystemExit as exit:
        if exit.code != 0:  # --help exits 0
                pytest.fail(f"not a valid command line: {line}")


def test_the_readme_test_command_is_exactly_what_ci_runs():
    heading = README.index("**Set up and run the tests**")
    shown = README[heading:].split("\n\n", 2)[1].strip()
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert shown == ci


def test_the_readme_first_command_starts_the_kiosk_from_a_fresh_venv():
    heading = README.index("**Start the kiosk on a fresh machine**")
    shown = README[heading:].split("\n\n", 2)[1].strip()
    assert shown == "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/reception kiosk"
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'reception = "reception.cli:main"' in pyproject
