"""`reception ticket print` and `reception printer ...`, run as a technician would."""

from __future__ import annotations

from pathlib import Path

from reception.devices.printer.decode import decode
from tests.helpers import run_cli, walk_in

from .conftest import native_qr_payloads


def _config(tmp_path: Path, **printer) -> Path:
    keys = {"kind": "preview", "preview_dir": str(tmp_path / "preview"), "qr": "native", **printer}
    body = "\n".join(f"{k} = {v!r}".replace("'", '"') for k, v in keys.items())
    path = tmp_path / "config.toml"
    path.write_text(f'hall_name = "测试市信访局来访接待大厅"\n[devices.printer]\n{body}\n', encoding="utf-8")
    return path


def test_ticket_print_to_file_writes_the_printer_bytes(hall, db_path, tmp_path):
    result = walk_in(hall, 1)
    ticket = result.ticket
    config = _config(tmp_path)
    out = tmp_path / "a.bin"
    done = run_cli("--db", str(db_path), "--config", str(config),
                   "ticket", "print", ticket.number.lower(), "--day", ticket.hall_day, "--to", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    decoded = decode(data)
    assert decoded.problems == []
    assert native_qr_payloads(data) == [ticket.query_code.encode()]
    assert decoded.lines[0].text == "【补打凭条】"
    assert ticket.number in decoded.text and "测试市信访局来访接待大厅" in decoded.text
    assert "来访人1" not in decoded.text and "DOC000001" not in decoded.text
    # The same bytes go to the printer: print it to the preview target and compare.
    printed = run_cli("--db", str(db_path), "--config", str(config),
                      "ticket", "print", ticket.number, "--day", ticket.hall_day)  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    [job] = list((tmp_path / "preview").glob("*.bin"))
    assert job.read_bytes() == data
    assert hall.get_ticket(ticket.id).printed_at is not None
    assert [e.action for e in hall.events_for(ticket.id)][-1] == "reprint"


def test_ticket_print_failure_is_recorded_and_refused(hall, db_path, tmp_path):
    ticket = walk_in(hall, 2).ticket
    config = _config(tmp_path, simulate="paper_out")
    done = run_cli("--db", str(db_path), "--config", str(config),
                   "ticket", "print", ticket.number, "--day", ticket.hall_day)  # fmt: skip
    assert done.returncode == 1
    assert f"{ticket.number} 号凭条未能打印：打印机缺纸。请装入新纸卷并合上纸仓盖" in done.stderr
    assert f"处理后重新运行：reception ticket print {ticket.number} --day {ticket.hall_day}" in done.stderr
    assert "缺纸" in hall.get_ticket(ticket.id).print_error
    status = run_cli("--db", str(db_path), "--config", str(config), "printer", "status")
    assert status.returncode == 1 and "打印机缺纸。请装入新纸卷" in status.stdout


def test_ticket_print_unknown_number_and_bad_day(hall, db_path, tmp_path):
    config = _config(tmp_path)
    done = run_cli("--db", str(db_path), "--config", str(config), "ticket", "print", "Z999", "--to", "-")
    assert done.returncode == 1 and "没有" in done.stderr
    done = run_cli("--db", str(db_path), "--config", str(config), "ticket", "print", "A001", "--day", "11/25")
    assert done.returncode == 1 and "YYYY-MM-DD" in done.stderr


def test_bad_printer_config_names_the_key(db_path, tmp_path):
    config = _config(tmp_path, kind="network")
    done = run_cli("--db", str(db_path), "--config", str(config), "printer", "status")
    assert done.returncode == 2
    assert "devices.printer.host" in done.stderr


def test_printer_status_test_page_and_show(db_path, tmp_path):
    config = _config(tmp_path)
    status = run_cli("--db", str(db_path), "--config", str(config), "printer", "status")
    assert status.returncode == 0 and "打印机正常" in status.stdout
    assert len(status.stdout.strip().splitlines()) == 1  # the target once, not twice
    page = tmp_path / "test.bin"
    assert run_cli("--config", str(config), "printer", "test", "--to", str(page)).returncode == 0
    png = tmp_path / "test.png"
    shown = run_cli("--config", str(config), "printer", "show", str(page), "--png", str(png))
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "打印机测试页" in shown.stdout and "[二维码 TEST0123456789]" in shown.stdout
    assert png.stat().st_size > 1000
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x1b\x40\xb2\xe2\x1d")
    shown = run_cli("--config", str(config), "printer", "show", str(garbage))
    assert shown.returncode == 1 and "中文模式" in shown.stdout
    profiles = run_cli("printer", "profiles")
    assert "POS-5890" in profiles.stdout and "图像二维码" in profiles.stdout


def test_kiosk_refuses_a_bad_printer_config_before_starting(db_path, tmp_path):
    config = _config(tmp_path, qr="sometimes")
    done = run_cli("--db", str(db_path), "--config", str(config), "kiosk", timeout=30)
    assert done.returncode == 2
    assert "devices.printer.qr" in done.stderr


def test_a_hall_name_in_the_config_outside_gb18030_prints_with_visible_replacements(hall, db_path, tmp_path):
    ticket = walk_in(hall, 3).ticket
    config = _config(tmp_path)
    body = config.read_text(encoding="utf-8").replace("测试市信访局来访接待大厅", "𠮷家镇来访接待大厅😀")
    config.write_text(body, encoding="utf-8")
    out = tmp_path / "t.bin"
    done = run_cli("--db", str(db_path), "--config", str(config),
                   "ticket", "print", ticket.number, "--day", ticket.hall_day, "--original", "--to", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    decoded = decode(out.read_bytes())
    assert decoded.problems == []  # no 4-byte GB18030 code reached the printer
    assert decoded.lines[0].text == "□家镇来访接待大厅□"
