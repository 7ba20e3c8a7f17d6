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
