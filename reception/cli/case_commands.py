"""`reception case …` and `reception supervise …`: the case after the counter (issue 13).

- `case document CASE --kind 受理告知书 --out FILE.docx`: a written notice or reply
  from the case (templates beside the config, see reception.exports.letters);
- `case deliver`: record a letter as delivered (date, 当面 / 邮寄 / 短信 / 其他);
- `case extend`: extend the handling deadline (a 负责人 account, a reason, ≤30 days, once);
- `case conclude`: conclude with the written reply, its approving leader and date;
- `case baoan` / `case close-baoan`: 包案;
- `case show`: the case's decisions, deadlines, letters, 包案 and 催办;
- `case templates`: where the office's templates live (`--init` copies the defaults there);
- `supervise list [--overdue] [--json] [--out FILE.xlsx]` and `supervise remind`: 督办.
Rules and their seeds: reception.queue.casework and reception.queue.supervision.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from reception.cli.context import CliContext, CliError, add_actor_option
from reception.cli.text import cell, shown

_KINDS = ("受理告知书", "不予受理告知书", "依法定途径处理告知书", "延期办理告知书", "答复意见书")


def register(subparsers: argparse._SubParsersAction) -> None:
    case = subparsers.add_parser("case", help="信访事项：书面告知与答复、送达、延期、办结、包案")
    actions = case.add_subparsers(dest="case_action", metavar="<操作>", required=True)

    document = actions.add_parser(
        "document", help="生成书面文书（.docx，可用 WPS 或 Word 打开）",
        description="按模板生成受理告知书、不予受理告知书、依法定途径处理告知书、延期办理告知书或答复意见书。"
        "机关自己的模板放在配置文件旁的 letter_templates 目录（见 reception case templates），"
        "没有时用内置模板。文件先写到临时文件，完成后才放到目标位置。",
    )
    document.add_argument("case_number", metavar="登记编号", help="信访事项的登记编号")
    document.add_argument("--kind", required=True, choices=_KINDS, metavar="文书", help="文书种类：" + " / ".join(_KINDS))
    document.add_argument("--out", required=True, metavar="文件", help="输出文件，以 .docx 结尾")
    add_actor_option(document)
    document.set_defaults(handler=document_command)

    deliver = actions.add_parser("deliver", help="登记文书已送达信访人（记入事项记录；受理告知书送达即视为已告知）")
    deliver.add_argument("case_number", metavar="登记编号", help="信访事项的登记编号")
    deliver.add_argument("--kind", required=True, choices=_KINDS, metavar="文书", help="文书种类：" + " / ".join(_KINDS))
    deliver.add_argument("--method", required=True, metavar="方式", help="送达方式：当面 / 邮寄 / 短信 / 其他")
    deliver.add_argument("--on", default="", metavar="日期", help="送达日期 YYYY-MM-DD（默认今天）")
    deliver.add_argument("--note", default="", metavar="备注", help="备注，如邮寄单号")
    add_actor_option(deliver)
    deliver.set_defaults(handler=deliver_command)

    extend = actions.add_parser(
        "extend", help="延长办理期限（须负责人账号操作，写明理由，不超过 30 日，只能一次）",
        description="《信访工作条例》第三十四条：经本机关负责人批准，可以适当延长，但延长期限不得超过30日，"
        "并告知信访人延期理由。--actor 须是有负责人权限的账号（reception user approver）。",
    )
    extend.add_argument("case_number", metavar="登记编号", help="信访事项的登记编号")
    extend.add_argument("--reason", required=True, metavar="理由", help="延期理由")
    extend.add_argument("--days", type=int, default=30, metavar="天数", help="延长天数，1 到 30（默认 30）")
    extend.add_argument("--out", metavar="文件", help="同时生成延期办理告知书（.docx）")
    add_actor_option(extend)
    extend.set_defaults(handler=extend_command)

    conclude = actions.add_parser("conclude", help="办结：记录答复意见、批准领导和答复日期")
    conclude.add_argument("case_number", metavar="登记编号", help="信访事项的登记编号")
    conclude.add_argument("--reply", metavar="答复意见", help="答复意见全文")
    conclude.add_argument("--reply-file", metavar="文件", help="从 UTF-8 文本文件读取答复意见")
    conclude.add_argument("--approver", required=True, metavar="领导", help="批准答复的领导（接访领导姓名或负责人账号）")
    conclude.add_argument("--on", default="", metavar="日期", help="答复日期 YYYY-MM-DD（默认今天）")
    add_actor_option(conclude)
    conclude.set_defaults(handler=conclude_command)

    baoan = actions.add_parser("baoan", help="包案：明确包案领导、责任单位、措施和期限")
    baoan.add_argument("case_number", metavar="登记编号", help="信访事项的登记编号")
    baoan.add_argument("--leader", required=True, metavar="领导", help="包案领导的姓名或编号")
    baoan.add_argument("--unit", required=True, metavar="单位", help="责任单位")
    baoan.add_argument("--measures", required=True, metavar="措施", help="包案措施")
    baoan.add_argument("--due", required=True, metavar="日期", help="办结期限 YYYY-MM-DD")
    add_actor_option(baoan)
    baoan.set_defaults(handler=baoan_command)

    close = actions.add_parser("close-baoan", help="包案结案：写明结果")
    close.add_argument("baoan_id", type=int, metavar="包案编号", help="包案编号（见 reception case show）")
    close.add_argument("--result", required=True, metavar="结果", help="包案结果")
    add_actor_option(close)
    close.set_defaults(handler=close_baoan_command)

    show = actions.add_parser("show", help="查看信访事项：处理决定、期限、文书送达、答复、包案、催办")
    show.add_argument("case_number", metavar="登记编号", help="信访事项的登记编号")
    show.set_defaults(handler=show_command)

    templates = actions.add_parser("templates", help="文书模板的位置；--init 把内置模板复制过去供修改")
    templates.add_argument("--init", action="store_true", help="把内置模板复制到模板目录（已有的不覆盖）")
    templates.set_defaults(handler=templates_command)

    supervise = subparsers.add_parser("supervise", help="督办：告知、办理、批示、包案的期限一览，催办")
    sup_actions = supervise.add_subparsers(dest="supervise_action", metavar="<操作>", required=True)
    listing = sup_actions.add_parser(
        "list", help="列出所有未完成的期限，已超期的在前",
        description="告知、办理、批示、包案的期限都在这一张清单里，直到完成；已超期的排在前面并显示超期天数。",
    )
    listing.add_argument("--overdue", action="store_true", help="只列出已超期的")
    listing.add_argument("--within", type=int, metavar="天数", help="只列出这么多天内到期或已超期的")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出（每项一个对象）")
    listing.add_argument("--out", metavar="文件", help="写入 .xlsx 文件")
    listing.set_defaults(handler=supervise_list_command)

    remind = sup_actions.add_parser("remind", help="记录一次催办（谁、何时、以何方式）")
    remind.add_argument("case_number", metavar="登记编号", help="信访事项的登记编号")
    remind.add_argument("--kind", required=True, choices=("告知", "办理", "批示", "包案"), metavar="类型",
                        help="催办的期限：告知 / 办理 / 批示 / 包案")
    remind.add_argument("--method", required=True, metavar="方式", help="催办方式：电话 / 当面 / 书面 / 短信 / 其他")
    remind.add_argument("--note", default="", metavar="说明", help="催办说明")
    add_actor_option(remind)
    remind.set_defaults(handler=remind_command)


# ------------------------------------------------------------------ case


def document_command(ctx: CliContext) -> int:
    target = _write_letter(ctx, ctx.service.visit_of_case(ctx.args.case_number), ctx.args.kind, Path(ctx.args.out))
    print(shown(f"已生成{ctx.args.kind}：{target}"))
    return 0


def _write_letter(ctx: CliContext, visit_id: int, kind: str, target: Path) -> Path:
    from reception.exports.files import ExportError
    from reception.exports.letters import write_letter

    case = ctx.service.case_document(visit_id, kind)
    try:
        return write_letter(case, kind, target, ctx.config, ctx.clock.today())
    except ExportError as exc:
        raise CliError(str(exc)) from None


def deliver_command(ctx: CliContext) -> int:
    args = ctx.args
    visit_id = ctx.service.visit_of_case(args.case_number)
    delivery = ctx.service.record_delivery(visit_id, args.kind, args.method, ctx.actor, args.on, args.note)
    print(shown(f"已登记：{args.kind} 于 {delivery.delivered_on.isoformat()} {delivery.method}送达"))
    return 0


def extend_command(ctx: CliContext) -> int:
    args = ctx.args
    if args.out and not args.out.lower().endswith(".docx"):
        raise CliError(f"输出文件须以 .docx 结尾：{args.out}")
    visit_id = ctx.service.visit_of_case(args.case_number)
    after = ctx.service.extend_deadline(visit_id, args.reason, ctx.actor, args.days)
    deadline = after.handle_deadline.isoformat() if after.handle_deadline else ""
    print(shown(f"{args.case_number} 办理期限已延长 {args.days} 日，至 {deadline}"))
    if args.out:
        target = _write_letter(ctx, visit_id, "延期办理告知书", Path(args.out))
        print(shown(f"已生成延期办理告知书：{target}"))
    else:
        print("请生成并送达延期办理告知书：reception case document 登记编号 --kind 延期办理告知书 --out 文件.docx")
    return 0


def conclude_command(ctx: CliContext) -> int:
    args = ctx.args
    if bool(args.reply) == bool(args.reply_file):
        raise CliError("请用 --reply 或 --reply-file 给出答复意见（二选一）")
    reply = args.reply
    if args.reply_file:
        try:
            reply = Path(args.reply_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"无法读取答复意见文件 {args.reply_file}：{getattr(exc, 'strerror', None) or exc}") from None
    visit_id = ctx.service.visit_of_case(args.case_number)
    ctx.service.conclude(visit_id, ctx.actor, reply=reply, approver=args.approver, replied_on=args.on)
    print(shown(f"{args.case_number} 已办结，答复意见已记录（批准：{args.approver}）"))
    return 0


def baoan_command(ctx: CliContext) -> int:
    args = ctx.args
    visit_id = ctx.service.visit_of_case(args.case_number)
    leader = ctx.service.leader_named(args.leader)
    baoan = ctx.service.assign_baoan(visit_id, leader.id, args.unit, args.measures, args.due, ctx.actor)
    print(shown(f"已包案（编号 {baoan.id}）：{baoan.case_number} 由 {baoan.leader_name} 包案，"
                f"责任单位 {baoan.unit}，期限 {baoan.due_date.isoformat()}"))
    return 0


def close_baoan_command(ctx: CliContext) -> int:
    baoan = ctx.service.close_baoan(ctx.args.baoan_id, ctx.args.result, ctx.actor)
    print(shown(f"包案 {baoan.id}（{baoan.case_number}）已结案"))
    return 0


def show_command(ctx: CliContext) -> int:
    service = ctx.service
    visit_id = service.visit_of_case(ctx.args.case_number)
    case = service.case_file(visit_id)
    lines = [
        f"登记编号：{case.case_number}    来访日期：{case.hall_day.isoformat()}    来访人：{case.name}",
        f"反映问题：{case.summary}",
        f"处理结果：{case.outcome}{'（' + case.statutory_channel + '）' if case.statutory_channel else ''}"
        f"{'，' + case.handling if case.handling else ''}{'，' + case.department if case.department else ''}",
    ]
    if case.notify_deadline:
        told = "已告知" if case.notified_at else "未告知"
        lines.append(f"告知期限：{case.notify_deadline.isoformat()}（{told}）")
    if case.handle_deadline:
        lines.append(f"办理期限：{case.handle_deadline.isoformat()}{'（已办结）' if case.concluded_at else ''}")
    if case.extended:
        lines.append(f"延期：{case.extension_days or 30} 日，理由：{case.extension_reason}，"
                     f"批准：{case.extension_approver}，{case.extended_on.isoformat() if case.extended_on else ''}")
    if case.reply_at:
        lines.append(f"答复（{case.reply_at.isoformat()}，批准：{case.reply_approver}）：{case.reply_text}")
    lines.append("可生成的文书：" + ("、".join(case.document_kinds) or "无"))
    for delivery in case.deliveries:
        lines.append(f"送达：{delivery.kind} {delivery.delivered_on.isoformat()} {delivery.method}"
                     f"{'（' + delivery.note + '）' if delivery.note else ''}，经办：{delivery.actor}")
    for baoan in service.baoan_of_visit(visit_id):
        state = f"已结案：{baoan.result}" if not baoan.open else "未结"
        lines.append(f"包案 {baoan.id}：{baoan.leader_name}，责任单位 {baoan.unit}，期限 "
                     f"{baoan.due_date.isoformat()}，措施：{baoan.measures}（{state}）")
    for reminder in service.reminders(visit_id):
        lines.append(f"催办：{reminder.kind} {reminder.at[:16].replace('T', ' ')} {reminder.method}，"
                     f"{reminder.actor}{'：' + reminder.note if reminder.note else ''}")
    print(shown("\n".join(lines)))
    return 0


def templates_command(ctx: CliContext) -> int:
    from reception.exports.letter_templates import REQUIRED, SHIPPED_DIR
    from reception.exports.letters import templates_dir

    where = templates_dir(ctx.config)
    if ctx.args.init:
        try:
            where.mkdir(parents=True, exist_ok=True)
            for kind in REQUIRED:
                own = where / f"{kind}.docx"
                if not own.exists():
                    shutil.copyfile(SHIPPED_DIR / own.name, own)
        except OSError as exc:
            raise CliError(f"无法写入模板目录 {where}：{exc.strerror or exc}") from None
    print(shown(f"文书模板目录：{where}"))
    for kind in REQUIRED:
        own = where / f"{kind}.docx"
        print(shown(f"  {kind}：{'机关模板' if own.exists() else '内置模板（目录中没有此文件）'}"))
    return 0


# ------------------------------------------------------------------ 督办


def supervise_list_command(ctx: CliContext) -> int:
    args = ctx.args
    if args.within is not None and args.within < 0:
        raise CliError("--within 不能是负数")
    target = Path(args.out) if args.out else None
    if target is not None and target.suffix.lower() != ".xlsx":
        raise CliError(f"输出文件须以 .xlsx 结尾：{target}")
    items = ctx.service.supervision_list(within_days=args.within, overdue_only=args.overdue)
    if target is not None:
        from reception.exports.files import ExportError
        from reception.exports.supervision_file import write_supervision_xlsx

        try:
            write_supervision_xlsx(items, target, ctx.clock.now().strftime("%Y-%m-%d %H:%M"))
        except ExportError as exc:
            raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps([item.as_json() for item in items], ensure_ascii=False, indent=1))
    elif target is not None:
        print(shown(f"已写入督办清单：{len(items)} 项，{target}"))
    elif not items:
        print("没有未完成的期限" if not args.overdue else "没有已超期的事项")
    else:
        overdue = sum(1 for item in items if item.overdue)
        print(f"督办：共 {len(items)} 项，已超期 {overdue} 项")
        for item in items:
            print("\t".join(cell(value) for value in (
                item.deadline.isoformat(), item.kind, item.status, item.case_number, item.lead_name,
                item.department, item.owner, f"催办 {item.reminders} 次",
            )))
    return 0


def remind_command(ctx: CliContext) -> int:
    args = ctx.args
    service = ctx.service
    visit_id = service.visit_of_case(args.case_number)
    open_items = [item for item in service.supervision_list(within_days=None)
                  if item.visit_id == visit_id and item.kind == args.kind]
    if not open_items:
        raise CliError(f"{args.case_number} 没有未完成的{args.kind}期限，无需催办")
    reminder = service.remind(visit_id, args.kind, args.method, ctx.actor, open_items[0].ref_id, args.note)
    print(shown(f"已记录催办：{args.case_number} {args.kind}，{reminder.method}，{reminder.actor}"))
    return 0
