"""The counter's footer fits 80 columns, in words a clerk reads; ? lists every key (issue 17)."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from reception.counter.screens.console import ConsoleScreen
from reception.staff_ui.keys_help import KeysHelp
from tests.counter.conftest import log_in, press
from tests.staff_ui.helpers import footer_labels, screen_lines


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 32)])
async def test_every_footer_key_is_fully_visible(make_app, size):
    async with make_app().run_test(size=size) as pilot:
        await log_in(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ConsoleScreen)
        footer = screen_lines(pilot.app)[-1]
        labels = footer_labels(screen)
        assert "Ctrl+L 退出登录" in labels and "? 帮助" in labels
        for label in labels:
            assert label in footer, (label, footer)
        assert "^l" not in footer


async def test_help_lists_every_key_with_its_meaning(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        console = pilot.app.screen
        await press(pilot, "question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, KeysHelp)
        listed = {meaning for _, meaning in help_screen.keys}
        for item in console.BINDINGS:
            binding = item if isinstance(item, Binding) else Binding(*item)
            assert binding.description in listed
        shown = "\n".join(screen_lines(pilot.app))
        assert "u" in shown and "撤销过号" in shown and "Ctrl+L" in shown
        await press(pilot, "escape")
        assert pilot.app.screen is console
        await press(pilot, "f1")
        assert isinstance(pilot.app.screen, KeysHelp)
