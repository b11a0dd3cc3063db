"""``invoicedesk maintain [--json] [--if-due] [--wait S]``, ``maintain --window HH:MM-HH:MM``.

For the OS scheduler (cron, systemd timers, the Windows Task Scheduler): run the preventive
maintenance now, or with ``--if-due`` only inside the owner's window and once per window (so a
timer may fire every 15 minutes). Exit 0 done or not due, 75 when someone kept writing (nothing
was done; the next run tries again), 2 for a bad window.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from invoicedesk.commands.common import EXIT_BUSY, BadInput, _t
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, listing


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "maintain",
        help=_t(QT_TRANSLATE_NOOP("Cli", "数据库维护：更新统计、整理索引、清空写入日志")),
    )
    p.add_argument("--json", action="store_true", dest="as_json")
    p.add_argument(
        "--if-due",
        action="store_true",
        help=_t(QT_TRANSLATE_NOOP("Cli", "只在维护时段内、且本时段还未维护时运行")),
    )
    p.add_argument(
        "--wait",
        type=float,
        default=30.0,
        metavar="S",
        help=_t(QT_TRANSLATE_NOOP("Cli", "有人正在录入时最多等待的秒数")),
    )
    p.add_argument(
        "--window",
        metavar="HH:MM-HH:MM",
        help=_t(QT_TRANSLATE_NOOP("Cli", "设置维护时段（默认 02:00-05:00），不运行维护")),
    )
    p.add_argument(
        "--at-exit",
        choices=("yes", "no"),
        help=_t(
            QT_TRANSLATE_NOOP("Cli", "与 --window 一起：关闭程序时是否在超过 7 天未维护时顺便维护")
        ),
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, actor: str) -> int:
    from dataclasses import replace

    from invoicedesk.core.maintenance import parse_window
    from invoicedesk.services import maintenance

    if args.window is not None or args.at_exit is not None:
        window = maintenance.maintenance_window()
        if args.window is not None:
            parsed, problems = parse_window(args.window)
            if parsed is None:
                raise BadInput(f"--window: {problems[0].text()}")
            window = replace(window, start=parsed.start, end=parsed.end)
        if args.at_exit is not None:
            window = replace(window, at_exit=args.at_exit == "yes")
        maintenance.set_maintenance_window(window, actor)
        setting = window.to_setting()
        if args.as_json:
            print(json.dumps({"window": setting}, ensure_ascii=False))
        else:
            at_exit = (
                _t(QT_TRANSLATE_NOOP("Cli", "是"))
                if window.at_exit
                else _t(QT_TRANSLATE_NOOP("Cli", "否"))
            )
            print(
                _t(
                    QT_TRANSLATE_NOOP(
                        "Cli", "维护时段：{start}-{end}；关闭程序时顺便维护：{at_exit}"
                    ),
                    start=setting["start"],
                    end=setting["end"],
                    at_exit=at_exit,
                )
            )
        return 0
    if args.if_due and not maintenance.due_now():
        if args.as_json:
            print(json.dumps({"ran": False, "due": False}, ensure_ascii=False))
        else:
            print(_t(QT_TRANSLATE_NOOP("Cli", "不在维护时段内，或本时段已维护过")))
        return 0
    report = maintenance.run_maintenance(actor, source="cli", wait=max(0.0, args.wait))
    if args.as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    elif report.ran:
        steps = listing(
            _t(QT_TRANSLATE_NOOP("Cli", "{step} {seconds} 秒"), step=maintenance.step_title(n),
               seconds=f"{s:.1f}")
            for n, s in report.steps
        )  # fmt: skip
        print(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli",
                    "维护完成，用时 {seconds} 秒（{steps}）；写入日志 {before} MB → {after} MB",
                ),
                seconds=f"{report.seconds:.1f}",
                steps=steps,
                before=f"{report.wal_bytes_before / 2**20:.1f}",
                after=f"{report.wal_bytes_after / 2**20:.1f}",
            )
        )
    else:
        print(str(report.skipped))
    return 0 if report.ran else EXIT_BUSY
