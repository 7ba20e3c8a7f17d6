"""The hall's configuration: one TOML file, every key optional.

`load_config(None)` gives a working hall with no file at all. A file that is
present is checked completely at start; the first problem found is raised as
`ConfigError` naming the key (dotted path) and what is wrong, so a technician
can fix it without reading code.

Sections a front end or device owns (`devices`, `display`, `serve`, `kiosk`)
are kept as plain dicts here and checked by their owner when it starts; the
owner raises `ConfigError` with the same kind of message.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(ValueError):
    """A configuration value is missing, of the wrong type, or out of range."""

    def __init__(self, key: str, problem: str, source: str | None = None):
        self.key = key
        self.problem = problem
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}配置项 {key}: {problem}")


DEFAULT_PURPOSES = ("建议意见", "检举控告", "申诉求决")

DEFAULT_CATEGORIES = (
    "房地产及小区物业管理",
    "工资福利待遇",
    "道路交通安全",
    "环境污染",
    "城市服务管理",
    "土地承包确权",
    "土地征收补偿",
    "困难群众救助",
    "乡村干部经济作风",
    "社会治理",
    "涉法涉诉",
    "其他",
)

# Seed 003 (四 第一条 1) sets this hall's limit at three; the 2022 national
# 条例 Art. 20 says five. The text is printed on the ticket and stored with
# the visit, so it always names the rule that actually applied.
DEFAULT_REPRESENTATIVE_RULE = (
    "多人走访形式提出同一信访事项的，应当推选代表，代表人数不得超过{limit}人"
)


@dataclass(frozen=True)
class Service:
    """A queue visitors take a ticket for; the prefix starts its numbers."""

    code: str
    name: str
    prefix: str


@dataclass(frozen=True)
class Window:
    """A counter window and the services whose queue it calls from."""

    number: int
    name: str
    services: tuple[str, ...]


DEFAULT_SERVICES = (
    Service("A", "个人来访", "A"),
    Service("B", "集体来访", "B"),
    Service("C", "领导接访", "C"),
)

DEFAULT_WINDOWS = (
    Window(1, "1号窗口", ("A",)),
    Window(2, "2号窗口", ("A",)),
    Window(3, "3号窗口", ("A", "B")),
    Window(4, "4号窗口", ("B", "C")),
)


@dataclass(frozen=True)
class HallConfig:
    hall_name: str = "来访接待大厅"
    timezone: str = "Asia/Shanghai"
    services: tuple[Service, ...] = DEFAULT_SERVICES
    windows: tuple[Window, ...] = DEFAULT_WINDOWS
    representative_limit: int = 3
    representative_rule: str = DEFAULT_REPRESENTATIVE_RULE
    priority_age: int = 70
    no_show_requeues: int = 1
    purposes: tuple[str, ...] = DEFAULT_PURPOSES
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    ticket_notice: str = "请留意叫号，过号请到窗口咨询。"
    devices: dict[str, Any] = field(default_factory=dict)
    kiosk: dict[str, Any] = field(default_factory=dict)
    display: dict[str, Any] = field(default_factory=dict)
    serve: dict[str, Any] = field(default_factory=dict)
    source: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def service(self, code: str) -> Service:
        for service in self.services:
            if service.code == code:
                return service
        raise KeyError(code)

    def window(self, number: int) -> Window:
        for window in self.windows:
            if window.number == number:
                return window
        raise KeyError(number)

    @property
    def representative_rule_text(self) -> str:
        return self.representative_rule.format(limit=self.representative_limit)


_OWNED_SECTIONS = ("devices", "kiosk", "display", "serve")
_KNOWN_KEYS = {
    "hall_name",
    "timezone",
    "services",
    "windows",
    "representative_limit",
    "representative_rule",
    "priority_age",
    "no_show_requeues",
    "purposes",
    "categories",
    "ticket_notice",
    *_OWNED_SECTIONS,
}


def load_config(path: str | Path | None) -> HallConfig:
    """Read and check the configuration; `None` means embedded defaults."""
    if path is None:
        return HallConfig()
    source = str(path)
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("(文件)", "找不到配置文件", source) from None
    except UnicodeDecodeError:
        raise ConfigError("(文件)", "不是 UTF-8 编码的文本", source) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("(文件)", f"TOML 格式错误：{exc}", source) from None
    except IsADirectoryError:
        raise ConfigError("(文件)", "这是一个目录，不是配置文件", source) from None
    except PermissionError:
        raise ConfigError("(文件)", "没有权限读取配置文件", source) from None
    except OSError as exc:
        raise ConfigError("(文件)", f"无法读取配置文件（{exc.strerror or exc}）", source) from None
    return parse_config(raw, source)


def parse_config(raw: dict[str, Any], source: str | None = None) -> HallConfig:
    check = _Checker(source)
    for key in raw:
        if key not in _KNOWN_KEYS:
            raise check.error(key, "未知的配置项（拼写错误？）")
    defaults = HallConfig()
    values: dict[str, Any] = {"source": source}
    if "hall_name" in raw:
        values["hall_name"] = check.text(raw, "hall_name")
    if "timezone" in raw:
        tz = check.text(raw, "timezone")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise check.error("timezone", f"未知的时区 {tz!r}") from None
        values["timezone"] = tz
    for key, low, high in (
        ("representative_limit", 1, 20),
        ("priority_age", 0, 150),
        ("no_show_requeues", 0, 10),
    ):
        if key in raw:
            values[key] = check.integer(raw, key, low, high)
    if "representative_rule" in raw:
        values["representative_rule"] = check.text(raw, "representative_rule")
    for key in ("purposes", "categories"):
        if key in raw:
            values[key] = check.text_list(raw, key)
    if "ticket_notice" in raw:
        values["ticket_notice"] = check.text(raw, "ticket_notice", allow_empty=True)
    services = _services(raw, check) if "services" in raw else defaults.services
    values["services"] = services
    if "windows" in raw:
        values["windows"] = _windows(raw, check, services)
    else:
        codes = {s.code for s in services}
        if not all(set(w.services) <= codes for w in defaults.windows):
            # Custom services with default windows: every window serves all.
            values["windows"] = tuple(
                Window(w.number, w.name, tuple(s.code for s in services))
                for w in defaults.windows
            )
    for key in _OWNED_SECTIONS:
        if key in raw:
            if not isinstance(raw[key], dict):
                raise check.error(key, "应为一个表（[section]）")
            values[key] = raw[key]
    return HallConfig(**values)


def _services(raw: dict[str, Any], check: _Checker) -> tuple[Service, ...]:
    items = raw["services"]
    if not isinstance(items, list) or not items:
        raise check.error("services", "应为至少一项的 [[services]] 列表")
    services: list[Service] = []
    for index, item in enumerate(items):
        key = f"services[{index}]"
        if not isinstance(item, dict):
            raise check.error(key, "应为一个表")
        code = check.text(item, "code", prefix=key)
        name = check.text(item, "name", prefix=key)
        prefix = check.text(item, "prefix", prefix=key) if "prefix" in item else code
        if not (prefix.isascii() and prefix.isalpha() and len(prefix) <= 2):
            raise check.error(f"{key}.prefix", "票号前缀应为一到两个英文字母")
        if any(s.code == code for s in services):
            raise check.error(f"{key}.code", f"业务代码 {code!r} 重复")
        if any(s.prefix == prefix.upper() for s in services):
            raise check.error(f"{key}.prefix", f"票号前缀 {prefix!r} 重复")
        services.append(Service(code, name, prefix.upper()))
    return tuple(services)


def _windows(
    raw: dict[str, Any], check: _Checker, services: tuple[Service, ...]
) -> tuple[Window, ...]:
    items = raw["windows"]
    if not isinstance(items, list) or not items:
        raise check.error("windows", "应为至少一项的 [[windows]] 列表")
    codes = {s.code for s in services}
    windows: list[Window] = []
    for index, item in enumerate(items):
        key = f"windows[{index}]"
        if not isinstance(item, dict):
            raise check.error(key, "应为一个表")
        number = check.integer(item, "number", 1, 999, prefix=key)
        if any(w.number == number for w in windows):
            raise check.error(f"{key}.number", f"窗口号 {number} 重复")
        name = check.text(item, "name", prefix=key) if "name" in item else f"{number}号窗口"
        served = check.text_list(item, "services", prefix=key)
        for code in served:
            if code not in codes:
                raise check.error(f"{key}.services", f"未定义的业务代码 {code!r}")
        windows.append(Window(number, name, tuple(served)))
    return tuple(windows)


class _Checker:
    def __init__(self, source: str | None):
        self.source = source

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(key, problem, self.source)

    def _get(self, table: dict[str, Any], key: str, prefix: str) -> tuple[str, Any]:
        full = f"{prefix}.{key}" if prefix else key
        if key not in table:
            raise self.error(full, "缺少此项")
        return full, table[key]

    def text(
        self, table: dict[str, Any], key: str, prefix: str = "", allow_empty: bool = False
    ) -> str:
        full, value = self._get(table, key, prefix)
        if not isinstance(value, str):
            raise self.error(full, f"应为文本，实际是 {type(value).__name__}")
        if not allow_empty and not value.strip():
            raise self.error(full, "不能为空")
        if len(value) > 500:
            raise self.error(full, "过长（最多 500 字）")
        return value.strip()

    def integer(
        self, table: dict[str, Any], key: str, low: int, high: int, prefix: str = ""
    ) -> int:
        full, value = self._get(table, key, prefix)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(full, f"应为整数，实际是 {value!r}")
        if not low <= value <= high:
            raise self.error(full, f"应在 {low} 到 {high} 之间，实际是 {value}")
        return value

    def text_list(self, table: dict[str, Any], key: str, prefix: str = "") -> tuple[str, ...]:
        full, value = self._get(table, key, prefix)
        if not isinstance(value, list) or not value:
            raise self.error(full, "应为非空的文本列表")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{full}[{index}]", "应为非空文本")
        if len(set(value)) != len(value):
            raise self.error(full, "列表中有重复项")
        return tuple(item.strip() for item in value)
