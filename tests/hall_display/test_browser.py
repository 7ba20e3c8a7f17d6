"""The display in a browser at TV size (textual-serve + headless Chromium)."""

from __future__ import annotations

import shutil

import pytest

from reception.config import HallConfig
from reception.queue.db import connect
from reception.queue.hall import Hall
from tests.helpers import walk_in

pytest.importorskip("textual_serve")
pytest.importorskip("aiohttp")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed"),
]

CALL_YELLOW = (0xFF, 0xD5, 0x4F)  # #ffd54f: the called number and its frame


def test_the_called_number_fills_a_large_part_of_a_1080p_screen(tmp_path):
    from PIL import Image

    from tests.hall_display.browser import screenshot, serve

    db, config = tmp_path / "hall.db", tmp_path / "hall.toml"
    config.write_text('hall_name = "浏览器测试大厅"\n', encoding="utf-8")
    hall = Hall(connect(db), HallConfig(hall_name="浏览器测试大厅"))
    for n in range(1, 4):
        walk_in(hall, n)
    hall.call_next(3, "staff")
    hall.db.conn.close()
    server, port = serve(db, config, tmp_path)
    try:
        png = screenshot(f"http://127.0.0.1:{port}/?fontsize=32", tmp_path / "tv.png", wait=8)
    finally:
        server.terminate()
        server.wait(10)
    image = Image.open(png).convert("RGB")
    assert image.size == (1920, 1080)
    yellow = [
        (x, y)
        for x in range(0, 1920, 4)
        for y in range(0, 1080, 4)
        if all(abs(a - b) < 40 for a, b in zip(image.getpixel((x, y)), CALL_YELLOW))
    ]
    assert yellow, "the display was not drawn in the browser"
    # Between the title bar and the notice bar (also yellow), the yellow is the
    # called number and its thin frame: solid dots make it a large area, and
    # the number stands at least 150 px tall (legible from across a hall).
    middle = [(x, y) for x, y in yellow if 60 < y < 1000]
    assert len(middle) * 16 > 1920 * 1080 * 0.015
    rows = sorted({y for _, y in middle})
    assert rows[-1] - rows[0] >= 150
    png.replace(tmp_path / "kept.png")  # for a person to look at when it fails


def test_on_the_tv_a_call_from_a_counter_replaces_the_number_and_nothing_is_cut_off(tmp_path):
    """The TV's own setting (deploy/systemd/reception-tv.service: ?fontsize=40, about 78x22),
    with today's leaders published and a call made at a counter while the page is up."""
    import os
    import subprocess
    import sys

    from reception.queue.clock import Clock
    from tests.hall_display.browser import serve
    from tests.helpers import REPO_ROOT
    from tests.schedule.sheets import write_csv
    from tests.serve.browser import Browser
    from tests.serve.screen import big_texts, screen_lines

    db, config = tmp_path / "hall.db", tmp_path / "hall.toml"
    config.write_text('hall_name = "浏览器测试大厅"\n[display]\npage_seconds = 3\n', encoding="utf-8")
    hall = Hall(connect(db), HallConfig(hall_name="浏览器测试大厅"))
    today = Clock(hall.config.tz).hall_day()
    rows = [
        [today, "", "王建国", "副县长", "城乡建设、交通运输", "00:00-23:59", "第一接待室", "定点", "10"],
        [today, "", "李红梅", "县委常委、政法委书记", "政法、社会治理、信访", "00:00-23:59", "第二接待室", "预约", "5"],
    ]
    hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    for n, name in enumerate(("张三丰", "李四光", "王五"), start=1):
        walk_in(hall, n)
        hall.db.execute("UPDATE persons SET name = ? WHERE doc_number = ?", (name, f"DOC{n:06d}"))
    hall.db.conn.commit()
    hall.call_next(1, "staff")
    hall.db.conn.close()
    env = {"PYTHONPATH": str(REPO_ROOT)}
    call = [sys.executable, "-m", "reception", "--db", str(db), "call", "--window", "3"]
    called: list[str] = []
    PUBLIC = ("浏览器测试大厅", "今日领导接访", "王建国", "第一接待室", "李红梅", "剩余名额")
    frames: list[str] = []

    def wanted(output: bytes) -> bool:
        texts = big_texts(output)
        if not called and "A001" in texts:  # the page is up: a counter calls the next number
            done = subprocess.run(call, capture_output=True, text=True, env={**os.environ, **env}, timeout=60)
            called.append(done.stdout.strip())
        if not called or "A002" not in big_texts(output):
            return False
        # After the call, every public part is on the TV, though not always at once: on a
        # small screen today's leaders and the coming schedule take turns (LeaderPanels).
        painted = "\n".join(screen_lines(output))
        frames.append(painted)
        return all(any(part in frame for frame in frames) for part in PUBLIC)

    server, port = serve(db, config, tmp_path)
    browser = Browser()
    try:
        output = browser.open_and_read(
            f"http://127.0.0.1:{port}/?fontsize=40", wanted, timeout=60, screenshot=tmp_path / "tv40.png",
        )
    finally:
        browser.close()
        server.terminate()
        server.wait(10)
    assert called == ["A002"]
    assert "A002" in big_texts(output), "the call made at the counter never reached the TV"
    lines = screen_lines(output)
    page = "\n".join(lines)
    call_line = next(line for line in lines if "号窗口" in line and "请到" in line)
    assert call_line.index("请到") < call_line.index("号窗口")  # "请到 3 号窗口", whole
    for public in PUBLIC:
        assert any(public in frame for frame in frames), page
    assert not any(part in frame for frame in frames for part in ("张三丰", "李四光", "王五", "DOC0000"))
    assert not any(part in page for part in ("张三丰", "李四光", "王五", "DOC0000")), page  # PIPL
