"""Accounts for staff, leaders and admins: `reception user add|list|disable|enable|passwd|unlock|approver`.

Passwords are typed at a hidden prompt (twice), or read from the first line of
standard input with --password-stdin for scripted installs; never taken as a
command-line argument, which would leave them in shell history and `ps`.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from reception.cli.context import CliContext, CliError
from reception.cli.text import cell as _cell
from reception.cli.text import shown


def register(subparsers: argparse._SubParsersAction) -> None:
    user = subparsers.add_parser("user", help="账号管理：工作人员、领导和管理员账号")
    actions = user.add_subparsers(dest="user_command", metavar="<操作>", required=True)

    add = actions.add_parser("add", help="创建账号（密码在终端里输入两次，或用 --password-stdin）")
    add.add_argument("username", metavar="用户名", help="登录用的用户名（字母、数字和 _ . -）")
    add.add_argument("--name", required=True, metavar="姓名", help="界面上显示的姓名")
    add.add_argument("--role", required=True, choices=("staff", "leader", "admin"),
                     help="角色：staff 工作人员，leader 领导，admin 管理员")
    add.add_argument(
        "--leader", metavar="领导", help="仅用于 --role leader：接访日安排中的领导姓名，或领导编号（见 reception schedule list）"
    )
    _password_option(add)
    add.set_defaults(handler=add_command)

    listing = actions.add_parser("list", help="列出所有账号")
    listing.set_defaults(handler=list_command)

    for action, help_text in (("disable", "停用账号，不能再登录"), ("enable", "重新启用已停用的账号")):
        sub = actions.add_parser(action, help=help_text)
        sub.add_argument("username", metavar="用户名", help="账号的用户名")
        sub.set_defaults(handler=toggle_command, active=action == "enable")

    passwd = actions.add_parser("passwd", help="设置新密码")
    passwd.add_argument("username", metavar="用户名", help="账号的用户名")
    _password_option(passwd)
    passwd.set_defaults(handler=passwd_command)

    unlock = actions.add_parser("unlock", help="解除因多次登录失败而锁定的账号（记入审计日志）")
    unlock.add_argument("username", metavar="用户名", help="账号的用户名")
    unlock.set_defaults(handler=unlock_command)

    approver = actions.add_parser(
        "approver",
        help="授予或撤销负责人权限（批准延长办理期限；《信访工作条例》第三十四条，记入审计日志）",
    )
    approver.add_argument("username", metavar="用户名", help="账号的用户名")
    approver.add_argument("--off", action="store_true", help="撤销负责人权限")
    approver.set_defaults(handler=approver_command)


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="从标准输入的第一行读取密码（供脚本使用）"
    )


def _actor(ctx: CliContext) -> str:
    """`--actor NAME` if given, else `cli:<OS user>` (account changes name the tool too)."""
    if (getattr(ctx.args, "actor", None) or "").strip():
        return ctx.actor
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        # getpass would echo the password, or end in EOFError with nothing to read.
        raise CliError("没有终端可以输入密码：请在终端里运行，或加 --password-stdin 从标准输入读取密码")
    try:
        first = getpass.getpass("密码：")
        again = getpass.getpass("再输入一次：")
    except EOFError:  # Ctrl+D at the prompt: end the prompt's line first
        print(file=sys.stderr)
        raise CliError("没有输入密码，未做任何改动") from None
    if again != first:
        raise CliError("两次输入的密码不一致")
    return first


def add_command(ctx: CliContext) -> int:
    args = ctx.args
    leader_id = _leader_id(ctx, args.leader) if args.leader else None
    user = ctx.service.add_user(
        args.username, _read_password(args), args.role, args.name, leader_id=leader_id, actor=_actor(ctx)
    )
    print(shown(f"已创建账号 {user.username}（{user.display_name}，{user.role_name}）"))
    return 0


def _leader_id(ctx: CliContext, leader: str) -> int:
    from reception.queue.errors import NotFound

    try:
        return ctx.service.leader_named(leader).id
    except NotFound as exc:
        # A newcomer follows README's example before any schedule is stored.
        raise CliError(
            f"{exc}：领导账号关联接访日安排里的领导，请先导入或添加该领导的接访日"
            "（reception schedule import 文件 / reception schedule add），再创建账号"
        ) from None


def list_command(ctx: CliContext) -> int:
    users = ctx.service.users()
    if not users:
        print("还没有账号：用 reception user add 创建")
        return 0
    for user in users:
        state = "" if user.active else "（已停用）"
        flag = "（负责人）" if user.approver else ""
        print(f"{_cell(user.username)}\t{_cell(user.display_name)}\t{user.role_name}{flag}{state}")
    return 0


def toggle_command(ctx: CliContext) -> int:
    service = ctx.service
    if ctx.args.active:
        user = service.enable_user(ctx.args.username, _actor(ctx))
        print(shown(f"账号 {user.username} 已启用"))
    else:
        user = service.disable_user(ctx.args.username, _actor(ctx))
        print(shown(f"账号 {user.username} 已停用"))
    return 0


def passwd_command(ctx: CliContext) -> int:
    user = ctx.service.set_password(ctx.args.username, _read_password(ctx.args), _actor(ctx))
    print(shown(f"账号 {user.username} 的密码已更新"))
    return 0



def unlock_command(ctx: CliContext) -> int:
    if ctx.service.unlock_user(ctx.args.username, _actor(ctx)):
        print(shown(f"账号 {ctx.args.username} 已解锁，可以重新登录"))
    else:
        print(shown(f"账号 {ctx.args.username} 未被锁定，已清除登录失败记录"))
    return 0


def approver_command(ctx: CliContext) -> int:
    user = ctx.service.set_approver(ctx.args.username, not ctx.args.off, _actor(ctx))
    if user.approver:
        print(shown(f"账号 {user.username}（{user.display_name}）已授予负责人权限，可批准延长办理期限"))
    else:
        print(shown(f"账号 {user.username}（{user.display_name}）的负责人权限已撤销"))
    return 0
