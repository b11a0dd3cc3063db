"""Command line of the month_end feature (a contract):

    export ledger|month|pack --period YYYY-MM --out PATH [--json]
    lock --period YYYY-MM [--note TEXT] [--json]
    unlock --period YYYY-MM --reason TEXT [--second NAME]

``lock`` refuses (exit 2, with the reason) while screening findings are open; ``screen`` lists
them (exit 1 when there are open findings) and ``ack`` accepts one with a note.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from invoicedesk.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    BadInput,
    _period,
    _t,
    second_person,
)
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, colon


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add this feature's subcommands; each parser sets ``handler=fn(args, actor) -> int``."""
    p = sub.add_parser(
        "export",
        help=_t(
            QT_TRANSLATE_NOOP("Cli", "导出月度台账（xlsx）、月度报告（pdf）或会计资料包（zip）")
        ),
    )
    p.add_argument("what", choices=("ledger", "month", "pack"), help="ledger | month | pack")
    p.add_argument("--period", type=_period, required=True, metavar="YYYY-MM")
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument(
        "--reviewer",
        default="",
        metavar="NAME",
        help=_t(QT_TRANSLATE_NOOP("Cli", "月度报告上的复核人")),
    )
    p.add_argument(
        "--with-training",
        action="store_true",
        help=_t(QT_TRANSLATE_NOOP("Cli", "与 pack 一起：资料包附上员工培训登记")),
    )
    p.add_argument("--json", action="store_true", dest="as_json")
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser(
        "lock", help=_t(QT_TRANSLATE_NOOP("Cli", "结账锁定一个月（筛查结果须已处理）"))
    )
    p.add_argument("--period", type=_period, required=True, metavar="YYYY-MM")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--json", action="store_true", dest="as_json")
    p.set_defaults(handler=_cmd_lock)

    p = sub.add_parser("unlock", help=_t(QT_TRANSLATE_NOOP("Cli", "解除月份锁定（须填写原因）")))
    p.add_argument("--period", type=_period, required=True, metavar="YYYY-MM")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument(
        "--second",
        metavar="NAME",
        help=_t(
            QT_TRANSLATE_NOOP(
                "Cli", "有账户时：确认解锁的另一位会计或店长（PIN 取自 INVOICEDESK_SECOND_PIN）"
            )
        ),
    )
    p.set_defaults(handler=_cmd_unlock)

    p = sub.add_parser("screen", help=_t(QT_TRANSLATE_NOOP("Cli", "锁定前筛查一个月")))
    p.add_argument("--period", type=_period, required=True, metavar="YYYY-MM")
    p.add_argument("--json", action="store_true", dest="as_json")
    p.set_defaults(handler=_cmd_screen)

    p = sub.add_parser("ack", help=_t(QT_TRANSLATE_NOOP("Cli", "接受一条筛查结果并填写说明")))
    p.add_argument("--period", type=_period, required=True, metavar="YYYY-MM")
    p.add_argument(
        "--key",
        required=True,
        metavar="KEY",
        help=_t(QT_TRANSLATE_NOOP("Cli", "screen --json 给出的 key")),
    )
    p.add_argument("--note", required=True, metavar="TEXT")
    p.set_defaults(handler=_cmd_ack)


def _out(args: argparse.Namespace) -> Path:
    out = Path(args.out)
    suffix = {"ledger": ".xlsx", "month": ".pdf", "pack": ".zip"}[args.what]
    if out.is_dir():
        raise BadInput(
            _t(QT_TRANSLATE_NOOP("Cli", "--out 应为文件路径，而 {out} 是一个文件夹"), out=out)
        )
    if out.suffix.lower() != suffix:
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP("Cli", "--out 的扩展名应为 {suffix}，收到“{name}”"),
                suffix=suffix,
                name=out.name,
            )
        )
    return out


def _cmd_export(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import month_files
    from invoicedesk.store.invoice_queries import InvoiceFilter

    out = _out(args)
    if args.with_training and args.what != "pack":
        raise BadInput(_t(QT_TRANSLATE_NOOP("Cli", "--with-training 只能与 pack 一起使用")))
    if args.what == "ledger":
        count = month_files.export_ledger(InvoiceFilter(period=args.period), out, actor)
    elif args.what == "month":
        count = month_files.export_month_pdf(args.period, out, actor, reviewer=args.reviewer)
    else:
        count = month_files.export_pack(args.period, out, actor, with_training=args.with_training)
    if args.as_json:
        print(
            json.dumps(
                {"what": args.what, "period": args.period, "path": str(out), "invoices": count},
                ensure_ascii=False,
            )
        )
    else:
        print(
            _t(
                QT_TRANSLATE_NOOP("Cli", "已导出 {period}（{count} 张发票）：{out}"),
                period=args.period,
                count=count,
                out=out,
            )
        )
    return EXIT_OK


def _cmd_lock(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import month_end

    info = month_end.lock_month(args.period, actor, args.note)
    if args.as_json:
        print(
            json.dumps(
                {"period": info.period, "locked_by": info.locked_by, "locked_at": info.locked_at},
                ensure_ascii=False,
            )
        )
    else:
        print(
            _t(
                QT_TRANSLATE_NOOP("Cli", "{period} 已锁定（{by}）"),
                period=info.period,
                by=info.locked_by,
            )
        )
    return EXIT_OK


def _cmd_unlock(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import month_end

    name, pin = second_person(args)
    month_end.unlock_month(args.period, args.reason, actor, second_name=name, second_pin=pin)
    print(
        _t(
            QT_TRANSLATE_NOOP("Cli", "{period} 已解锁，原因：{reason}"),
            period=args.period,
            reason=args.reason.strip(),
        )
    )
    return EXIT_OK


def _cmd_screen(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import month_end

    result = month_end.screen_period(args.period)
    if args.as_json:
        out = [
            {
                "key": f.key,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.text,
                "invoice_ids": list(f.invoice_ids),
                "acknowledged": f.key in result.acks,
                "note": result.acks[f.key].note if f.key in result.acks else None,
            }
            for f in result.findings
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for f in result.findings:
            state = (
                _t(QT_TRANSLATE_NOOP("Cli", "已说明"))
                if f.key in result.acks
                else _t(QT_TRANSLATE_NOOP("Cli", "未处理"))
            )
            print(f"[{state}] {colon(f.rule_text)}{f.text}")
        print(
            _t(
                QT_TRANSLATE_NOOP("Cli", "共 {count} 条，未处理 {open} 条"),
                count=len(result.findings),
                open=len(result.open_findings),
            )
        )
    return EXIT_OK if result.passed else EXIT_PROBLEMS


def _cmd_ack(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import month_end

    result = month_end.screen_period(args.period)
    if args.key not in {f.key for f in result.findings}:
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP("Cli", "{period} 的筛查结果中没有 {key}"),
                period=args.period,
                key=args.key,
            )
        )
    month_end.acknowledge(args.period, args.key, args.note, actor)
    print(_t(QT_TRANSLATE_NOOP("Cli", "已记录说明：{key}"), key=args.key))
    return EXIT_OK
