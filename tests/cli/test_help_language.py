"""`reception --help` and every subcommand's help speak Chinese, argparse's own
words included, as everything else the CLI prints does (issue 19, item 4).

The rule for our own texts: every help and description has at least one Chinese
character. Names that are names (SQLite, TOML, ESC/POS, option names, config
keys) may stand inside a Chinese sentence; an all-English text may not.
"""

from __future__ import annotations

import argparse
import re
import unicodedata

import pytest

from reception.cli import ChineseArgumentParser, build_parser
from tests.helpers import run_cli

CJK = re.compile(r"[\u4e00-\u9fff]")
# argparse's English, as its help and usage print it.
ARGPARSE_WORDS = re.compile(
    r"usage|positional arguments|optional arguments|options|show this help|subcommands", re.IGNORECASE
)


def all_parsers() -> list[tuple[str, argparse.ArgumentParser, dict[str, str]]]:
    """Every parser of the tree, with the help its parent lists for each subcommand."""
    found = []

    def walk(parser: argparse.ArgumentParser) -> None:
        listed: dict[str, str] = {}
        children = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                listed = {choice.dest: choice.help for choice in action._choices_actions}
                children = list(action.choices.values())
        found.append((parser.prog, parser, listed))
        for child in children:
            walk(child)

    walk(build_parser())
    return found


PARSERS = all_parsers()
IDS = [prog for prog, _, _ in PARSERS]


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_the_tree_is_walked_to_its_leaves():
    progs = set(IDS)
    for prog in ("reception", "reception user add", "reception schedule import", "reception appointment add",
                 "reception printer show", "reception reader simulate", "reception card read"):
        assert prog in progs
    assert len(progs) >= 35


@pytest.mark.parametrize(("prog", "parser", "listed"), PARSERS, ids=IDS)
def test_help_has_no_english_of_argparse(prog, parser, listed):
    assert isinstance(parser, ChineseArgumentParser)  # subparsers inherit the class
    text = parser.format_help()
    assert text.startswith(f"用法：{prog}")
    assert "显示本帮助并退出" in text and "\n选项：\n" in text
    for line in text.splitlines():
        assert not ARGPARSE_WORDS.search(line), line
    assert not ARGPARSE_WORDS.search(parser.format_usage())


@pytest.mark.parametrize(("prog", "parser", "listed"), PARSERS, ids=IDS)
def test_every_help_and_description_is_chinese(prog, parser, listed):
    texts = {f"{prog} {name}": text for name, text in listed.items()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue  # its subcommands' helps are `listed`
        texts[f"{prog} {'/'.join(action.option_strings) or action.dest}"] = action.help
    if parser.description is not None:
        texts[f"{prog} (description)"] = parser.description
    if parser.epilog is not None:
        texts[f"{prog} (epilog)"] = parser.epilog
    for where, text in texts.items():
        assert text and CJK.search(text), f"{where}: {text!r}"


@pytest.mark.parametrize(("prog", "parser", "listed"), PARSERS, ids=IDS)
def test_help_fits_an_80_column_terminal(monkeypatch, prog, parser, listed):
    """Wrapped by terminal columns, a Chinese character taking two (argparse
    counts one): lines would run half as long again past the edge otherwise."""
    monkeypatch.setenv("COLUMNS", "80")
    for line in parser.format_help().splitlines():
        assert columns(line) <= 78, line


def test_help_texts_start_in_one_column_after_chinese_metavars(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = dict((prog, parser) for prog, parser, _ in PARSERS)["reception issue"].format_help()
    starts = set()
    for option, said in (("-h, --help", "显示本帮助并退出"), ("--service 业务代码", "业务代码，如 A"),
                         ("--name 姓名", "来访人姓名")):
        line = next(line for line in text.splitlines() if line.strip().startswith(option))
        starts.add(columns(line[: line.index(said)]))
    assert len(starts) == 1, text


def test_reception_help_as_a_technician_runs_it():
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("用法：reception [-h] [--db 文件] [--config 文件] [--actor 操作人] <命令> ...")
    for said in ("选项：", "显示本帮助并退出", "命令：", "SQLite 数据库文件", "排队叫号系统",
                 "工作人员代为取号", "各命令的用法：reception <命令> --help"):
        assert said in out
    assert not ARGPARSE_WORDS.search(out)


def test_user_add_help_as_a_technician_runs_it():
    result = run_cli("user", "add", "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("用法：reception user add")
    for said in ("位置参数：", "用户名", "选项：", "--role {staff,leader,admin}", "角色：staff 工作人员",
                 "--password-stdin", "从标准输入的第一行读取密码"):
        assert said in out
    assert not ARGPARSE_WORDS.search(out)


def test_a_refusal_shows_the_usage_in_chinese(tmp_path):
    result = run_cli("--db", str(tmp_path / "h.db"), "call", "--window", "x")
    assert result.returncode == 2
    assert result.stderr.startswith("用法：reception call")
    assert "reception call：错误：参数 --window：'x' 不是有效的整数（用 --help 查看用法）" in result.stderr
    assert not ARGPARSE_WORDS.search(result.stderr)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("user", "add"), "缺少必需的参数：用户名、--name、--role"),
        (("appointment", "add", "--d", "1"), "选项 --d 不明确，可能是：--date、--doc-type"),
        (("schedule",), "缺少必需的参数：<操作>"),
    ],
)
def test_more_refusals_of_argparse_in_chinese(args, said, capsys):
    with pytest.raises(SystemExit) as exit:
        build_parser().parse_args(list(args))
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert said in err and not ARGPARSE_WORDS.search(err)
