"""Command line of the change feed (a contract):

    changes --follow [--json]

Prints one line per change committed to the ledger by anyone (a counter, another window, the
command line), as it happens, until Ctrl+C (exit 0). With ``--json`` each line is one JSON object:
``{"at": …, "by": …, "invoices": [ids…], "requests": [ids…], "periods": ["YYYY-MM"…],
"incidents": […], "cases": […], "backups": […], "settings": [keys…], "others": [entities…],
"database_switched": false, "reload": false}``; ``reload`` true means "reread everything" (a
change too large to list). PostgreSQL: LISTEN/NOTIFY; SQLite: ``PRAGMA data_version`` checked
every 200 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from invoicedesk.commands.common import EXIT_OK, BadInput, _t
from invoicedesk.core.changes import Changes
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP

POLL_S = 0.2


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "changes",
        help=_t(QT_TRANSLATE_NOOP("Cli", "逐条输出台账的变化（--follow：持续输出，Ctrl+C 结束）")),
    )
    p.add_argument(
        "--follow",
        action="store_true",
        help=_t(QT_TRANSLATE_NOOP("Cli", "持续输出新的变化，直到 Ctrl+C")),
    )
    p.add_argument(
        "--json",
        action="store_true",
        dest="as_json",
        help=_t(QT_TRANSLATE_NOOP("Cli", "每行一个 JSON 对象")),
    )
    p.set_defaults(handler=_cmd_changes)


def _line(change: Changes, as_json: bool) -> str:
    if as_json:
        return change.to_json()
    parts = []
    data = change.as_dict()
    for name in ("invoices", "requests", "periods", "incidents", "cases", "backups", "settings"):
        if data[name]:
            parts.append(f"{name} " + ",".join(str(v) for v in data[name]))
    if change.reload:
        parts.append("reload")
    if change.database_switched:
        parts.append("database switched")
    return f"{change.at} {change.by}: " + "; ".join(parts)


def _cmd_changes(args: argparse.Namespace, actor: str) -> int:
    if not args.follow:
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli", "参数错误：changes 需要 --follow（持续输出变化，Ctrl+C 结束）"
                )
            )
        )
    try:
        for change in _follow(args.db_target):
            print(_line(change, args.as_json), flush=True)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _follow(target: str) -> Any:
    from invoicedesk.store import change_feed
    from invoicedesk.store.database import is_postgres_url

    if is_postgres_url(target):
        listener = change_feed.PgListener(target, include_own=True)
        print_ready()
        try:
            while True:
                yield from listener.wait(1.0)
        finally:
            listener.close()
    watcher = change_feed.SqliteWatcher(target)
    print_ready()
    while True:
        change = watcher.poll()
        if change is not None and not change.is_empty():
            yield change
        time.sleep(POLL_S)


def print_ready() -> None:
    """One line on stderr once listening: a script may wait for it before writing."""
    print(_t(QT_TRANSLATE_NOOP("Cli", "正在等待变化（Ctrl+C 结束）")), file=sys.stderr, flush=True)
