"""Logs reach the journal and never draw over a full-screen app."""

import logging
import logging.handlers
import os
import sys

from reception import logs


def test_full_screen_apps_never_log_to_the_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "SYSLOG_SOCKET", str(tmp_path / "no-syslog"))
    monkeypatch.setenv("RECEPTION_LOG_DIR", str(tmp_path))
    for command in ("kiosk", "counter", "leader", "display"):
        handler = logs.setup_logging(command)
        assert isinstance(handler, logging.FileHandler)
        logging.getLogger("reception.test").warning("打印机缺纸")
        handler.flush()
        assert "打印机缺纸" in (tmp_path / f"{command}.log").read_text(encoding="utf-8")
    logs.setup_logging(None)


def test_other_commands_log_plain_lines_to_stderr(capsys):
    handler = logs.setup_logging("serve")
    assert isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr
    logs.setup_logging(None)


def test_full_screen_apps_use_the_system_log_when_there_is_one(tmp_path, monkeypatch):
    import socket

    path = tmp_path / "log.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    monkeypatch.setattr(logs, "SYSLOG_SOCKET", str(path))
    try:
        handler = logs.setup_logging("kiosk")
        assert isinstance(handler, logging.handlers.SysLogHandler)
        logging.getLogger("reception.test").warning("读卡器已断开")
        message = server.recv(4096).decode("utf-8")
        assert "reception-kiosk" in message and "读卡器已断开" in message
    finally:
        server.close()
        logs.setup_logging(None)


def test_an_unwritable_log_directory_falls_back_and_never_stops_the_app(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(logs, "SYSLOG_SOCKET", str(tmp_path / "no-syslog"))
    monkeypatch.setenv("RECEPTION_LOG_DIR", str(blocker / "logs"))  # cannot be a directory
    monkeypatch.setattr(logs, "data_dir", lambda: blocker / "data")
    monkeypatch.setattr(logs.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    handler = logs.setup_logging("kiosk")
    logging.getLogger("reception.test").warning("打印机缺纸")
    handler.flush()
    fallback = tmp_path / "tmp" / f"reception-{os.getuid()}" / "kiosk.log"
    assert "打印机缺纸" in fallback.read_text(encoding="utf-8")
    logs.setup_logging(None)
