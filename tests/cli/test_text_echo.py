"""The CLI never writes a control character to the terminal: stored or typed text
holding one is echoed escaped (ESC as \\x1b), visibly."""

from __future__ import annotations

import sqlite3

from tests.helpers import run_cli

OSC = "\x1b]2;pwned\x1b\\"
PASSWORD = "correct horse 1\n"


def test_a_display_name_with_an_escape_sequence_is_stored_and_echoed_without_it(tmp_path):
    db = str(tmp_path / "h.db")
    added = run_cli("--db", db, "user", "add", "liuyang", "--name", f"刘{OSC}洋\u202e", "--role", "staff",
                    "--password-stdin", input_text=PASSWORD)
    assert added.returncode == 0, added.stderr
    assert "刘]2;pwned\\洋" in added.stdout and "\x1b" not in added.stdout and "\u202e" not in added.stdout


def test_text_stored_before_the_rule_is_listed_escaped(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "user", "add", "liuyang", "--name", "刘洋", "--role", "staff",
            "--password-stdin", input_text=PASSWORD)
    with sqlite3.connect(db) as conn:  # as an older version may have stored it
        conn.execute("UPDATE users SET display_name = ?", (f"刘{OSC}洋\u202e\t\n",))
    listed = run_cli("--db", db, "user", "list")
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\u202e" not in listed.stdout
    assert listed.stdout.split("\t")[1] == "刘\\x1b]2;pwned\\x1b\\洋\\u202e\\t\\n"


def test_a_typed_argument_quoted_in_a_refusal_is_escaped(tmp_path):
    db = str(tmp_path / "h.db")
    refused = run_cli("--db", db, "user", "disable", "x\x1b[2J\x9b")
    assert refused.returncode == 1
    assert "\x1b" not in refused.stderr and "\x9b" not in refused.stderr
    assert "x\\x1b[2J\\x9b" in refused.stderr
