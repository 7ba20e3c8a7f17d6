"""The one validator of the hall configuration, and its Chinese messages.

Every section is a frozen dataclass: its fields are the keys, their types are
the TOML types, and `setting(...)` adds what a type alone cannot say (a range,
a choice, a check). `parse_table` walks a class against a TOML table and
raises `ConfigError` naming the dotted key (`kiosk.staff_pin`,
`services[1].prefix`) with a problem in Chinese; every such message is written
once, here. A rule between keys of one table (a USB printer needs its ids) is
the table's `complete(values, raw)` classmethod, raising `Invalid` with a key
relative to the table.

Why dataclasses and no schema library: pydantic and msgspec both report in
English (msgspec only as a string), so each would still need this module's
message table plus custom hooks for half the keys (the PIN typed as a number,
the printer's `port`, USB ids given as "0416"); pydantic would add ~10 MB and
tens of milliseconds to every process that loads the file (each `reception
serve` browser tab is one). This module is the part of either that we need.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints


class ConfigError(ValueError):
    """A configuration value is missing, of the wrong type, or out of range."""

    def __init__(self, key: str, problem: str, source: str | None = None):
        self.key = key
        self.problem = problem
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}配置项 {key}: {problem}")


class Invalid(Exception):
    """A problem inside a table; `parse_table` adds the path and the file.

    `key` is relative to the table being checked ("" for the value itself).
    """

    def __init__(self, problem: str, key: str = ""):
        super().__init__(problem)
        self.problem = problem
        self.key = key


@dataclass(frozen=True)
class Spec:
    """What a key's type alone does not say."""

    low: float | None = None
    high: float | None = None
    seconds: bool = False  # a number of seconds: the messages say 秒
    choices: tuple[Any, ...] = ()  # for a list: what each item may be
    allow_empty: bool = False  # text may be blank (an optional text becomes None); a list may be []
    max_len: int = 500
    collapse: bool = False  # runs of white space become one space (text shown on a screen)
    unique: bool = False  # a list without repeats
    what: str = ""  # what a wrong type should have been, when 文本/整数 says too little
    example: str = ""  # shown after a list's type error
    convert: Callable[[Any], Any] | None = None  # first, on the TOML value; raises Invalid
    check: Callable[[Any], str | None] | None = None  # last: a problem, or None


def setting(default: Any = MISSING, *, filled: bool = False, **spec: Any) -> Any:
    """A key with a default (none: the key is required) and its `Spec`.

    `filled`: no default in code, but the file may leave it out and the
    table's `complete` fills it in (a window's name from its number).
    """
    return field(default=default, metadata={"spec": Spec(**spec), "filled": filled})


def table(cls: type) -> Any:
    """A sub-table (`[devices.printer]`); absent, it is all defaults."""
    return field(default_factory=cls, metadata={"spec": Spec()})


def internal(default: Any = None) -> Any:
    """A field that is not a key of the file (where the settings came from)."""
    return field(default=default, compare=False, metadata={"internal": True})


@dataclass(frozen=True)
class _Key:
    kind: Any
    spec: Spec
    required: bool
    optional: bool  # `X | None`: blank text means None


@cache
def keys_of(cls: type) -> dict[str, _Key]:
    hints = get_type_hints(cls)
    found: dict[str, _Key] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        kind = hints[f.name]
        optional = False
        if get_origin(kind) in (Union, types.UnionType):
            args = [a for a in get_args(kind) if a is not type(None)]
            optional, kind = len(args) < len(get_args(kind)), args[0]
        required = f.default is MISSING and f.default_factory is MISSING and not f.metadata.get("filled")
        found[f.name] = _Key(kind, f.metadata.get("spec", Spec()), required, optional)
    return found


def parse_table(cls: type, raw: Any, source: str | None = None, path: str = "") -> Any:
    """`raw` (a TOML table) checked against `cls`; ConfigError naming the dotted key."""
    try:
        return _table(cls, raw, path)
    except Invalid as problem:
        raise ConfigError(problem.key or "(文件)", problem.problem, source) from None


def section_class(root: type, dotted: str) -> type:
    """The class of the section `dotted` ("devices.printer") under `root`."""
    cls = root
    for part in dotted.split("."):
        cls = keys_of(cls)[part].kind
    return cls


def _join(path: str, key: str) -> str:
    if not key:
        return path
    if not path:
        return key
    return f"{path}{key}" if key.startswith("[") else f"{path}.{key}"


def _table(cls: type, raw: Any, path: str) -> Any:
    if not isinstance(raw, dict):
        named = path and not path.endswith("]")
        raise Invalid(f"应为一个表（[{path}]）" if named else "应为一个表", path)
    keys = keys_of(cls)
    for name in raw:
        if name not in keys:
            raise Invalid(_unknown(name, list(keys)), _join(path, name))
    values: dict[str, Any] = {}
    for name, key in keys.items():
        if name in raw:
            values[name] = _value(key, raw[name], _join(path, name), name)
        elif key.required:
            raise Invalid("缺少此项", _join(path, name))
    complete = getattr(cls, "complete", None)
    if complete is not None:
        try:
            values = complete(values, raw)
        except Invalid as problem:
            raise Invalid(problem.problem, _join(path, problem.key)) from None
    return cls(**values)


def _unknown(name: str, known: list[str]) -> str:
    from difflib import get_close_matches

    near = get_close_matches(name, known, n=1)
    if near:
        return f"未知的配置项（拼写错误？是不是 {near[0]}）"
    return f"未知的配置项（拼写错误？可用：{', '.join(known)}）"


def _value(key: _Key, value: Any, full: str, name: str) -> Any:
    spec = key.spec
    try:
        if spec.convert is not None:
            value = spec.convert(value)
        if isinstance(key.kind, type) and dataclasses.is_dataclass(key.kind):
            return _table(key.kind, value, full)
        if get_origin(key.kind) is tuple:
            return _list(get_args(key.kind)[0], spec, value, full, name)
        value = _scalar(key, value, name)
        if spec.check is not None and (problem := spec.check(value)):
            raise Invalid(problem)
        return value
    except Invalid as problem:
        if problem.key:
            raise
        raise Invalid(problem.problem, full) from None


def _list(item: type, spec: Spec, value: Any, full: str, name: str) -> tuple[Any, ...]:
    if dataclasses.is_dataclass(item):
        if not isinstance(value, list) or not value:
            raise Invalid(f"应为至少一项的 [[{name}]] 列表")
        return tuple(_table(item, entry, f"{full}[{index}]") for index, entry in enumerate(value))
    if spec.choices:
        if not isinstance(value, list) or not value or any(v not in spec.choices for v in value):
            raise Invalid(f"应为 {', '.join(map(str, spec.choices))} 中的一项或几项")
        return tuple(value)
    if spec.allow_empty and value == []:
        return ()
    if not isinstance(value, list) or not value:
        raise Invalid("应为非空的文本列表" + (f"，如 {spec.example}" if spec.example else ""))
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            raise Invalid("应为非空文本", f"{full}[{index}]")
    if spec.unique and len(set(value)) != len(value):
        raise Invalid("列表中有重复项")
    items = tuple(entry.strip() for entry in value)
    if spec.check is not None and (problem := spec.check(items)):
        raise Invalid(problem)
    return items


def _scalar(key: _Key, value: Any, name: str) -> Any:
    kind, spec = key.kind, key.spec
    if spec.choices:
        if isinstance(value, bool) or value not in spec.choices:
            shown = " | ".join(repr(c) for c in spec.choices if c != "")
            raise Invalid(f"应为 {shown} 之一，实际是 {value!r}")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise Invalid(f"应为 true 或 false，实际是 {value!r}")
        return value
    if kind is int or kind is float:
        return _number(kind, spec, value)
    if kind is str:
        return _text(key, value, name)
    raise TypeError(f"no rule for {kind!r}")  # a schema mistake, not the file's


def _number(kind: type, spec: Spec, value: Any) -> int | float:
    numeric = (int, float) if kind is float else (int,)
    if isinstance(value, bool) or not isinstance(value, numeric):
        what = spec.what or ("秒数" if spec.seconds else "数字" if kind is float else "整数")
        raise Invalid(f"应为{what}，实际是 {value!r}")
    low = spec.low if spec.low is not None else value
    high = spec.high if spec.high is not None else value
    if not low <= value <= high:
        unit = " 秒" if spec.seconds else " "
        raise Invalid(f"应在 {spec.low} 到 {spec.high}{unit}之间，实际是 {value}")
    return kind(value)


def _text(key: _Key, value: Any, name: str) -> str | None:
    spec = key.spec
    if not isinstance(value, str):
        if spec.what:
            raise Invalid(f"应为{spec.what}，实际是 {value!r}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # staff_pin = 1234: a TOML number; a PIN is text (and may start with 0).
            raise Invalid(f'应为文本，请加引号：{name} = "{value}"')
        raise Invalid(f"应为文本，实际是 {type(value).__name__}")
    if len(value) > spec.max_len:
        raise Invalid(f"过长（最多 {spec.max_len} 字）")
    text = " ".join(value.split()) if spec.collapse else value.strip()
    if not text:
        if not spec.allow_empty:
            raise Invalid("不能为空（应为非空文本）")
        if key.optional:
            return None
    return text
