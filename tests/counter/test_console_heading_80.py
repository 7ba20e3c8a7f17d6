"""The counter's queue heading is read whole at 80x24 (issue 17: it was cut)."""

from __future__ import annotations

import pytest

from tests.counter.conftest import log_in, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import screen_lines, settle


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 32)])
async def test_the_queue_heading_is_not_cut(make_app, hall, size):
    for n in range(1, 13):
        walk_in(hall, n)
    async with make_app().run_test(size=size) as pilot:
        await log_in(pilot)
        await settle(pilot)
        title = pilot.app.screen.queue_title
        region = title.region
        # the queue pane is left of its border
        drawn = [line.split("│")[0].strip() for line in screen_lines(pilot.app)[region.y:region.bottom]]
        assert drawn[0].startswith("等候队列（12 人）")
        assert "".join(drawn).endswith("12:00 结束，还剩 180 分钟"), drawn
        if size[0] == 80:  # half a screen: the time on its own line
            assert drawn == ["等候队列（12 人）", "12:00 结束，还剩 180 分钟"]
            assert text_of(title) == "等候队列（12 人）\n12:00 结束，还剩 180 分钟"
        table = pilot.app.screen.queue_table
        assert table.region.y >= region.bottom and table.row_count == 12


async def test_the_heading_follows_a_resize(make_app, hall):
    walk_in(hall, 1)
    async with make_app().run_test(size=(120, 32)) as pilot:
        await log_in(pilot)
        title = pilot.app.screen.queue_title
        assert "\n" not in text_of(title)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.pause(0.1)
        assert text_of(title) == "等候队列（1 人）\n12:00 结束，还剩 180 分钟"
