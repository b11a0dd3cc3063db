"""``invoicedesk case add|list|show|export``: customer cases from scripts (a contract, see README).

- ``case add --json FILE`` (FILE or ``-``): one case object; prints the new case's id.
- ``case list [--open] [--overdue] [--json]``: items with id, state, overdue, customer, phone,
  promised_at (local ISO 8601 with offset, or null) and invoices.
- ``case show ID --json``: the same plus the timeline.
- ``case export ID --out FILE.pdf``: the case record.

Bad input exits 2 with one line on stderr naming the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from invoicedesk.commands.common import EXIT_OK, BadInput, _read_json, _t
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, aside, translate

PAGE = 1000


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "case", help=_t(QT_TRANSLATE_NOOP("Cli", "客户工单：登记、列出、查看、导出"))
    )
    case_sub = p.add_subparsers(dest="case_command", metavar="ACTION", parser_class=type(p))
    a = case_sub.add_parser(
        "add", help=_t(QT_TRANSLATE_NOOP("Cli", "从 JSON 登记一张客户工单，输出工单号"))
    )
    a.add_argument(
        "--json",
        required=True,
        metavar="FILE",
        dest="json_file",
        help=_t(QT_TRANSLATE_NOOP("Cli", "文件，- 为标准输入")),
    )
    a.set_defaults(handler=run_add)
    ls = case_sub.add_parser("list", help=_t(QT_TRANSLATE_NOOP("Cli", "列出客户工单（新的在前）")))
    ls.add_argument(
        "--open",
        action="store_true",
        dest="open_only",
        help=_t(QT_TRANSLATE_NOOP("Cli", "只列未办结的")),
    )
    ls.add_argument(
        "--overdue",
        action="store_true",
        dest="overdue_only",
        help=_t(QT_TRANSLATE_NOOP("Cli", "只列已逾期的")),
    )
    ls.add_argument("--json", action="store_true", dest="as_json")
    ls.set_defaults(handler=run_list)
    s = case_sub.add_parser("show", help=_t(QT_TRANSLATE_NOOP("Cli", "查看一张客户工单和处理经过")))
    s.add_argument("case_id", type=_case_id, metavar="ID")
    s.add_argument("--json", action="store_true", dest="as_json")
    s.set_defaults(handler=run_show)
    e = case_sub.add_parser("export", help=_t(QT_TRANSLATE_NOOP("Cli", "导出客户工单记录（PDF）")))
    e.add_argument("case_id", type=_case_id, metavar="ID")
    e.add_argument("--out", required=True, metavar="FILE.pdf")
    e.set_defaults(handler=run_export)
    p.set_defaults(handler=_usage)


CASE_ID = QT_TRANSLATE_NOOP("Cli", "工单号应为正整数，收到“{text}”")


def _case_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_t(CASE_ID, text=text)) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(_t(CASE_ID, text=text))
    return value


def _usage(args: argparse.Namespace, actor: str) -> int:
    raise BadInput(
        _t(
            QT_TRANSLATE_NOOP(
                "Cli", "用法：invoicedesk case add|list|show|export（用 --help 查看）"
            )
        )
    )


def run_add(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services.cases import case_from_dict

    view = case_from_dict(_read_json(args.json_file), actor)
    print(view.id)
    return EXIT_OK


def _item(row: Any) -> dict[str, Any]:
    from invoicedesk.services.cases import local_iso

    return {
        "id": row.id,
        "state": row.state,
        "overdue": bool(row.overdue),
        "customer": row.customer,
        "phone": row.phone,
        "promised_at": local_iso(row.promised_at),
        "invoices": [
            {"code": code, "number": number, "role": role} for code, number, role in row.invoices
        ],
    }


def run_list(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.core.case_flow import STATES
    from invoicedesk.services.cases import list_cases, local_iso
    from invoicedesk.store.case_queries import CaseFilter

    flt = CaseFilter(open_only=args.open_only, overdue_only=args.overdue_only)
    rows: list[Any] = []
    offset = 0
    while True:
        page = list_cases(flt, offset=offset, limit=PAGE)
        rows += page.rows
        if len(page.rows) < PAGE:
            break
        offset += PAGE
    if args.as_json:
        json.dump([_item(r) for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    for r in rows:
        late = _t(QT_TRANSLATE_NOOP("Cli", "逾期")) if r.overdue else ""
        promised = (local_iso(r.promised_at) or "")[:16].replace("T", " ")
        numbers = ",".join(n for _c, n, _r in r.invoices)
        print(
            f"#{r.id:<6} {translate('Case', STATES[r.state]):<4} {late:<2} {r.customer[:16]:<16} {r.phone:<15} "
            f"{promised:<16} {numbers}"
        )
    print(
        _t(
            QT_TRANSLATE_NOOP("Cli", "共 {count} 张工单；全部逾期 {overdue} 张"),
            count=len(rows),
            overdue=page.overdue,
        )
    )
    return EXIT_OK


def run_show(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.core.case_flow import STATES
    from invoicedesk.services.cases import get_case, local_iso

    view = get_case(args.case_id)
    item = {
        "id": view.id,
        "state": view.state,
        "overdue": view.overdue,
        "customer": view.customer,
        "phone": view.phone,
        "promised_at": local_iso(view.promised_at),
        "invoices": [{"code": i.code, "number": i.number, "role": i.role} for i in view.invoices],
        "timeline": [
            {"at": local_iso(e.ts), "by": e.actor, "kind": e.kind, "step": e.step, "text": e.text}
            for e in view.events
        ],
    }
    if args.as_json:
        print(json.dumps(item, ensure_ascii=False, indent=2))
        return EXIT_OK
    state = translate("Case", STATES[view.state])
    if view.overdue:
        state = aside(state, _t(QT_TRANSLATE_NOOP("Cli", "逾期")))
    print(_t(QT_TRANSLATE_NOOP("Cli", "客户工单 #{id}  {state}"), id=view.id, state=state))
    print(
        _t(
            QT_TRANSLATE_NOOP("Cli", "客户：{customer}  {phone} {email}"),
            customer=view.customer,
            phone=view.phone,
            email=view.email,
        ).rstrip()
    )
    print(_t(QT_TRANSLATE_NOOP("Cli", "反映：{complaint}"), complaint=view.complaint))
    for e in view.events:
        print(f"{(local_iso(e.ts) or '')[:16].replace('T', ' ')}  {e.actor}  {e.text}")
    return EXIT_OK


def run_export(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services.case_record import export_record

    out = Path(args.out)
    if out.is_dir():
        raise BadInput(
            _t(QT_TRANSLATE_NOOP("Cli", "--out 应为文件路径，而 {out} 是一个文件夹"), out=args.out)
        )
    written = export_record(args.case_id, out, actor)
    print(_t(QT_TRANSLATE_NOOP("Cli", "已导出客户工单记录：{path}"), path=written))
    return EXIT_OK
