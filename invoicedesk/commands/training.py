"""Command line of the training register (a contract):

    training list [--due] [--person NAME] [--json]
    training period [--months N]

``list`` prints each person's latest completion per lesson or drill with its refresher date; with
``--due`` only those due (exit 1 when any is due, so a scheduled job can warn). ``period`` shows
or sets (audited) the owner's refresher period in months.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from invoicedesk.commands.common import EXIT_OK, EXIT_PROBLEMS, _t
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add this feature's subcommands; each parser sets ``handler=fn(args, actor) -> int``."""
    p = sub.add_parser(
        "training", help=_t(QT_TRANSLATE_NOOP("Cli", "培训登记：谁完成了哪门课程和演练，谁该复训"))
    )
    training_sub = p.add_subparsers(dest="training_command", metavar="ACTION", required=True)
    ls = training_sub.add_parser(
        "list", help=_t(QT_TRANSLATE_NOOP("Cli", "列出培训登记（--due：只列该复训的）"))
    )
    ls.add_argument(
        "--due", action="store_true", help=_t(QT_TRANSLATE_NOOP("Cli", "只列出到期该复训的"))
    )
    ls.add_argument("--person", metavar="NAME", default=None)
    ls.add_argument("--json", action="store_true", dest="as_json")
    ls.set_defaults(handler=_cmd_list)
    pe = training_sub.add_parser(
        "period", help=_t(QT_TRANSLATE_NOOP("Cli", "查看或设置复训周期（月）"))
    )
    pe.add_argument("--months", metavar="N", default=None)
    pe.set_defaults(handler=_cmd_period)


def _cmd_list(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import training

    rows = training.register(due_only=args.due, person=args.person)
    months = training.refresher_months()
    if args.as_json:
        payload = {
            "refresher_months": months,
            "rows": [
                {
                    "person": r.person,
                    "lesson": r.lesson,
                    "title": r.title,
                    "role": r.role,
                    "kind": r.kind,
                    "completed_at": r.completed_at,
                    "seconds": r.seconds,
                    "where": r.where,
                    "times": r.times,
                    "due_on": r.due_on.isoformat(),
                    "due": r.due,
                }
                for r in rows
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif not rows:
        print(
            _t(QT_TRANSLATE_NOOP("Cli", "没有需要复训的人"))
            if args.due
            else _t(QT_TRANSLATE_NOOP("Cli", "培训登记为空"))
        )
    else:
        for r in rows:
            mark = (
                _t(QT_TRANSLATE_NOOP("Cli", "该复训"))
                if r.due
                else _t(QT_TRANSLATE_NOOP("Cli", "有效"))
            )
            minutes = _t(
                QT_TRANSLATE_NOOP("Cli", "{minutes}分{seconds}秒"),
                minutes=r.seconds // 60,
                seconds=f"{r.seconds % 60:02d}",
            )
            due_on = _t(QT_TRANSLATE_NOOP("Cli", "复训日期 {date}"), date=r.due_on.isoformat())
            print(
                f"{r.person}\t{r.lesson}\t{r.title}\t{r.completed_at[:10]}\t{minutes}\t{due_on}\t{mark}"
            )
    if args.due and rows:
        return EXIT_PROBLEMS
    return EXIT_OK


def _cmd_period(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import training

    if args.months is not None:
        months = training.set_refresher_months(args.months, actor)
    else:
        months = training.refresher_months()
    print(_t(QT_TRANSLATE_NOOP("Cli", "复训周期：{months} 个月"), months=months))
    return EXIT_OK
