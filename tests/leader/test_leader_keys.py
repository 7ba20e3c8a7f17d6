"""The leader's footer fits 80 columns in plain words; ? lists every key (issue 17)."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from reception.leader.app import create_app
from reception.staff_ui.keys_help import KeysHelp
from tests.leader.conftest import route_to_leader
from tests.leader.test_leader_app import open_queue
from tests.staff_ui.helpers import footer_labels, screen_lines, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 32)])
async def test_every_footer_key_is_fully_visible(hall, service, leader_user, leader_id, size):
    route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=size) as pilot:
        screen = await open_queue(hall, pilot)
        footer = screen_lines(app)[-1]
        labels = footer_labels(screen)
        assert "Ctrl+L 退出登录" in labels and "x 过号" in labels
        for label in labels:
            assert label in footer, (label, footer)
        assert "^l" not in footer


async def test_help_lists_every_key(hall, service, leader_user, leader_id):
    app = create_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(hall, pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, KeysHelp)
        listed = {meaning for _, meaning in app.screen.keys}
        for item in screen.BINDINGS:
            binding = item if isinstance(item, Binding) else Binding(*item)
            assert binding.description in listed
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
