"""``invoicedesk reconcile FILE [--period YYYY-MM] [--json]``: import a platform export and reconcile.

A contract: the JSON keys and exit codes are documented in the README. Exit 0 when every issued
invoice of the period matched, 1 when there are differences, 2 for a bad file.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from invoicedesk.commands.common import BadInput, _period, _t
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, aside, listing, translate
from invoicedesk.core.kinds import STATUSES
from invoicedesk.core.reconcile import BUCKETS, DIFFERENCE_BUCKETS, FIELD_LABELS

EXIT_OK, EXIT_DIFFERENCES = 0, 1


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add this feature's subcommands; each parser sets ``handler=fn(args, actor) -> int``."""
    p = sub.add_parser(
        "reconcile",
        help=_t(QT_TRANSLATE_NOOP("Cli", "导入电子发票服务平台的全量发票查询导出文件并对账")),
    )
    p.add_argument("file", metavar="FILE", help=_t(QT_TRANSLATE_NOOP("Cli", ".xlsx 或同列的 .csv")))
    p.add_argument(
        "--period",
        type=_period,
        metavar="YYYY-MM",
        help=_t(QT_TRANSLATE_NOOP("Cli", "对账期间（默认：文件中最多的月份）")),
    )
    p.add_argument("--json", action="store_true", dest="as_json")
    p.set_defaults(handler=run)


def _item(diff: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"code": diff.code, "number": diff.number}
    if diff.bucket == "mismatched":
        item["fields"] = list(diff.fields)
    if diff.bucket == "status_mismatch":
        item["ledger"] = diff.ledger_status
        item["platform"] = diff.platform_status
    return item


def _status(code: str | None) -> str:
    return translate("Status", STATUSES.get(code or "", code or "—"))


def run(args: argparse.Namespace, actor: str) -> int:
    from pathlib import Path

    from invoicedesk.services import reconcile, reconcile_differences

    path = Path(args.file)
    if not path.is_file():
        raise BadInput(_t(QT_TRANSLATE_NOOP("Cli", "找不到文件：{file}"), file=args.file))
    imported, session = reconcile.reconcile_file(path, actor, args.period)
    by_bucket: dict[str, list[dict[str, Any]]] = {b: [] for b in DIFFERENCE_BUCKETS}
    for diff in reconcile_differences.list_differences(session.id):
        by_bucket[diff.bucket].append(_item(diff))
    result: dict[str, Any] = {
        "period": session.period,
        "platform_rows": session.platform_rows,
        "ledger_rows": session.ledger_rows,
        "matched": session.matched,
        **by_bucket,
        "received": session.received,
        "outside_period": session.outside_period,
        "session": session.id,
        "file": {"name": imported.name, "sha256": imported.sha256, "rows": imported.rows},
    }
    if args.as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli",
                    "{period} 对账：平台 {platform} 张，台账 {ledger} 张，一致 {matched} 张；"
                    "进项发票 {received} 张另计",
                ),
                period=session.period,
                platform=session.platform_rows,
                ledger=session.ledger_rows,
                matched=session.matched,
                received=session.received,
            )
        )
        for bucket, items in by_bucket.items():
            for item in items:
                key = f"{item['code']}-{item['number']}" if item["code"] else item["number"]
                extra = ""
                if "fields" in item:
                    fields = listing(
                        translate("Reconcile", FIELD_LABELS.get(f, f)) for f in item["fields"]
                    )
                    extra = aside("", fields)
                if "ledger" in item:
                    extra = aside(
                        "",
                        _t(
                            QT_TRANSLATE_NOOP("Cli", "台账 {ledger}，平台 {platform}"),
                            ledger=_status(item["ledger"]),
                            platform=_status(item["platform"]),
                        ),
                    )
                print(f"{translate('Reconcile', BUCKETS[bucket])}\t{key}{extra}")
    return EXIT_DIFFERENCES if session.differences else EXIT_OK
