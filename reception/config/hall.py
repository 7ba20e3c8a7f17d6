"""The hall's configuration: one TOML file, every key optional.

`load_config(None)` gives a working hall with no file at all. A file that is
present is checked completely when it is loaded, every section included
(`[kiosk]`, `[display]`, `[serve]`, `[devices.*]`): the first problem found is
raised as `ConfigError` naming the key (dotted path) and what is wrong, so a
technician can fix it without reading code. The keys, types and ranges are the
fields of the dataclasses below and in `sections.py`; `schema.py` checks them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reception.config.schema import ConfigError, Invalid, internal, parse_table, section_class, setting, table
from reception.config.sections import (
    AccountSettings,
    DevicesConfig,
    DisplaySettings,
    HoursSettings,
    KioskSettings,
    PrioritySettings,
    ServeSettings,
)

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


def _prefix(prefix: str) -> str | None:
    if prefix.isascii() and prefix.isalpha() and len(prefix) <= 2:
        return None
    return "票号前缀应为一到两个英文字母"


@dataclass(frozen=True)
class Service:
    """A queue visitors take a ticket for; the prefix starts its numbers."""

    code: str = setting()
    name: str = setting()
    prefix: str = setting("", allow_empty=True)  # default: the code

    @classmethod
    def complete(cls, values: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        prefix = values.get("prefix") or values["code"]
        if problem := _prefix(prefix):
            raise Invalid(problem, "prefix")
        return {**values, "prefix": prefix.upper()}


@dataclass(frozen=True)
class Window:
    """A counter window and the services whose queue it calls from."""

    number: int = setting(low=1, high=999)
    name: str = setting(filled=True)  # default: 3号窗口
    services: tuple[str, ...] = setting(unique=True)

    @classmethod
    def complete(cls, values: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        return {**values, "name": values.get("name") or f"{values['number']}号窗口"}


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


def _timezone(name: str) -> str | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"未知的时区 {name!r}"
    return None


@dataclass(frozen=True)
class HallConfig:
    hall_name: str = setting("来访接待大厅")
    timezone: str = setting("Asia/Shanghai", check=_timezone)
    services: tuple[Service, ...] = setting(DEFAULT_SERVICES)
    windows: tuple[Window, ...] = setting(DEFAULT_WINDOWS)
    representative_limit: int = setting(3, low=1, high=20)
    representative_rule: str = setting(DEFAULT_REPRESENTATIVE_RULE)
    # The older spelling of [priority] age, still read; `priority.age` is the one the core reads.
    priority_age: int = setting(70, low=0, high=150)
    no_show_requeues: int = setting(1, low=0, high=10)
    purposes: tuple[str, ...] = setting(DEFAULT_PURPOSES, unique=True)
    categories: tuple[str, ...] = setting(DEFAULT_CATEGORIES, unique=True)
    ticket_notice: str = setting("请留意叫号，过号请到窗口咨询。", allow_empty=True)
    hours: HoursSettings = table(HoursSettings)
    devices: DevicesConfig = table(DevicesConfig)
    priority: PrioritySettings = table(PrioritySettings)
    kiosk: KioskSettings = table(KioskSettings)
    display: DisplaySettings = table(DisplaySettings)
    serve: ServeSettings = table(ServeSettings)
    accounts: AccountSettings = table(AccountSettings)
    source: str | None = internal()

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

    @classmethod
    def complete(cls, values: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        """The rules between keys: codes and numbers unique, every code named is defined."""
        services = values.setdefault("services", DEFAULT_SERVICES)
        _unique_services(services)
        codes = [s.code for s in services]
        if "windows" in values:
            _known_window_services(values["windows"], codes)
        elif not all(set(w.services) <= set(codes) for w in DEFAULT_WINDOWS):
            # Custom services with default windows: every window serves all.
            values["windows"] = tuple(replace(w, services=tuple(codes)) for w in DEFAULT_WINDOWS)
        kiosk = values.get("kiosk", KioskSettings())
        given = raw.get("kiosk", {})
        for key in ("individual_service", "group_service", "leader_service"):
            code = getattr(kiosk, key)
            if code not in codes:
                if key in given:
                    raise Invalid(f"未定义的业务代码 {code!r}", f"kiosk.{key}")
                # Custom services and no kiosk setting: fall back to the first service.
                kiosk = replace(kiosk, **{key: codes[0]})
        values["kiosk"] = kiosk
        _priority_age(values, raw)
        return values


def _priority_age(values: dict[str, Any], raw: dict[str, Any]) -> None:
    """`priority_age` (older files) and `[priority] age` are one setting: either
    may be given, both only when they agree."""
    priority = values.get("priority", PrioritySettings())
    if "priority_age" in raw:
        if "age" in raw.get("priority", {}) and priority.age != values["priority_age"]:
            raise Invalid("与 priority.age 不一致（两处是同一设置，只写一处即可）", "priority_age")
        priority = replace(priority, age=values["priority_age"])
    values["priority"] = priority
    values["priority_age"] = priority.age


def _unique_services(services: tuple[Service, ...]) -> None:
    for index, service in enumerate(services):
        earlier = services[:index]
        if any(s.code == service.code for s in earlier):
            raise Invalid(f"业务代码 {service.code!r} 重复", f"services[{index}].code")
        if any(s.prefix == service.prefix for s in earlier):
            raise Invalid(f"票号前缀 {service.prefix!r} 重复", f"services[{index}].prefix")


def _known_window_services(windows: tuple[Window, ...], codes: list[str]) -> None:
    for index, window in enumerate(windows):
        if any(w.number == window.number for w in windows[:index]):
            raise Invalid(f"窗口号 {window.number} 重复", f"windows[{index}].number")
        for code in window.services:
            if code not in codes:
                raise Invalid(f"未定义的业务代码 {code!r}", f"windows[{index}].services")


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
    """A TOML document (as a dict) checked against `HallConfig`, every section included."""
    config = parse_table(HallConfig, raw, source)
    return replace(config, source=source)


def parse_section(dotted: str, raw: Any, source: str | None = None) -> Any:
    """One section ("display", "devices.printer") checked alone, its keys named in full."""
    return parse_table(section_class(HallConfig, dotted), raw, source, dotted)
