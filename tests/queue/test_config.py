"""Configuration: defaults with no file; a bad file names the key and the problem."""

from pathlib import Path

import pytest

from reception.config import ConfigError, HallConfig, load_config

SAMPLE = Path(__file__).resolve().parents[2] / "reception" / "sample_config.toml"


def test_defaults_with_no_file():
    config = load_config(None)
    assert config.representative_limit == 3
    assert config.priority_age == 70
    assert [s.prefix for s in config.services] == ["A", "B", "C"]
    assert "建议意见" in config.purposes


def test_shipped_sample_config_loads_and_matches_defaults():
    assert load_config(SAMPLE).services == HallConfig().services
    assert load_config(SAMPLE).windows == HallConfig().windows


def write(tmp_path, text):
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, key, problem",
    [
        ("representative_limt = 3", "representative_limt", "未知的配置项"),
        ('representative_limit = "three"', "representative_limit", "应为整数"),
        ("representative_limit = 0", "representative_limit", "应在 1 到 20 之间"),
        ("priority_age = true", "priority_age", "应为整数"),
        ('timezone = "Mars/Olympus"', "timezone", "未知的时区"),
        ("purposes = []", "purposes", "非空"),
        ('purposes = ["建议意见", ""]', "purposes[1]", "非空文本"),
        ('hall_name = ""', "hall_name", "不能为空"),
        ('[[services]]\ncode = "A"\nname = "个人来访"\nprefix = "甲"', "services[0].prefix", "英文字母"),
        ('[[services]]\ncode = "A"\nname = "x"\n[[services]]\ncode = "B"\nname = "y"\nprefix = "A"',
         "services[1].prefix", "重复"),
        ('[[windows]]\nnumber = 1\nservices = ["Z"]', "windows[0].services", "未定义的业务代码"),
        ('[[windows]]\nservices = ["A"]', "windows[0].number", "缺少此项"),
        ("devices = 3", "devices", "应为一个表"),
        ("hall_name = [", "(文件)", "TOML 格式错误"),
    ],
)
def test_bad_file_names_key_and_problem(tmp_path, text, key, problem):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert refused.value.key == key
    assert problem in str(refused.value)
    assert str(path) in str(refused.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="找不到配置文件"):
        load_config(tmp_path / "nope.toml")


def test_custom_services_without_windows_are_all_served(tmp_path):
    config = load_config(write(tmp_path, '[[services]]\ncode = "X"\nname = "信访"\nprefix = "D"'))
    assert all(w.services == ("X",) for w in config.windows)


def test_representative_rule_names_the_configured_limit(tmp_path):
    config = load_config(write(tmp_path, "representative_limit = 5"))
    assert config.representative_rule_text.endswith("不得超过5人")
