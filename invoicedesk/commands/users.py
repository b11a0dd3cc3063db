"""Command line of the accounts (a contract):

    user add NAME --role clerk|bookkeeper|owner
    user list [--json]
    user disable NAME
    user idle [--minutes N]

The new account's password comes from ``INVOICEDESK_NEW_PASSWORD`` (or a prompt on a terminal),
its optional PIN from ``INVOICEDESK_NEW_PIN``. The first ``user add`` on a ledger without accounts
needs no sign-in and always makes a 店长; after that, adding and disabling need a 店长 signed in
with ``--user`` (cli.py signs every command in once accounts exist).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from invoicedesk.commands.common import EXIT_OK, BadInput, _t
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "user",
        help=_t(
            QT_TRANSLATE_NOOP(
                "Cli", "账户：添加、列出、停用（店员 clerk / 会计 bookkeeper / 店长 owner）"
            )
        ),
    )
    user_sub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser(
        "add",
        help=_t(
            QT_TRANSLATE_NOOP("Cli", "添加账户（密码取自 INVOICEDESK_NEW_PASSWORD 或终端输入）")
        ),
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=("clerk", "bookkeeper", "owner"), required=True)
    add.set_defaults(handler=_cmd_add)
    ls = user_sub.add_parser("list", help=_t(QT_TRANSLATE_NOOP("Cli", "列出账户")))
    ls.add_argument("--json", action="store_true", dest="as_json")
    ls.set_defaults(handler=_cmd_list)
    dis = user_sub.add_parser(
        "disable", help=_t(QT_TRANSLATE_NOOP("Cli", "停用账户（最后一位店长不能停用）"))
    )
    dis.add_argument("name", metavar="NAME")
    dis.set_defaults(handler=_cmd_disable)
    idle = user_sub.add_parser(
        "idle", help=_t(QT_TRANSLATE_NOOP("Cli", "查看或设置窗口无操作自动锁定的分钟数（默认 10）"))
    )
    idle.add_argument("--minutes", metavar="N", default=None)
    idle.set_defaults(handler=_cmd_idle)


def new_password() -> str:
    password = os.environ.get("INVOICEDESK_NEW_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli",
                    "新账户的密码：请设置环境变量 INVOICEDESK_NEW_PASSWORD，或在终端中运行以输入",
                )
            )
        )
    first = getpass.getpass(_t(QT_TRANSLATE_NOOP("Cli", "新账户的密码：")))
    if getpass.getpass(_t(QT_TRANSLATE_NOOP("Cli", "再输入一次："))) != first:
        raise BadInput(_t(QT_TRANSLATE_NOOP("Cli", "两次输入的密码不一致")))
    return first


def _cmd_add(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.core.permissions import role_label
    from invoicedesk.services import accounts

    password = new_password()
    pin = os.environ.get("INVOICEDESK_NEW_PIN", "")
    account = accounts.add_account(args.name, args.role, password, actor, pin=pin)
    print(
        _t(
            QT_TRANSLATE_NOOP("Cli", "已添加账户 {name}（{role}）"),
            name=account.name,
            role=role_label(account.role),
        )
    )
    return EXIT_OK


def _cmd_list(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.core.permissions import role_label
    from invoicedesk.services import accounts

    items = accounts.list_accounts()
    if args.as_json:
        payload = [{"name": a.name, "role": a.role, "active": a.active} for a in items]
        print(json.dumps(payload, ensure_ascii=False))
    elif not items:
        print(_t(QT_TRANSLATE_NOOP("Cli", "还没有账户：一人使用，无需登录")))
    else:
        for a in items:
            state = (
                _t(QT_TRANSLATE_NOOP("Cli", "在用"))
                if a.active
                else _t(QT_TRANSLATE_NOOP("Cli", "已停用"))
            )
            print(f"{a.name}\t{role_label(a.role)}\t{state}")
    return EXIT_OK


def _cmd_disable(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import accounts

    account = accounts.disable_account(args.name, actor)
    print(_t(QT_TRANSLATE_NOOP("Cli", "已停用账户 {name}"), name=account.name))
    return EXIT_OK


def _cmd_idle(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import accounts

    if args.minutes is not None:
        minutes = accounts.set_idle_minutes(args.minutes, actor)
    else:
        minutes = accounts.idle_minutes()
    print(_t(QT_TRANSLATE_NOOP("Cli", "窗口无操作 {minutes} 分钟后自动锁定"), minutes=minutes))
    return EXIT_OK
