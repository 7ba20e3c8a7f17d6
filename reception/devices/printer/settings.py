"""The ticket printer's settings, read and checked from `[devices.printer]`.

Every key is optional; with none the printer is the preview target, writing
each ticket's bytes and a PNG and text rendering into a directory under the
user data directory. A bad key raises `ConfigError` naming it
(`devices.printer.<key>`) with a Chinese explanation.

    [devices.printer]
    kind = "preview"        # preview | usb | serial | network | file | dummy
    paper_width = 80        # 58 or 80 (mm); default: the profile's, else 80
    profile = "TM-T20II"    # a python-escpos printer profile (capabilities)
    qr = "auto"             # auto | native | image
    qr_module = 6           # dots per QR module, 2..16
    chinese = "native"      # native (FS & + GB18030) | image (Pillow)
    font = "/usr/share/fonts/.../NotoSansCJK-Regular.ttc"  # CJK font for images
    cut = true              # feed and cut at the end (default: if the profile has a cutter)
    timeout = 5.0           # seconds to connect and to write a ticket
    status_timeout = 0.5    # seconds to wait for a status reply
    # usb:     vendor_id = 0x0416, product_id = 0x5011, in_ep = 0x81, out_ep = 0x03
    # serial:  device = "/dev/ttyUSB0", baudrate = 9600, flow_control = "dsrdtr"
    # network: host = "192.168.1.50", port = 9100
    # file:    device = "/dev/usb/lp0"
    # preview: preview_dir = "..."
    # preview and dummy: simulate = "paper_out" (pretend a fault, for front-end work)

`qr = "auto"` prints the printer's native QR (`GS ( k`, ~50 bytes) when a
profile is named and its capabilities list QR codes, else a raster image
(~3 KB, printed by nearly every printer). Cheap 58 mm printers (profiles
POS-5890, ZJ-5870, NT-5890K) have no native QR.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reception.config import ConfigError, HallConfig
from reception.devices.printer.status import PrinterState

KINDS = ("preview", "usb", "serial", "network", "file", "dummy")
QR_MODES = ("auto", "native", "image")
CHINESE_MODES = ("native", "image")
FLOW_CONTROLS = ("dsrdtr", "rtscts", "xonxoff", "none")
SIMULATED = tuple(s.value for s in PrinterState if s is not PrinterState.READY)

PAPER_DOTS = {80: 576, 58: 384}  # printable dots across at 203 dpi
PAPER_COLUMNS = {80: 48, 58: 32}  # font A (12×24) columns

_KEY = "devices.printer"


@dataclass(frozen=True)
class PrinterSettings:
    kind: str = "preview"
    paper_width: int = 80
    profile: str | None = None
    qr_native: bool = False
    qr_module: int = 6
    chinese: str = "native"
    font: str | None = None
    cut: bool = True
    timeout: float = 5.0
    status_timeout: float = 0.5
    # connection
    device: str = ""
    baudrate: int = 9600
    flow_control: str = "dsrdtr"
    host: str = ""
    port: int = 9100
    vendor_id: int | None = None
    product_id: int | None = None
    in_ep: int = 0x82
    out_ep: int = 0x01
    preview_dir: Path | None = None
    simulate: str = ""
    source: str | None = field(default=None, compare=False)

    @property
    def columns(self) -> int:
        return PAPER_COLUMNS[self.paper_width]

    @property
    def paper_dots(self) -> int:
        return PAPER_DOTS[self.paper_width]

    @property
    def qr_mode(self) -> str:
        return "native" if self.qr_native else "image"

    def describe(self) -> str:
        """Where tickets go, for people: 网络打印机 10.0.0.5:9100 and the like."""
        if self.kind == "network":
            return f"网络打印机 {self.host}:{self.port}"
        if self.kind == "serial":
            return f"串口打印机 {self.device}（{self.baudrate} 波特）"
        if self.kind == "usb":
            return f"USB 打印机 {self.vendor_id or 0:04x}:{self.product_id or 0:04x}"
        if self.kind == "file":
            return f"打印机设备文件 {self.device}"
        if self.kind == "preview":
            return f"预览目录 {self.preview_dir}"
        return "内存打印机（测试用）"


def printer_settings(config: HallConfig) -> PrinterSettings:
    """The checked `[devices.printer]` settings of `config`."""
    devices = config.devices or {}
    raw = devices.get("printer", {})
    if not isinstance(raw, dict):
        raise ConfigError(_KEY, "应为一个表（[devices.printer]）", config.source)
    return parse_printer_settings(raw, config.source)


def parse_printer_settings(raw: dict[str, Any], source: str | None = None) -> PrinterSettings:
    check = _Check(raw, source)
    for key in raw:
        if key not in _KNOWN:
            raise check.error(key, "未知的配置项（拼写错误？）")
    kind = check.choice("kind", KINDS, "preview")
    profile = check.text("profile", None)
    caps = _profile_caps(profile, check) if profile else None

    width_default = 80
    if caps is not None:
        mm = caps.get("media", {}).get("width", {}).get("mm")
        if isinstance(mm, (int, float)) and mm < 62:
            width_default = 58
    paper_width = check.integer("paper_width", width_default, 58, 80)
    if paper_width not in PAPER_DOTS:
        raise check.error("paper_width", f"纸宽应为 58 或 80（毫米），实际是 {paper_width}")

    qr = check.choice("qr", QR_MODES, "auto")
    if qr == "auto":
        qr_native = bool(caps and caps.get("features", {}).get("qrCode"))
    else:
        qr_native = qr == "native"
    has_cutter = True
    if caps is not None:
        features = caps.get("features", {})
        has_cutter = bool(features.get("paperFullCut") or features.get("paperPartCut"))

    if isinstance(check.raw.get("port"), str):
        # The card reader's section names its serial port `port`; the printer's is `device`.
        raise check.error(
            "port", f'port 是网络打印机的端口号（整数，如 9100）；串口或设备文件请写 device = "{check.raw["port"]}"'
        )
    values: dict[str, Any] = dict(
        kind=kind,
        paper_width=paper_width,
        profile=profile,
        qr_native=qr_native,
        qr_module=check.integer("qr_module", 6, 2, 16),
        chinese=check.choice("chinese", CHINESE_MODES, "native"),
        font=check.text("font", None),
        cut=check.boolean("cut", has_cutter),
        timeout=check.number("timeout", 5.0, 0.1, 120.0),
        status_timeout=check.number("status_timeout", 0.5, 0.05, 10.0),
        device=check.text("device", "") or "",
        baudrate=check.integer("baudrate", 9600, 1200, 921600),
        flow_control=check.choice("flow_control", FLOW_CONTROLS, "dsrdtr"),
        host=check.text("host", "") or "",
        port=check.integer("port", 9100, 1, 65535),
        vendor_id=check.usb_id("vendor_id"),
        product_id=check.usb_id("product_id"),
        in_ep=check.integer("in_ep", 0x82, 0, 0xFF),
        out_ep=check.integer("out_ep", 0x01, 0, 0xFF),
        simulate=check.choice("simulate", ("",) + SIMULATED, ""),
        source=source,
    )
    preview_dir = check.text("preview_dir", None)
    if preview_dir:
        values["preview_dir"] = Path(preview_dir).expanduser()
    elif kind == "preview":
        from reception.paths import data_dir

        values["preview_dir"] = data_dir() / "printer-preview"

    if kind == "usb" and (values["vendor_id"] is None or values["product_id"] is None):
        missing = "vendor_id" if values["vendor_id"] is None else "product_id"
        raise check.error(missing, "USB 打印机需要厂商号和产品号（lsusb 显示的 0416:5011 这样的两段）")
    if kind in ("serial", "file") and not values["device"]:
        example = "/dev/ttyUSB0 或 COM3" if kind == "serial" else "/dev/usb/lp0"
        raise check.error("device", f"缺少此项：打印机的设备路径，例如 {example}")
    if kind == "network" and not values["host"]:
        raise check.error("host", "缺少此项：打印机的 IP 地址或主机名")
    if values["simulate"] and kind not in ("preview", "dummy"):
        raise check.error("simulate", "只有 preview 和 dummy 打印机可以模拟故障")
    if values["font"] and not Path(values["font"]).expanduser().is_file():
        raise check.error("font", f"找不到字体文件 {values['font']}")
    return PrinterSettings(**values)


_KNOWN = {
    "kind", "paper_width", "profile", "qr", "qr_module", "chinese", "font", "cut",
    "timeout", "status_timeout", "device", "baudrate", "flow_control", "host", "port",
    "vendor_id", "product_id", "in_ep", "out_ep", "preview_dir", "simulate",
}  # fmt: skip


@lru_cache(maxsize=1)
def escpos_profiles() -> dict[str, Any]:
    """python-escpos's printer capabilities, read without importing escpos."""
    from importlib.resources import files

    raw = (files("escpos") / "capabilities.json").read_text(encoding="utf-8")
    return json.loads(raw)["profiles"]


def _profile_caps(name: str, check: _Check) -> dict[str, Any]:
    profiles = escpos_profiles()
    if name not in profiles:
        near = ", ".join(sorted(p for p in profiles if p[:2].lower() == name[:2].lower())[:8])
        hint = f"；相近的有 {near}" if near else "；可用 `reception printer profiles` 列出全部"
        raise check.error("profile", f"python-escpos 没有名为 {name!r} 的打印机型号{hint}")
    return profiles[name]


class _Check:
    def __init__(self, raw: dict[str, Any], source: str | None):
        self.raw = raw
        self.source = source

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{_KEY}.{key}", problem, self.source)

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if value not in allowed:
            shown = " | ".join(repr(a) for a in allowed if a)
            raise self.error(key, f"应为 {shown} 之一，实际是 {value!r}")
        return value

    def text(self, key: str, default: str | None) -> str | None:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if not isinstance(value, str):
            raise self.error(key, f"应为文本，实际是 {value!r}")
        return value.strip() or default

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"应为整数，实际是 {value!r}")
        if not low <= value <= high:
            raise self.error(key, f"应在 {low} 到 {high} 之间，实际是 {value}")
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"应为秒数，实际是 {value!r}")
        if not low <= value <= high:
            raise self.error(key, f"应在 {low} 到 {high} 秒之间，实际是 {value}")
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if not isinstance(value, bool):
            raise self.error(key, f"应为 true 或 false，实际是 {value!r}")
        return value

    def usb_id(self, key: str) -> int | None:
        """0x0416, 1046 or "0416" (as lsusb shows it): a 16-bit USB id."""
        if key not in self.raw:
            return None
        value = self.raw[key]
        if isinstance(value, str):
            try:
                value = int(value.strip().lower().removeprefix("0x"), 16)
            except ValueError:
                raise self.error(key, f"应为十六进制的 USB 编号，例如 0x0416，实际是 {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 0xFFFF:
            raise self.error(key, f"应为 1 到 0xFFFF 的 USB 编号，实际是 {value!r}")
        return value
