"""The counter page in Chromium at 1920x1080 through `reception serve` (issue 17):
a clerk logs in in the browser and sees the queue, the status line with the
kiosk's printer, and every main key of the footer, nothing cut off."""

from __future__ import annotations

import shutil

import pytest

from reception.config import load_config
from reception.queue import device_states
from reception.queue.accounts import Accounts
from reception.queue.db import connect
from reception.queue.hall import Hall
from tests.helpers import walk_in

pytest.importorskip("textual_serve")
pytest.importorskip("aiohttp")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed"),
]

MAIN_KEYS = ("n 叫号", "r 重呼", "s 开始", "g 登记", "f 结束接待", "x 过号", "t 转办", "? 帮助", "Ctrl+L 退出登录")


def test_the_counter_page_at_1080p_shows_the_queue_and_every_main_key(tmp_path):
    from PIL import Image

    from tests.serve.browser import Driven, start_serve, wait_for_http
    from tests.serve.screen import screen_lines

    db, config_file = tmp_path / "hall.db", tmp_path / "hall.toml"
    config_file.write_text("[hours]\nalways = true\n", encoding="utf-8")  # open at any test hour
    hall = Hall(connect(db), load_config(config_file))
    Accounts(hall.db, hall.clock).add("liuyang", "counter pass 1", "staff", "刘洋")
    for n in range(1, 4):
        walk_in(hall, n)
    with hall.db.conn:
        device_states.report(hall.db, "kiosk", "printer", False, "打印机缺纸", hall.clock.stamp())
    hall.db.conn.close()

    def text(output: bytes) -> str:
        return "\n".join(screen_lines(output))

    log_in = [("wait", 2), ("click", (960, 540)), ("focus", None), ("wait", 0.5), ("text", "liuyang"), ("key", "Enter"),
              ("wait", 0.3), ("text", "counter pass 1"), ("key", "Enter")]
    server, port = start_serve(str(db), tmp_path, "--config", str(config_file))
    browser = None
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        browser = Driven()
        output = browser.drive(
            f"http://127.0.0.1:{port}/counter/1",
            [(lambda o: "密码" in text(o), log_in),
             (lambda o: "退出登录" in text(o), [("full size", None), ("wait", 2)])],
            lambda o: "A003" in text(o) and "退出登录" in text(o) and "打印机缺纸" in text(o),
            timeout=90, screenshot=tmp_path / "counter.png",
        )
    finally:
        if browser is not None:
            browser.close()
        server.terminate()
        server.wait(10)
    lines = screen_lines(output)
    page = "\n".join(lines)
    assert "1号窗口  ·  刘洋（接待人员）" in page
    assert "等候队列（3 人）  全天接待" in page
    assert all(number in page for number in ("A001", "A002", "A003"))
    footer = next(line for line in lines if line.startswith("n 叫号"))
    for key in MAIN_KEYS:
        assert key in footer, (key, footer)
    assert "自助机打印机：打印机缺纸（" in page and "起）" in page
    image = Image.open(tmp_path / "counter.png").convert("RGB")
    assert image.size == (1920, 1080)
    # the page is drawn to its bottom: the footer's key letters are painted there
    bottom = [image.getpixel((x, y)) for x in range(0, 600, 2) for y in range(1050, 1080, 2)]
    assert len(set(bottom)) > 3, "nothing drawn at the bottom of the page: the footer is cut off"
