"""`reception card read` and `reception reader simulate`: the ID card reader from a shell.

    reception card read [--port PORT] [--baud N] [--timeout S] [--json]
        Wait for one card and print what it holds, the ID number masked
        (1101**********0038). Exit 1 with a Chinese message when no card is read
        within --timeout seconds, the card is refused, or the port cannot be opened.
        PORT and N default to `[devices.card_reader] port` and `baud`.
    reception card read ... --full-number --admin USERNAME [--password-stdin]
        The full number, only for an admin account (password asked for), and
        written to the audit log as `card.doc_number.open`.
    reception reader simulate [--cards FILE] [--fault F ...] [--link PATH] [--interval S]
        A simulated reader on a pseudo-terminal: prints the port path, then
        places the cards one after another (each until it is read, or for
        --interval seconds) until Ctrl-C. Faults: noise, bad_checksum, pull, no_answer, sam_fault.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from pathlib import Path

from reception.cli.context import CliContext, CliError
from reception.cli.text import shown

FAULT_NAMES = ("noise", "bad_checksum", "pull", "no_answer", "sam_fault")  # as in devices.idcard.simulator

LABELS = {
    "doc_type": "证件类型", "name": "姓名", "gender": "性别", "ethnicity": "民族",
    "birth_date": "出生日期", "address": "住址", "number": "证件号码", "authority": "签发机关",
    "valid_from": "有效期起", "valid_until": "有效期至", "english_name": "英文姓名",
    "nationality": "国籍", "pass_number": "通行证号码", "issue_count": "签发次数",
}  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:
    card = subparsers.add_parser("card", help="the ID card reader: read one card (读卡)")
    card_actions = card.add_subparsers(dest="card_command", metavar="<action>", required=True)
    read = card_actions.add_parser("read", help="wait for one ID card and print its fields")
    read.add_argument("--port", help="serial port (default: [devices.card_reader] port)")
    read.add_argument("--baud", type=int, help="baud rate (default: [devices.card_reader] baud, else 115200)")
    read.add_argument("--timeout", type=float, default=20.0, metavar="S", help="seconds to wait for a card (default 20)")
    read.add_argument("--json", action="store_true", help="print the fields as JSON")
    read.add_argument("--full-number", action="store_true", help="show the full ID number (admin only, audited)")
    read.add_argument("--admin", metavar="USERNAME", help="the admin account for --full-number")
    read.add_argument("--password-stdin", action="store_true", help="read the admin password from stdin")
    read.set_defaults(handler=read_command)

    reader = subparsers.add_parser("reader", help="ID card reader tools (simulator)")
    reader_actions = reader.add_subparsers(dest="reader_command", metavar="<action>", required=True)
    simulate = reader_actions.add_parser("simulate", help="a simulated reader on a pseudo-terminal")
    simulate.add_argument("--cards", metavar="FILE", help="cards to serve (TOML or JSON; default: sample cards)")
    simulate.add_argument("--fault", action="append", default=[], choices=FAULT_NAMES,
                          help="inject a fault into every reply (repeatable)")  # fmt: skip
    simulate.add_argument("--link", metavar="PATH", help="also name the port by this symlink")
    simulate.add_argument("--interval", type=float, default=5.0, metavar="S",
                          help="seconds a card stays on the reader if nobody reads it (default 5)")  # fmt: skip
    simulate.set_defaults(handler=simulate_command)


def _settings(ctx: CliContext):
    from reception.devices.idcard.settings import BAUDS, ReaderSettings, card_reader_settings

    configured = card_reader_settings(ctx.config)
    port = ctx.args.port or configured.port
    if not port:
        raise CliError("请用 --port 指定读卡器串口，或在配置文件 [devices.card_reader] port 中设置")
    baud = ctx.args.baud or configured.baud
    if baud not in BAUDS:
        raise CliError(f"波特率应为 {' / '.join(map(str, BAUDS))} 之一，实际是 {baud}")
    values = {**configured.__dict__, "port": port, "baud": baud}
    return ReaderSettings(**values)


def _admin(ctx: CliContext) -> str:
    """The admin who asked for the full number (authenticated), as an audit actor."""
    args = ctx.args
    if not args.admin:
        raise CliError("显示完整证件号码需要管理员账号：请加 --admin 用户名")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not sys.stdin.isatty():
        raise CliError("没有终端可以输入密码：请在终端里运行，或加 --password-stdin 从标准输入读取密码")
    else:
        password = getpass.getpass(f"管理员 {args.admin} 的密码：")
    user = ctx.service.login(args.admin, password, roles=("admin",))
    return f"user:{user.username}"


def read_command(ctx: CliContext) -> int:
    from reception.devices.idcard.reader import CardGone, CardNotAccepted, CardReader, NoCard, ReaderError

    args = ctx.args
    if args.timeout <= 0:
        raise CliError("--timeout 应为正数（秒）")
    actor = _admin(ctx) if args.full_number else None
    settings = _settings(ctx)
    print(f"请将证件放在读卡器上（串口 {settings.port}，{settings.baud} 波特，最多等待 {args.timeout:g} 秒）…",
          file=sys.stderr)  # fmt: skip
    reader = CardReader(settings)
    try:
        with reader:
            card = reader.read_card(args.timeout)
    except (NoCard, CardGone) as exc:
        raise CliError(f"未读到证件：{exc.message}") from None
    except CardNotAccepted as exc:
        raise CliError(f"证件无法受理：{exc.message}。请核对证件，或请来访人到人工窗口登记") from None
    except ReaderError as exc:
        raise CliError(exc.message) from None
    finally:
        reader.close()

    if actor is not None:
        _audit_full_number(ctx, actor, card)
    fields = card.fields(full_number=args.full_number)
    expired = card.expired_on(ctx.clock.today())  # the hall's date, not the machine's
    if args.json:
        print(json.dumps({**fields, "expired": expired, "photo_bytes": len(card.photo)}, ensure_ascii=False, indent=2))
    else:
        width = max(len(LABELS[k]) for k in fields)
        for key, value in fields.items():
            print(f"{LABELS[key]:\u3000<{width}}  {shown(value)}")
        print(f"{'照片':\u3000<{width}}  {len(card.photo)} 字节（未解码）")
    if expired:
        print(f"注意：此证件已过期（有效期至 {card.valid_until}），自助机不受理，请来访人到人工窗口登记", file=sys.stderr)
    return 0


def _audit_full_number(ctx: CliContext, actor: str, card) -> None:
    ctx.service.record_audit(actor, "card.doc_number.open", f"card:{card.masked_number}",
                             {"doc_type": card.doc_type, "via": "reception card read"})  # fmt: skip


def simulate_command(ctx: CliContext) -> int:
    from reception.devices.idcard.simulator import SimulatedReader, load_cards, sample_cards
    from reception.devices.idcard.text_block import CardDataError

    args = ctx.args
    try:
        cards = load_cards(Path(args.cards)) if args.cards else sample_cards()
    except OSError as exc:
        raise CliError(f"无法读取模拟证件文件 {args.cards}：{exc.strerror}") from None
    except CardDataError as exc:
        raise CliError(exc.message) from None
    if not 0.5 <= args.interval <= 3600:
        raise CliError(f"--interval 应在 0.5 到 3600 秒之间，实际是 {args.interval:g}")
    link = Path(args.link) if args.link else None
    sim = SimulatedReader(cards, faults=set(args.fault), link=link)
    try:
        path = sim.start()
    except OSError as exc:  # --link in a directory that is missing or not ours
        sim.stop()
        raise CliError(f"无法建立串口链接 {link}：{exc.strerror or exc}（请确认目录存在且可写）") from None
    print(f"模拟读卡器已启动，串口：{path}", flush=True)
    if args.fault:
        print(f"注入故障：{', '.join(args.fault)}", flush=True)
    print("按 Ctrl-C 停止。", flush=True)
    try:
        index = 0
        while True:
            card = cards[index % len(cards)]
            sim.place(card)
            print(shown(f"放上证件：{card.name}（{card.masked_number}）"), flush=True)
            reads = sim.reads
            deadline = time.monotonic() + args.interval
            while time.monotonic() < deadline and sim.reads == reads and sim.card_present:
                time.sleep(0.05)
            if sim.reads > reads:
                print("  已被读取", flush=True)
                time.sleep(1.0)  # the visitor takes the card back
            elif not sim.card_present:
                print("  读卡中途被拿开（模拟故障 pull）", flush=True)
            else:
                print(f"  {args.interval:g} 秒内无人读取，已拿走", flush=True)
            sim.lift()
            time.sleep(1.0)
            index += 1
    except KeyboardInterrupt:
        print("模拟读卡器已停止。", flush=True)
        return 0
    finally:
        sim.stop()
