"""The ticket printer's settings, read and checked from `[devices.printer]`.

Every key is optional; with none the printer is the preview target, writing
each ticket's bytes and a PNG and text rendering into a directory under the
user data directory. The keys are declared in `reception.config.sections`
(`PrinterConfig`) and checked when the file is loaded; a bad key raises
`ConfigError` naming it (`devices.printer.<key>`) with a Chinese explanation.
What a python-escpos profile decides is added here, when the printer starts.

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

from reception.config import ConfigError, HallConfig, parse_section
from reception.config.sections import PrinterConfig

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
    """The `[devices.printer]` settings of `config`, with what its profile decides."""
    return resolve_printer_settings(config.devices.printer, config.source)


def parse_printer_settings(raw: dict[str, Any], source: str | None = None) -> PrinterSettings:
    """A `[devices.printer]` table checked alone (tests and tools build printers so)."""
    return resolve_printer_settings(parse_section(_KEY, raw, source), source)


def resolve_printer_settings(section: PrinterConfig, source: str | None = None) -> PrinterSettings:
    """The keys as written (checked when the file was loaded) plus the python-escpos
    profile's say where a key is not given: paper width, native QR, cutter."""
    caps = _profile_caps(section.profile, source) if section.profile else None
    width_default = 80
    qr_native = section.qr == "native"
    has_cutter = True
    if caps is not None:
        mm = caps.get("media", {}).get("width", {}).get("mm")
        if isinstance(mm, (int, float)) and mm < 62:
            width_default = 58
        features = caps.get("features", {})
        has_cutter = bool(features.get("paperFullCut") or features.get("paperPartCut"))
        if section.qr == "auto":
            qr_native = bool(features.get("qrCode"))
    if section.preview_dir:
        preview_dir: Path | None = Path(section.preview_dir).expanduser()
    elif section.kind == "preview":
        from reception.paths import data_dir

        preview_dir = data_dir() / "printer-preview"
    else:
        preview_dir = None
    return PrinterSettings(
        kind=section.kind,
        paper_width=section.paper_width or width_default,
        profile=section.profile,
        qr_native=qr_native,
        qr_module=section.qr_module,
        chinese=section.chinese,
        font=section.font,
        cut=has_cutter if section.cut is None else section.cut,
        timeout=section.timeout,
        status_timeout=section.status_timeout,
        device=section.device,
        baudrate=section.baudrate,
        flow_control=section.flow_control,
        host=section.host,
        port=section.port,
        vendor_id=section.vendor_id,
        product_id=section.product_id,
        in_ep=section.in_ep,
        out_ep=section.out_ep,
        preview_dir=preview_dir,
        simulate=section.simulate,
        source=source,
    )


@lru_cache(maxsize=1)
def escpos_profiles() -> dict[str, Any]:
    """python-escpos's printer capabilities, read without importing escpos."""
    from importlib.resources import files

    raw = (files("escpos") / "capabilities.json").read_text(encoding="utf-8")
    return json.loads(raw)["profiles"]


def _profile_caps(name: str, source: str | None) -> dict[str, Any]:
    profiles = escpos_profiles()
    if name not in profiles:
        near = ", ".join(sorted(p for p in profiles if p[:2].lower() == name[:2].lower())[:8])
        hint = f"；相近的有 {near}" if near else "；可用 `reception printer profiles` 列出全部"
        raise ConfigError(f"{_KEY}.profile", f"python-escpos 没有名为 {name!r} 的打印机型号{hint}", source)
    return profiles[name]
