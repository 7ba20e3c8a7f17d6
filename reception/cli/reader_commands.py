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
    card = subparsers.add_parser("card", help="身份证读卡器：读一张证件")
    card_actions = card.add_subparsers(dest="card_command", metavar="<操作>", required=True)
    read = card_actions.add_parser("read", help="等待放上一张证件，显示读到的内容（证件号码部分隐藏）")
    read.add_argument("--port", metavar="串口", help="读卡器串口，如 /dev/ttyUSB0（默认取配置 [devices.card_reader] port）")
    read.add_argument("--baud", type=int, metavar="波特率", help="波特率（默认取配置 [devices.card_reader] baud，否则 115200）")
    read.add_argument("--timeout", type=float, default=20.0, metavar="秒", help="最多等待证件多少秒（默认 20）")
    read.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    read.add_argument("--full-number", action="store_true", help="显示完整证件号码（仅限管理员，记入审计日志）")
    read.add_argument("--admin", metavar="用户名", help="--full-number 所需的管理员账号")
    read.add_argument("--password-stdin", action="store_true", help="从标准输入读取管理员密码")
    read.set_defaults(handler=read_command)

    reader = subparsers.add_parser("reader", help="身份证读卡器工具：模拟读卡器")
    reader_actions = reader.add_subparsers(dest="reader_command", metavar="<操作>", required=True)
    simulate = reader_actions.add_parser("simulate", help="在伪终端上运行一个模拟读卡器，用于调试（Ctrl-C 停止）")
    simulate.add_argument("--cards", metavar="文件", help="模拟的证件（TOML 或 JSON 文件；默认用示例证件）")
    simulate.add_argument("--fault", action="append", default=[], choices=FAULT_NAMES, metavar="故障",
                          help="注入故障，可重复使用：noise 应答前加乱码，bad_checksum 每隔一次应答校验错，"
                          "pull 读卡中途拿开证件，no_answer 不应答，sam_fault 安全模块自检失败")  # fmt: skip
    simulate.add_argument("--link", metavar="路径", help="另建一个指向该串口的符号链接")
    simulate.add_argument("--interval", type=float, default=5.0, metavar="秒",
                          help="无人读取时，每张证件在读卡器上停留多少秒（默认 5）")  # fmt: skip
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
