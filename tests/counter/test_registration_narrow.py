"""The registration form on an 80-column counter terminal: its heading keeps each
key hint whole (a hint broken across two lines, "Esc" here and "取消" below, is
misread by the clerk)."""

from __future__ import annotations

from reception.queue.models import CheckInRequest
from tests.counter.conftest import open_registration
from tests.helpers import visitor

HINTS = ("Ctrl+S 保存", "Ctrl+D 存草稿", "Esc 取消", "数字键选择")


async def test_each_key_hint_stays_on_one_line_at_80_columns(make_app, hall):
    hall.check_in(CheckInRequest(lead=visitor(1), service="A"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        form = await open_registration(pilot)
        await pilot.pause()
        title = form.query_one(".dialog-title")
        lines = [strip.text for strip in title.render_lines(title.region.reset_offset)]
        shown = [line.rstrip() for line in lines if line.strip()]
        for hint in HINTS:
            assert any(hint in line for line in shown), (hint, shown)
        assert any("查询码" in line for line in shown)
