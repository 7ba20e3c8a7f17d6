"""`[display]` settings: defaults, and a bad key named at start."""

import pytest

from reception.config import ConfigError
from reception.hall_display.settings import DisplaySettings, display_settings
from tests.helpers import run_cli


def test_defaults_keep_the_voice_off():
    settings = display_settings({})
    assert settings == DisplaySettings() and not settings.voice
    assert settings.refresh_interval <= 0.2


def test_every_key_can_be_set():
    settings = display_settings({
        "notice": "  午休 12:00-13:30  ", "recent_calls": 4, "refresh_interval": 0.1,
        "schedule_days": 14, "voice": True, "voice_command": ["say", "{text}"], "page_seconds": 15,
    })
    assert settings.notice == "午休 12:00-13:30" and settings.voice_command == ("say", "{text}")
    assert settings.page_seconds == 15


@pytest.mark.parametrize(
    "raw, key",
    [
        ({"colour": "red"}, "display.colour"),
        ({"recent_calls": 99}, "display.recent_calls"),
        ({"recent_calls": "5"}, "display.recent_calls"),
        ({"refresh_interval": 0}, "display.refresh_interval"),
        ({"voice": "yes"}, "display.voice"),
        ({"voice_command": "espeak-ng"}, "display.voice_command"),
        ({"voice_command": ["espeak-ng", "-v", "cmn"]}, "display.voice_command"),
        ({"notice": 3}, "display.notice"),
        ({"schedule_days": True}, "display.schedule_days"),
        ({"page_seconds": 0}, "display.page_seconds"),
        ({"page_seconds": 2}, "display.page_seconds"),  # too quick to read a page
        ({"page_seconds": 121}, "display.page_seconds"),
        ({"page_seconds": "10"}, "display.page_seconds"),
        ({"page_seconds": 7.5}, "display.page_seconds"),
        ({"page_seconds": True}, "display.page_seconds"),
    ],
)
def test_a_bad_key_is_named(raw, key):
    with pytest.raises(ConfigError) as caught:
        display_settings(raw)
    assert caught.value.key == key


def test_the_command_refuses_a_bad_display_section(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[display]\nrecent_calls = 100\n", encoding="utf-8")
    result = run_cli("--db", str(tmp_path / "h.db"), "--config", str(config), "display")
    assert result.returncode == 2
    assert "display.recent_calls" in result.stderr and "应在 0 到 20 之间" in result.stderr


def test_the_shipped_sample_config_display_section_is_valid():
    from reception.config import load_config
    from tests.helpers import REPO_ROOT

    config = load_config(REPO_ROOT / "reception" / "sample_config.toml")
    assert config.display == DisplaySettings()
