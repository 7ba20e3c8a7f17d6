"""What a newcomer meets when the command line, a file or the hall is not
right: a Chinese sentence saying what to do, never a Python traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.helpers import REPO_ROOT, run_cli


def refused(result: subprocess.CompletedProcess, code: int = 1) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("status", "--bogus"), "reception：错误：无法识别的参数：--bogus"),
        (("schedule", "list", "--days"), "参数 --days 后面需要一个值"),
        (("appointment", "cancel", "abc"), "参数 预约编号：'abc' 不是有效的整数"),
        (("nosuch",), "没有 'nosuch' 这一项"),
    ],
)
def test_a_wrong_command_line_is_refused_in_chinese_with_where_to_look(tmp_path, args, said):
    # More cases, of the counter's and leader's options: tests/counter/test_counter_cli.py
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), *args), code=2)
    assert said in stderr and "--help" in stderr
    assert "error:" not in stderr


def test_output_cut_short_by_a_pipe_ends_quietly(tmp_path):
    # `reception printer profiles | head -1`: the reader goes away first.
    read, write = os.pipe()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    os.close(read)
    process = subprocess.run(
        [sys.executable, "-m", "reception", "--db", str(tmp_path / "h.db"), "printer", "profiles"],
        stdout=write, stderr=subprocess.PIPE, text=True, env=env, timeout=60,
    )
    os.close(write)
    assert "Traceback" not in process.stderr and "BrokenPipe" not in process.stderr
    assert process.returncode == 141


def test_user_add_without_a_terminal_says_to_use_password_stdin(tmp_path):
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), "user", "add", "liuyang",
                             "--name", "刘洋", "--role", "staff", input_text=""))
    assert "--password-stdin" in stderr
    assert "liuyang" not in run_cli("--db", str(tmp_path / "h.db"), "user", "list").stdout


def test_full_number_without_a_terminal_says_to_use_password_stdin(tmp_path):
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), "card", "read", "--port", os.devnull,
                             "--full-number", "--admin", "root", input_text=""))
    assert "--password-stdin" in stderr


def test_a_directory_given_as_the_config_is_named(tmp_path):
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), "--config", str(tmp_path), "status"), code=2)
    assert f"配置错误：{tmp_path}" in stderr and "这是一个目录，不是配置文件" in stderr


@pytest.fixture
def busy_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_serve_on_a_port_in_use_is_refused_in_chinese(tmp_path, busy_port):
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), "serve", "--port", str(busy_port), timeout=30))
    assert f"端口 {busy_port} 已被占用" in stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--port", "99999"), "--port 应为 1 到 65535 之间的端口号"),
        (("--port", "0"), "--port 应为 1 到 65535 之间的端口号"),
        (("--host", "192.0.2.77", "--port", "18099"), "本机没有地址 192.0.2.77"),
        (("--host", "no-such-host.invalid"), "无法识别地址 no-such-host.invalid"),
    ],
)
def test_serve_on_an_address_it_cannot_have_is_refused_in_chinese(tmp_path, args, said):
    assert said in refused(run_cli("--db", str(tmp_path / "h.db"), "serve", *args, timeout=30))


def test_a_leader_account_before_the_schedule_names_the_leader_says_what_to_do_first(tmp_path):
    # README's example `user add lijianguo ... --leader 李建国` on a fresh hall.
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), "user", "add", "lijianguo", "--name", "李建国",
                             "--role", "leader", "--leader", "李建国", "--password-stdin",
                             input_text="leader pass 1\n"))
    assert "没有名为 李建国 的接访领导" in stderr and "reception schedule import" in stderr


def test_init_where_the_config_cannot_be_written_says_so(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), "--config", str(blocker / "c.toml"), "init"))
    assert f"无法写入示例配置 {blocker / 'c.toml'}" in stderr


def test_init_with_a_directory_as_the_config_names_the_file_to_give(tmp_path):
    stderr = refused(run_cli("--db", str(tmp_path / "h.db"), "--config", str(tmp_path), "init"))
    assert f"--config 应给出配置文件，如 {tmp_path / 'config.toml'}" in stderr


def run_in_a_terminal(*args: str, typed: bytes, tmp_path) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal, type after the first question, return what showed."""
    import pty
    import select
    import time

    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "reception", *args], stdin=slave, stdout=slave,
                               stderr=slave, start_new_session=True, env=env, cwd=tmp_path)
    os.close(slave)
    shown = b""

    def read_until(done, seconds: float) -> None:
        nonlocal shown
        end = time.monotonic() + seconds
        while time.monotonic() < end and not done():
            if select.select([master], [], [], 0.1)[0]:
                try:
                    shown += os.read(master, 4096)
                except OSError:  # the process ended
                    return

    read_until(lambda: "：".encode() in shown, 30)
    os.write(master, typed)
    read_until(lambda: process.poll() is not None, 10)
    process.wait(10)
    os.close(master)
    return process.returncode, shown.decode()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("user", "add", "zz", "--name", "乙", "--role", "staff"), "没有输入密码，未做任何改动"),
    ],
)
def test_ctrl_d_at_a_question_ends_the_line_and_says_nothing_changed(tmp_path, args, said):
    code, shown = run_in_a_terminal("--db", str(tmp_path / "h.db"), *args, typed=b"\x04", tmp_path=tmp_path)
    assert code == 1 and "Traceback" not in shown
    assert f"\n{said}" in shown.replace("\r\n", "\n")  # on a line of its own, not after the prompt


def test_ctrl_d_at_the_restore_question_changes_nothing(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    assert run_cli("--db", db, "backup", str(tmp_path / "b.db")).returncode == 0
    code, shown = run_in_a_terminal("--db", db, "restore", str(tmp_path / "b.db"), typed=b"\x04", tmp_path=tmp_path)
    assert code == 1 and "Traceback" not in shown
    assert "[y/N] \n没有读到输入，未做任何改动" in shown.replace("\r\n", "\n")
    assert not list(tmp_path.glob("reception-before-restore-*"))
