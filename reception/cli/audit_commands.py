"""`reception audit list`: read the audit log (审计日志) without sqlite3.

Through the facade (`HallService.audit_log`), which gives each entry in the
hall's time with every ID-like number masked; what is printed is escaped as
all stored text is (`reception.cli.text`), so a username typed at a login with
an escape sequence in it cannot reach the terminal raw.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from reception.cli.context import CliContext, CliError
from reception.cli.text import cell

HEADERS = ("时间", "操作人", "操作", "对象", "详情")


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="审计日志：谁在何时查看或改动了什么")
    actions = audit.add_subparsers(dest="audit_command", metavar="<操作>", required=True)
    listing = actions.add_parser(
        "list", help="列出审计日志（按时间先后，大厅时间；身份证号已遮盖）",
        description="列出审计日志，按时间先后。时间为大厅所在时区的时间；详情中的身份证号只显示前 4 位和后 4 位。",
    )
    # dest by_actor: the global --actor names who runs the command, not a filter
    listing.add_argument("--since", metavar="日期", help="只列出该日（含）以来的记录，如 2026-11-25")
    listing.add_argument("--actor", dest="by_actor", metavar="操作人", help="只列出该操作人（账号、自助机或命令行用户）的记录")
    listing.add_argument("--action", metavar="操作", help="只列出该操作，如 login.failed；ticket 或 ticket.* 表示所有号票操作")
    listing.add_argument("--json", action="store_true", help="每行输出一条 JSON 记录（供脚本使用）")
    listing.set_defaults(handler=list_command)


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"日期格式不对：{text}（应为 年-月-日，如 2026-11-25）") from None


def list_command(ctx: CliContext) -> int:
    args = ctx.args
    lines = ctx.service.audit_log(since=_since(args.since), actor=args.by_actor, action=args.action)
    if args.json:
        for line in lines:
            record = {"id": line.id, "at": line.at.isoformat(), "actor": line.actor, "action": line.action,
                      "subject": line.subject, "detail": line.detail}
            # ensure_ascii: any control character in stored text is a \\u escape, never raw
            print(json.dumps(record, ensure_ascii=True, sort_keys=True))
        return 0
    if not lines:
        print("没有符合条件的审计记录。")
        return 0
    print("\t".join(HEADERS))
    for line in lines:
        detail = json.dumps(line.detail, ensure_ascii=False, sort_keys=True) if line.detail else ""
        when = line.at.strftime("%Y-%m-%d %H:%M:%S")
        print("\t".join(cell(value) for value in (when, line.actor, line.action, line.subject, detail)))
    return 0
