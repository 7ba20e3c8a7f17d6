"""The sections a front end or a device reads: `[kiosk]`, `[accounts]`, `[display]`, `[serve]`, `[devices.*]`.

They live here, beside the hall's own keys, so that the whole file is checked
when it is loaded (`reception status` refuses a typo in `[kiosk]` too) and the
queue core, the devices and the front ends can all import them. Their owners
re-export them under the names they always had (`reception.kiosk.settings.
KioskSettings`, ...). Every key is optional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from ipaddress import ip_address
from pathlib import Path
from typing import Any

from reception.config.schema import Invalid, setting, table

# --------------------------------------------------------------------- kiosk


def _staff_pin(pin: str) -> str | None:
    return None if pin.isdigit() and 4 <= len(pin) <= 12 else "应为 4 到 12 位数字"


@dataclass(frozen=True)
class KioskSettings:
    """`[kiosk]`; the defaults fit the built-in services (A 个人来访, B 集体来访, C 领导接访)."""

    individual_service: str = setting("A")
    group_service: str = setting("B")
    leader_service: str = setting("C")
    # back to welcome when nobody touches the screen
    idle_seconds: float = setting(90.0, low=5, high=3600, seconds=True)
    ticket_seconds: float = setting(20.0, low=3, high=600, seconds=True)  # the ticket stays on screen
    staff_key: str = setting("f12")  # opens the staff PIN pad; the visitor has no quit key
    staff_pin: str = setting("0000", check=_staff_pin)  # change it in [kiosk]; the README says so
    actor: str = setting("kiosk")  # this kiosk's name in the event log
    # Wrong staff PINs in a row that lock the PIN pad, and for how long; kept in
    # the database (HallService.check_kiosk_pin), so a restart does not reset it.
    pin_max_failures: int = setting(3, low=1, high=20)
    pin_lock_seconds: int = setting(60, low=5, high=3600, seconds=True)
    # Each step said aloud in Mandarin, in the voice of [display] voice_command (the
    # hall's one voice), with a 再听一遍 button and this key to hear it again.
    voice: bool = setting(False)
    voice_repeat_key: str = setting("f2")

    def service_for(self, is_group: bool, leader_requested: bool) -> str:
        if leader_requested:
            return self.leader_service
        return self.group_service if is_group else self.individual_service


# ------------------------------------------------------------------ priority

# first: 预约, then 优先 (age, 残疾, a reason staff gave), then arrival;
# interleave: `priority_turns` priority visitors, then `walk_in_turns` others, in turn;
# off: order of arrival only. reception.queue.ordering applies them.
PRIORITY_MODES = ("first", "interleave", "off")


@dataclass(frozen=True)
class PrioritySettings:
    """`[priority]`: who is called before the order of arrival (README: 优先规则)."""

    mode: str = setting("first", choices=PRIORITY_MODES)
    age: int = setting(70, low=0, high=150)  # this age or older is priority; 0: no age rule
    priority_turns: int = setting(1, low=1, high=20)  # interleave: N priority visitors ...
    walk_in_turns: int = setting(2, low=1, high=20)  # ... then M others


# ------------------------------------------------------------------ accounts


@dataclass(frozen=True)
class AccountSettings:
    """`[accounts]`: failed logins lock the account (issue 16), whichever screen,
    browser session or process they came from; counted in the database."""

    max_failures: int = setting(5, low=1, high=100)  # failed logins within the window that lock
    failure_window_minutes: int = setting(15, low=1, high=1440)
    lock_minutes: int = setting(15, low=1, high=1440)


# --------------------------------------------------------------------- hours

# A typical hall's 接待时间: working days 8:30-12:00 and 14:30-17:30.
WORKDAY_SESSIONS = ("08:30-12:00", "14:30-17:30")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def parse_session(text: str) -> tuple[time, time]:
    """"08:30-12:00" as (08:30, 12:00); Invalid (Chinese) when it is not one."""
    start, sep, end = text.replace("–", "-").replace("～", "-").partition("-")
    try:
        if not sep:
            raise ValueError
        opens, closes = (time.fromisoformat(part.strip()) for part in (start, end))
    except ValueError:
        raise Invalid(f"应为“开始-结束”的时间段，如 \"08:30-12:00\"，实际是 {text!r}") from None
    if opens >= closes:
        raise Invalid(f"时间段 {text} 的结束时间应晚于开始时间")
    return opens, closes


def _sessions(sessions: tuple[str, ...]) -> str | None:
    try:
        spans = [parse_session(text) for text in sessions]
    except Invalid as problem:
        return problem.problem
    for (_, closes), (opens, _) in zip(spans, spans[1:], strict=False):
        if opens <= closes:
            return "时间段应按时间先后排列，且彼此不重叠（中间是午间休息）"
    return None


def _day(default: tuple[str, ...]) -> Any:
    return setting(default, allow_empty=True, unique=True, check=_sessions, example='["08:30-12:00", "14:30-17:30"]')


@dataclass(frozen=True)
class HoursSettings:
    """`[hours]`: the hall's published 接待时间, read by `reception.queue.hours`.

    Each weekday is a list of sessions ("08:30-12:00"); the gap between two is
    the midday break; `[]` is a day without reception. Statutory holidays close
    the hall and the weekend days the State Council moves work to (调休) open it
    with `moved_workday`'s sessions (`national_calendar`). Numbers stop
    `last_number_minutes` before each session ends, so that everyone holding
    one is seen. `always = true` opens the hall day and night, every day (demos
    and tests); the office's own closures (`reception hours close`) still hold.
    """

    always: bool = setting(False)
    monday: tuple[str, ...] = _day(WORKDAY_SESSIONS)
    tuesday: tuple[str, ...] = _day(WORKDAY_SESSIONS)
    wednesday: tuple[str, ...] = _day(WORKDAY_SESSIONS)
    thursday: tuple[str, ...] = _day(WORKDAY_SESSIONS)
    friday: tuple[str, ...] = _day(WORKDAY_SESSIONS)
    saturday: tuple[str, ...] = _day(())
    sunday: tuple[str, ...] = _day(())
    moved_workday: tuple[str, ...] = _day(WORKDAY_SESSIONS)  # a 调休 weekend day worked
    national_calendar: bool = setting(True)  # statutory holidays and 调休 (chinese-calendar)
    last_number_minutes: int = setting(30, low=0, high=240)  # before each session ends

    def sessions_on(self, weekday: int) -> tuple[str, ...]:
        """The sessions of a weekday (0 = Monday), as written."""
        return tuple(getattr(self, WEEKDAYS[weekday]))


# ------------------------------------------------------------------- display

# "{voice}": the installed espeak-ng voice that reads Mandarin as Mandarin (cmn-latn-pinyin
# on Debian 12; plain "cmn" reads it as English syllables), see reception.devices.speech.
DEFAULT_VOICE_COMMAND = ("espeak-ng", "-v", "{voice}", "-s", "140", "{text}")


def _names_the_text(command: tuple[str, ...]) -> str | None:
    return None if any("{text}" in part for part in command) else "须包含 {text}（播报的内容）"


@dataclass(frozen=True)
class DisplaySettings:
    """`[display]`: the hall TV."""

    notice: str = setting(
        "请保管好随身财物，听到叫号后请到相应窗口或接待室。", allow_empty=True, max_len=200, collapse=True
    )
    recent_calls: int = setting(6, low=0, high=20)  # how many earlier calls are listed
    refresh_interval: float = setting(0.2, low=0.05, high=5, seconds=True)  # between looks at the database
    schedule_days: int = setting(7, low=0, high=31)  # the coming days' reception schedule shown
    page_seconds: int = setting(10, low=3, high=120)  # a long schedule shows each page this long
    voice: bool = setting(False)  # announce each call through an offline speech engine
    voice_command: tuple[str, ...] = setting(  # "{text}" is the announcement
        DEFAULT_VOICE_COMMAND, example='["espeak-ng", "-v", "{voice}", "{text}"]', check=_names_the_text
    )


# --------------------------------------------------------------------- serve

ROLES = ("display", "counter", "leader")


def _ip(host: str) -> str | None:
    try:
        ip_address(host)
    except ValueError:
        return f"不是有效的 IP 地址：{host!r}"
    return None


def _http_url(url: str | None) -> str | None:
    if url is None or url.startswith(("http://", "https://")):
        return None
    return "应以 http:// 或 https:// 开头"


@dataclass(frozen=True)
class ServeSettings:
    """`[serve]`: where `reception serve` listens and how many sessions it allows."""

    # Loopback unless the hall says otherwise: textual-serve has no TLS and
    # no Origin check, so the LAN address is a deliberate choice.
    host: str = setting("127.0.0.1", what='IP 地址文本，例如 "192.168.1.10"', check=_ip)
    port: int = setting(8080, low=1, high=65535)
    public_url: str | None = setting(None, allow_empty=True, what="以 http:// 或 https:// 开头的网址", check=_http_url)
    max_sessions: int = setting(20, low=1, high=500)  # each browser tab is one app process (~35 MB)
    roles: tuple[str, ...] = setting(ROLES, choices=ROLES)
    # New sessions one client address may start per minute (a browser reloading
    # after a refusal, a script opening tabs in a loop).
    sessions_per_minute: int = setting(10, low=1, high=600)

    @property
    def url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"

    @classmethod
    def complete(cls, values: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        if values.get("public_url"):
            values["public_url"] = values["public_url"].rstrip("/")
        return values


# ------------------------------------------------------------ devices.card_reader

BAUDS = (9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True)
class ReaderSettings:
    """`[devices.card_reader]`; with no `port` the kiosk uses its demo card source."""

    port: str = setting("", allow_empty=True, what="串口设备路径（文本），例如 /dev/ttyUSB0")
    baud: int = setting(115200, choices=BAUDS)
    timeout: float = setting(1.0, low=0.05, high=30.0, seconds=True)  # for a find/select reply
    poll_interval: float = setting(0.3, low=0.05, high=10.0, seconds=True)  # between finds while no card
    dedupe_seconds: float = setting(3.0, low=0.0, high=600.0, seconds=True)  # the same card again is not new

    def read_timeout(self) -> float:
        """The read reply (1295 bytes) takes 0.11 s at 115200 baud, 1.35 s at 9600."""
        return 2 * self.timeout + 1300 * 10 / self.baud

    def describe(self) -> str:
        return f"{self.port}（{self.baud} 波特）"


# --------------------------------------------------------------- devices.scanner

SCANNER_KINDS = ("keyboard", "serial")
SCANNER_BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True)
class ScannerSettings:
    """`[devices.scanner]`: a keyboard-wedge scanner (the default) or a serial one."""

    kind: str = setting("keyboard", choices=SCANNER_KINDS)
    port: str = setting("", allow_empty=True, what="串口设备路径（文本）")
    baud: int = setting(9600, choices=SCANNER_BAUDS)

    @classmethod
    def complete(cls, values: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        if values.get("kind") == "serial" and not values.get("port"):
            raise Invalid("串口扫码枪需要设置 port，例如 /dev/ttyACM0", "port")
        return values


# --------------------------------------------------------------- devices.printer

PRINTER_KINDS = ("preview", "usb", "serial", "network", "file", "dummy")
QR_MODES = ("auto", "native", "image")
CHINESE_MODES = ("native", "image")
FLOW_CONTROLS = ("dsrdtr", "rtscts", "xonxoff", "none")
# reception.devices.printer.status.PrinterState but READY (a test keeps them equal)
SIMULATED = ("paper_low", "paper_out", "cover_open", "offline", "error", "unreachable", "unknown")


def _usb_id(value: Any) -> int:
    """0x0416, 1046 or "0416" (as lsusb shows it): a 16-bit USB id."""
    if isinstance(value, str):
        try:
            value = int(value.strip().lower().removeprefix("0x"), 16)
        except ValueError:
            raise Invalid(f"应为十六进制的 USB 编号，例如 0x0416，实际是 {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 0xFFFF:
        raise Invalid(f"应为 1 到 0xFFFF 的 USB 编号，实际是 {value!r}")
    return value


def _network_port(value: Any) -> Any:
    if isinstance(value, str):
        # The card reader's section names its serial port `port`; the printer's is `device`.
        raise Invalid(f'port 是网络打印机的端口号（整数，如 9100）；串口或设备文件请写 device = "{value}"')
    return value


def _font_file(path: str | None) -> str | None:
    if path is None or Path(path).expanduser().is_file():
        return None
    return f"找不到字体文件 {path}"


@dataclass(frozen=True)
class PrinterConfig:
    """`[devices.printer]` as written; `reception.devices.printer.PrinterSettings`
    adds what the python-escpos profile decides (paper width, QR, cutter)."""

    kind: str = setting("preview", choices=PRINTER_KINDS)
    paper_width: int | None = setting(None, choices=(58, 80))  # mm; default: the profile's, else 80
    profile: str | None = setting(None, allow_empty=True)  # a python-escpos printer profile
    qr: str = setting("auto", choices=QR_MODES)
    qr_module: int = setting(6, low=2, high=16)
    chinese: str = setting("native", choices=CHINESE_MODES)
    font: str | None = setting(None, allow_empty=True, check=_font_file)
    cut: bool | None = setting(None)  # default: if the profile has a cutter
    timeout: float = setting(5.0, low=0.1, high=120.0, seconds=True)
    status_timeout: float = setting(0.5, low=0.05, high=10.0, seconds=True)
    device: str = setting("", allow_empty=True)
    baudrate: int = setting(9600, low=1200, high=921600)
    flow_control: str = setting("dsrdtr", choices=FLOW_CONTROLS)
    host: str = setting("", allow_empty=True)
    port: int = setting(9100, low=1, high=65535, convert=_network_port)
    vendor_id: int | None = setting(None, convert=_usb_id)
    product_id: int | None = setting(None, convert=_usb_id)
    in_ep: int = setting(0x82, low=0, high=0xFF)
    out_ep: int = setting(0x01, low=0, high=0xFF)
    preview_dir: str | None = setting(None, allow_empty=True)
    simulate: str = setting("", choices=("",) + SIMULATED)  # preview and dummy: pretend a fault

    @classmethod
    def complete(cls, values: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        kind = values.get("kind", "preview")
        if kind == "usb":
            for key in ("vendor_id", "product_id"):
                if values.get(key) is None:
                    raise Invalid("USB 打印机需要厂商号和产品号（lsusb 显示的 0416:5011 这样的两段）", key)
        if kind in ("serial", "file") and not values.get("device"):
            example = "/dev/ttyUSB0 或 COM3" if kind == "serial" else "/dev/usb/lp0"
            raise Invalid(f"缺少此项：打印机的设备路径，例如 {example}", "device")
        if kind == "network" and not values.get("host"):
            raise Invalid("缺少此项：打印机的 IP 地址或主机名", "host")
        if values.get("simulate") and kind not in ("preview", "dummy"):
            raise Invalid("只有 preview 和 dummy 打印机可以模拟故障", "simulate")
        return values


@dataclass(frozen=True)
class DevicesConfig:
    """`[devices.*]`: the kiosk's card reader, scanner and ticket printer."""

    card_reader: ReaderSettings = table(ReaderSettings)
    scanner: ScannerSettings = table(ScannerSettings)
    printer: PrinterConfig = table(PrinterConfig)
