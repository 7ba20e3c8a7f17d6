"""`reception card read` and `reception reader simulate`, run as a technician would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reception.devices.idcard.reader import CardReader, ReaderError
from reception.queue import audit
from reception.queue.accounts import Accounts
from tests.helpers import REPO_ROOT, run_cli
from tests.idcard.conftest import fast_settings


def _read(sim, *args, db_path=None, config=None, input_text=None, timeout="3"):
    extra = []
    if db_path is not None:
        extra += ["--db", str(db_path)]
    if config is not None:
        extra += ["--config", str(config)]
    port = [] if "--no-port" in args else ["--port", sim.path]
    args = tuple(a for a in args if a != "--no-port")
    return run_cli(*extra, "card", "read", *port, "--timeout", timeout, *args, input_text=input_text)


def test_card_read_prints_the_fields_with_the_number_masked(sim, db_path):
    sim.place(0)
    done = _read(sim, db_path=db_path)
    assert done.returncode == 0, done.stderr
    assert "张三" in done.stdout and "北京市朝阳区建国路1号" in done.stdout
    assert "1101**********0038" in done.stdout
    assert "110105194912310038" not in done.stdout + done.stderr
    assert "1024 字节（未解码）" in done.stdout


def test_card_read_json_is_masked_too(sim, db_path):
    sim.place(5)
    done = _read(sim, "--json", db_path=db_path)
    assert done.returncode == 0, done.stderr
    fields = json.loads(done.stdout)
    assert fields["doc_type"] == "港澳台居民居住证" and fields["number"] == "8100**********0014"
    assert fields["pass_number"] != "H12345678" and fields["photo_bytes"] == 1024
    assert fields["expired"] is False


def test_no_card_within_the_timeout_exits_non_zero_in_chinese(sim, db_path):
    done = _read(sim, db_path=db_path, timeout="0.5")
    assert done.returncode == 1
    assert "未读到证件" in done.stderr and "0.5 秒内没有读到证件" in done.stderr


def test_an_invalid_number_is_refused(sim, db_path):
    sim.place(4)
    done = _read(sim, db_path=db_path)
    assert done.returncode == 1 and "校验未通过" in done.stderr and "人工窗口登记" in done.stderr


def test_an_expired_card_is_read_with_a_warning(sim, db_path):
    sim.place(3)
    done = _read(sim, db_path=db_path)
    assert done.returncode == 0
    assert "已过期" in done.stderr and "2020-05-05" in done.stderr and "自助机不受理" in done.stderr


def test_a_missing_port_is_a_clear_message(tmp_path, db_path):
    done = run_cli("--db", str(db_path), "card", "read", "--port", str(tmp_path / "none"), "--timeout", "1")
    assert done.returncode == 1 and "无法打开读卡器串口" in done.stderr and "设备不存在" in done.stderr
    done = run_cli("--db", str(db_path), "card", "read", "--timeout", "1")
    assert done.returncode == 1 and "[devices.card_reader] port" in done.stderr


def test_the_port_and_baud_come_from_the_config(sim, db_path, tmp_path):
    config = tmp_path / "hall.toml"
    config.write_text(f'[devices.card_reader]\nport = "{sim.path}"\nbaud = 115200\n', encoding="utf-8")
    sim.place(1)
    done = _read(sim, "--no-port", db_path=db_path, config=config)
    assert done.returncode == 0, done.stderr
    assert "李秀英" in done.stdout
    config.write_text('[devices.card_reader]\nport = "/dev/ttyUSB0"\nbaud = 1200\n', encoding="utf-8")
    done = _read(sim, "--no-port", db_path=db_path, config=config)
    assert done.returncode == 2 and "devices.card_reader.baud" in done.stderr


def test_the_full_number_needs_an_admin_and_is_audited(sim, hall, db_path):
    accounts = Accounts(hall.db)
    accounts.add("root", "correct horse", "admin", "管理员甲")
    accounts.add("clerk", "battery staple", "staff", "接待员乙")
    sim.place(0)
    done = _read(sim, "--full-number", db_path=db_path)
    assert done.returncode == 1 and "--admin" in done.stderr
    done = _read(sim, "--full-number", "--admin", "clerk", "--password-stdin", db_path=db_path,
                 input_text="battery staple\n")  # fmt: skip
    assert done.returncode == 1 and "仅限管理员" in done.stderr
    done = _read(sim, "--full-number", "--admin", "root", "--password-stdin", db_path=db_path,
                 input_text="wrong password\n")  # fmt: skip
    assert done.returncode == 1 and "用户名或密码错误" in done.stderr
    done = _read(sim, "--full-number", "--admin", "root", "--password-stdin", db_path=db_path,
                 input_text="correct horse\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "110105194912310038" in done.stdout
    opened = [e for e in audit.entries(hall.db) if e.action == "card.doc_number.open"]
    assert [(e.actor, e.subject) for e in opened] == [("user:root", "card:1101**********0038")]


def test_reader_simulate_prints_its_port_serves_cards_and_stops_on_ctrl_c(tmp_path):
    cards = tmp_path / "cards.json"
    cards.write_text(json.dumps({"cards": [{"name": "[bold]赵六[/]", "gender": "女", "birth_date": "1949-12-31",
                                            "number": "11010519491231002X", "address": "测试路1号"}]},
                                ensure_ascii=False), encoding="utf-8")  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "reception", "reader", "simulate", "--cards", str(cards), "--fault", "noise"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    try:
        first = proc.stdout.readline()
        assert "串口：" in first, first + proc.stderr.read()
        port = first.split("串口：", 1)[1].strip()
        with CardReader(fast_settings(port)) as reader:
            card = reader.read_card(timeout=5)
        assert card.name == "[bold]赵六[/]" and card.gender == "女"
    finally:
        proc.send_signal(signal.SIGINT)
        out = first + proc.stdout.read()  # (communicate() would skip what readline buffered)
        proc.wait(timeout=10)
    assert proc.returncode == 0, proc.stderr.read()
    assert "注入故障：noise" in out and "已停止" in out
    assert not Path(port).exists()


def test_reader_simulate_refuses_a_bad_cards_file(tmp_path):
    cards = tmp_path / "cards.toml"
    cards.write_text('[[cards]]\ntype = "Z"\nname = "x"\n', encoding="utf-8")
    done = run_cli("reader", "simulate", "--cards", str(cards))
    assert done.returncode == 1 and "type 应为" in done.stderr
    done = run_cli("reader", "simulate", "--cards", str(tmp_path / "none.toml"))
    assert done.returncode == 1 and "无法读取模拟证件文件" in done.stderr


def test_the_kiosk_refuses_to_start_with_a_bad_reader_key(tmp_path, db_path):
    config = tmp_path / "hall.toml"
    config.write_text('[devices.card_reader]\nport = "/dev/reception-idcard"\nbuad = 9600\n', encoding="utf-8")
    done = run_cli("--db", str(db_path), "--config", str(config), "kiosk", timeout=30)
    assert done.returncode == 2 and "devices.card_reader.buad" in done.stderr


def test_a_silent_reader_is_reported_as_such_not_as_no_card(sim, db_path):
    sim.faults.add("no_answer")
    done = _read(sim, db_path=db_path, timeout="0.5")
    assert done.returncode == 1 and "读卡器无应答。请检查读卡器电源和连接线" in done.stderr


def test_a_card_pulled_at_every_read_says_so_and_what_to_do(sim, db_path):
    sim.faults.add("pull")
    sim.place(0)
    done = _read(sim, db_path=db_path, timeout="0.5")
    assert done.returncode == 1
    assert "未读到证件：读卡中途证件被拿开，请重新放置证件" in done.stderr


def test_a_sam_that_stays_broken_is_reported_with_what_to_do(sim, db_path):
    sim.faults.add("sam_fault")
    done = _read(sim, db_path=db_path, timeout="5")
    assert done.returncode == 1
    assert "安全模块自检失败，复位后仍未恢复" in done.stderr and "电源" in done.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [(("--baud", "1234"), "波特率应为 9600 / 19200 / 38400 / 57600 / 115200 之一，实际是 1234"),
     (("--timeout", "0"), "--timeout 应为正数"), (("--timeout", "-3"), "--timeout 应为正数")],
)  # fmt: skip
def test_bad_read_options_are_refused_in_chinese(sim, db_path, args, words):
    done = run_cli("--db", str(db_path), "card", "read", "--port", sim.path, *args)
    assert done.returncode == 1 and words in done.stderr
    assert sim.requests == []  # refused before the reader was asked anything


def test_reader_simulate_says_what_happened_to_each_card(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "reception", "reader", "simulate", "--fault", "pull", "--interval", "0.5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    try:
        first = proc.stdout.readline()
        port = first.split("串口：", 1)[1].strip()
        with CardReader(fast_settings(port)) as reader:
            with pytest.raises(ReaderError):  # every read is cut short
                reader.read_card(timeout=1.5)
    finally:
        proc.send_signal(signal.SIGINT)
        out = first + proc.stdout.read()
        proc.wait(timeout=10)
    assert "读卡中途被拿开（模拟故障 pull）" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--interval", "-1"), "--interval 应在 0.5 到 3600 秒之间"),
        (("--link", "/nonexistent-dir/reception-idcard"), "无法建立串口链接 /nonexistent-dir/reception-idcard"),
    ],
)
def test_reader_simulate_refuses_bad_options_in_chinese(tmp_path, args, words):
    # --interval -1 put a card on and lifted it again every second, forever.
    done = run_cli("--db", str(tmp_path / "h.db"), "reader", "simulate", *args, timeout=30)
    assert done.returncode == 1
    assert words in done.stderr and "Traceback" not in done.stderr
