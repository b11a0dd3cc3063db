"""Command line of the backup feature, for the operating system's scheduler (a contract).

    invoicedesk --db … backup run [--full|--incremental] [--to DIR] [--json]
    invoicedesk --db … backup verify [--to DIR] [--snapshot ID] [--json]
    invoicedesk --db … backup list [--to DIR] [--json]
    invoicedesk --db … backup restore SNAPSHOT --to NEWPATH [--from DIR] [--json]
    invoicedesk --db postgresql://… backup restore SNAPSHOT [--to NEWDBNAME] [--from DIR]
    invoicedesk --db … backup drill [--from DIR] [--json]

On a PostgreSQL ledger the same commands use pg_dump (custom format) and pg_restore; a restore
creates a NEW database (the live one's name + the time, or --to NAME) and prints its URL.
    invoicedesk --db … backup destination add DIR [--label TEXT] | remove DIR | list
    invoicedesk --db … check [--json]

Exit codes: 0 done and sound; 1 a backup could not be written, a verification or a check failed,
or the snapshot to restore is damaged or its manifest is gone; 2 bad input (an unknown snapshot id,
a restore target that already exists).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from typing import Any

from invoicedesk.commands.common import BadInput, _t, second_person
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, colon

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``backup …`` and the top-level ``check``."""
    p = sub.add_parser(
        "backup", help=_t(QT_TRANSLATE_NOOP("Cli", "备份：运行、校验、列出、恢复、演练"))
    )
    actions = p.add_subparsers(dest="backup_command", metavar="ACTION", parser_class=type(p))

    run = actions.add_parser(
        "run", help=_t(QT_TRANSLATE_NOOP("Cli", "备份到所有备份位置（或 --to 指定的文件夹）"))
    )
    kind = run.add_mutually_exclusive_group()
    kind.add_argument(
        "--full",
        action="store_const",
        const="full",
        dest="kind",
        help=_t(QT_TRANSLATE_NOOP("Cli", "完整备份")),
    )
    kind.add_argument(
        "--incremental",
        action="store_const",
        const="incremental",
        dest="kind",
        help=_t(QT_TRANSLATE_NOOP("Cli", "增量备份")),
    )
    run.add_argument("--to", metavar="DIR", help=_t(QT_TRANSLATE_NOOP("Cli", "只备份到这个文件夹")))
    run.add_argument("--json", action="store_true", dest="as_json")
    run.set_defaults(handler=_run)

    verify = actions.add_parser(
        "verify", help=_t(QT_TRANSLATE_NOOP("Cli", "校验备份：重算哈希、试恢复、完整性检查"))
    )
    verify.add_argument(
        "--to", metavar="DIR", help=_t(QT_TRANSLATE_NOOP("Cli", "只校验这个文件夹里的备份"))
    )
    verify.add_argument(
        "--snapshot", metavar="ID", help=_t(QT_TRANSLATE_NOOP("Cli", "只校验这一个备份"))
    )
    verify.add_argument("--json", action="store_true", dest="as_json")
    verify.set_defaults(handler=_verify)

    listing = actions.add_parser("list", help=_t(QT_TRANSLATE_NOOP("Cli", "列出备份")))
    listing.add_argument(
        "--to", metavar="DIR", help=_t(QT_TRANSLATE_NOOP("Cli", "只列出这个文件夹里的备份"))
    )
    listing.add_argument("--json", action="store_true", dest="as_json")
    listing.set_defaults(handler=_list)

    restore = actions.add_parser(
        "restore", help=_t(QT_TRANSLATE_NOOP("Cli", "把一个备份恢复成新的数据库文件"))
    )
    restore.add_argument("snapshot", metavar="SNAPSHOT")
    restore.add_argument(
        "--to",
        metavar="NEWPATH",
        dest="new_path",
        help=_t(
            QT_TRANSLATE_NOOP(
                "Cli", "新的数据库文件（PostgreSQL：新数据库的名字，不填则用原名加时间）"
            )
        ),
    )
    restore.add_argument(
        "--from",
        metavar="DIR",
        dest="source",
        help=_t(QT_TRANSLATE_NOOP("Cli", "备份所在的文件夹")),
    )
    restore.add_argument("--json", action="store_true", dest="as_json")
    restore.add_argument(
        "--second",
        metavar="NAME",
        help=_t(
            QT_TRANSLATE_NOOP(
                "Cli", "有账户时：确认恢复的另一位会计或店长（PIN 取自 INVOICEDESK_SECOND_PIN）"
            )
        ),
    )
    restore.set_defaults(handler=_restore)

    drill = actions.add_parser(
        "drill", help=_t(QT_TRANSLATE_NOOP("Cli", "恢复演练：恢复到临时位置并检查，记入日志"))
    )
    drill.add_argument("--snapshot", metavar="ID")
    drill.add_argument("--from", metavar="DIR", dest="source")
    drill.add_argument("--json", action="store_true", dest="as_json")
    drill.set_defaults(handler=_drill)

    dest = actions.add_parser(
        "destination", help=_t(QT_TRANSLATE_NOOP("Cli", "备份位置：add DIR / remove DIR / list"))
    )
    dest.add_argument("action", choices=("add", "remove", "list"))
    dest.add_argument("path", nargs="?", metavar="DIR")
    dest.add_argument("--label", default="", metavar="TEXT")
    dest.set_defaults(handler=_destination)

    p.set_defaults(handler=_usage)

    check = sub.add_parser(
        "check", help=_t(QT_TRANSLATE_NOOP("Cli", "体检：数据库、审计链、磁盘、备份、平台连通"))
    )
    check.add_argument("--json", action="store_true", dest="as_json")
    check.set_defaults(handler=_check, opens_db=False)


def _usage(args: argparse.Namespace, actor: str) -> int:
    raise BadInput(
        _t(
            QT_TRANSLATE_NOOP(
                "Cli", "用法：invoicedesk backup run|verify|list|restore|drill|destination …"
            )
        )
    )


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _snapshot_json(view: Any) -> dict[str, Any] | None:
    return None if view is None else asdict(view)


def _run(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import (
        backup_runs,
    )

    outcomes = backup_runs.run_backup(actor, kind=args.kind, to=args.to, reason="scheduled")
    ok = all(o.ok for o in outcomes)
    if args.as_json:
        _print_json(
            {
                "ok": ok,
                "destinations": [
                    {
                        "destination": o.destination,
                        "ok": o.ok,
                        "code": o.code,
                        "message": o.text,
                        "snapshot": _snapshot_json(o.snapshot),
                        "pruned": o.pruned,
                    }
                    for o in outcomes
                ],
            }
        )
    else:
        for o in outcomes:
            stream = sys.stdout if o.ok else sys.stderr
            print(
                o.text if o.ok else colon(_t(QT_TRANSLATE_NOOP("Cli", "失败"))) + o.text,
                file=stream,
            )
    return EXIT_OK if ok else EXIT_PROBLEMS


def _verify(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import (
        backup_verify,
    )

    results = backup_verify.verify(actor, to=args.to, snapshot_id=args.snapshot)
    ok = bool(results) and all(r.ok for r in results)
    if args.as_json:
        _print_json(
            {
                "ok": ok,
                "results": [
                    {
                        "destination": r.destination,
                        "snapshot": r.snapshot_id,
                        "ok": r.ok,
                        "problems": r.problems,
                        "seconds": round(r.seconds, 3),
                    }
                    for r in results
                ],
            }
        )
    else:
        for r in results:
            if r.ok:
                print(
                    _t(
                        QT_TRANSLATE_NOOP("Cli", "完好  {snapshot}  {destination}（{seconds} 秒）"),
                        snapshot=r.snapshot_id,
                        destination=r.destination,
                        seconds=f"{r.seconds:.1f}",
                    )
                )
            else:
                what = r.snapshot_id or r.destination
                print(
                    _t(
                        QT_TRANSLATE_NOOP("Cli", "损坏  {what}  {destination}：{problems}"),
                        what=what,
                        destination=r.destination,
                        problems=_t(QT_TRANSLATE_NOOP("Cli", "；")).join(r.problems),
                    )
                )
        if not results:
            print(_t(QT_TRANSLATE_NOOP("Cli", "没有找到备份")), file=sys.stderr)
        damaged = [r.snapshot_id for r in results if not r.ok and r.snapshot_id]
        counted = _t(
            QT_TRANSLATE_NOOP("Cli", "共校验 {count} 个，损坏 {damaged} 个"),
            count=len(results),
            damaged=len(damaged),
        )
        print(colon(counted) + " ".join(damaged) if damaged else counted)
    return EXIT_OK if ok else EXIT_PROBLEMS


def _list(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.core.clock import to_local
    from invoicedesk.services import (
        backup_listing,
        backup_views,
    )

    views = backup_listing.list_snapshots(args.to)
    if args.as_json:
        _print_json([asdict(v) for v in views])
        return EXIT_OK
    for v in views:
        if v.damaged:
            damaged_text = _t(QT_TRANSLATE_NOOP("Cli", "已损坏（清单无法读取）"))
            print(f"{'?':<19} {v.id:<36} {damaged_text}  {v.destination}")
            continue
        when = to_local(v.created).strftime("%Y-%m-%d %H:%M")
        state = {
            True: _t(QT_TRANSLATE_NOOP("Cli", "已验证")),
            False: _t(QT_TRANSLATE_NOOP("Cli", "校验失败")),
            None: _t(QT_TRANSLATE_NOOP("Cli", "未验证")),
        }[v.verified_ok]
        invoices = _t(QT_TRANSLATE_NOOP("Cli", "发票 {count} 张"), count=f"{v.invoices:>9,}")
        print(
            f"{when:<19} {v.id:<36} {backup_views.kind_text(v.kind)}  {invoices}  "
            f"{backup_views.size_text(v.bytes_written):>9}  {state}  {v.destination}"
        )
    print(_t(QT_TRANSLATE_NOOP("Cli", "共 {count} 个备份"), count=len(views)))
    return EXIT_OK


def _restored_json(view: Any) -> dict[str, Any]:
    return {
        "path": view.path,
        "snapshot": view.snapshot_id,
        "destination": view.destination,
        "ok": view.ok,
        "row_counts": view.row_counts,
        "audit_head": view.audit_head,
        "latest_invoice": view.latest_invoice,
        "problems": view.problems,
        "seconds": round(view.seconds, 3),
    }


def _print_restored(view: Any, title: str) -> None:
    latest = view.latest_invoice
    print(colon(title) + (view.path or view.snapshot_id))
    print(
        "  "
        + _t(
            QT_TRANSLATE_NOOP("Cli", "发票 {invoices} 张，审计记录 {entries} 条"),
            invoices=f"{view.row_counts.get('invoice', 0):,}",
            entries=f"{view.row_counts.get('audit_entry', 0):,}",
        )
    )
    if latest:
        print(
            "  "
            + _t(
                QT_TRANSLATE_NOOP("Cli", "期间 {first} 至 {last}；最新发票 {number}（{buyer}）"),
                first=latest["first_date"],
                last=latest["last_date"],
                number=latest["number"],
                buyer=latest["buyer_name"],
            )
        )
    print("  " + _t(QT_TRANSLATE_NOOP("Cli", "审计链末条 {head}"), head=view.audit_head))
    for problem in view.problems:
        print("  " + colon(_t(QT_TRANSLATE_NOOP("Cli", "问题"))) + problem)


def _restore(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import (
        backup_listing,
        backup_restore,
    )

    started = time.perf_counter()
    try:
        name, pin = second_person(args)
        view = backup_restore.restore_to(
            args.snapshot, args.new_path, actor, to=args.source, second_name=name, second_pin=pin
        )
    except (
        backup_listing.SnapshotDamaged
    ) as exc:  # found but not restorable: as a failed verification
        print(str(exc.message).replace("\n", " "), file=sys.stderr)
        return EXIT_PROBLEMS
    # Months this ledger has locked that the restored file has not (a snapshot from before the
    # lock): switching to it in the app keeps them locked; said here so a script knows.
    postgres = "://" in view.path
    unlocked = (
        [k.period for k in backup_restore.locks_to_keep(view.path)]
        if view.path and not postgres
        else []
    )
    if args.as_json:
        _print_json({**_restored_json(view), "unlocked_months": unlocked})
    else:
        if postgres:
            done = _t(QT_TRANSLATE_NOOP("Cli", "已恢复到新数据库"))
        else:
            done = _t(QT_TRANSLATE_NOOP("Cli", "已恢复到新文件"))
        _print_restored(
            view,
            done if view.ok else _t(QT_TRANSLATE_NOOP("Cli", "已恢复，但检查发现问题")),
        )
        if unlocked:
            print(
                "  "
                + _t(
                    QT_TRANSLATE_NOOP(
                        "Cli",
                        "注意：当前台账已锁定的 {months} 在这个备份里尚未锁定"
                        "（在程序里切换到恢复的文件时会保持锁定）",
                    ),
                    months="、".join(unlocked),
                )
            )
        print(
            "  "
            + _t(
                QT_TRANSLATE_NOOP("Cli", "用时 {seconds} 秒；当前数据库未改动"),
                seconds=f"{time.perf_counter() - started:.1f}",
            )
        )
    return EXIT_OK if view.ok else EXIT_PROBLEMS


def _drill(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import (
        backup_listing,
        backup_restore,
    )

    try:
        view = backup_restore.restore_drill(actor, snapshot_id=args.snapshot, to=args.source)
    except backup_listing.SnapshotDamaged as exc:
        print(str(exc.message).replace("\n", " "), file=sys.stderr)
        return EXIT_PROBLEMS
    if args.as_json:
        _print_json(_restored_json(view))
    else:
        _print_restored(
            view,
            _t(QT_TRANSLATE_NOOP("Cli", "恢复演练成功"))
            if view.ok
            else _t(QT_TRANSLATE_NOOP("Cli", "恢复演练失败")),
        )
    return EXIT_OK if view.ok else EXIT_PROBLEMS


def _destination(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import backup_settings

    if args.action in ("add", "remove") and not args.path:
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP("Cli", "用法：invoicedesk backup destination {action} DIR"),
                action=args.action,
            )
        )
    if args.action == "add":
        added = backup_settings.add_destination(args.path, args.label, actor)
        print(_t(QT_TRANSLATE_NOOP("Cli", "已添加备份位置：{path}"), path=added.path))
    elif args.action == "remove":
        backup_settings.remove_destination(args.path, actor)
        print(
            _t(
                QT_TRANSLATE_NOOP("Cli", "已移除备份位置：{path}（已有的备份文件没有删除）"),
                path=args.path,
            )
        )
    else:
        for view in backup_settings.destination_views():
            state = (
                _t(QT_TRANSLATE_NOOP("Cli", "可用"))
                if view.available
                else _t(QT_TRANSLATE_NOOP("Cli", "找不到"))
            )
            last = _t(
                QT_TRANSLATE_NOOP("Cli", "上次备份 {at}"),
                at=view.last_backup_at or _t(QT_TRANSLATE_NOOP("Cli", "无")),
            )
            print(f"{view.path}  {view.label}  {state}  {last}")
    return EXIT_OK


def _check(args: argparse.Namespace, actor: str) -> int:
    """Every health check, each logged; exit 1 when any fails (a damaged file included)."""
    from invoicedesk.services import (
        backup_health,
        startup,
    )
    from invoicedesk.services.system_checks import (
        CHECKS,
        CheckResult,
        check_database,
        record,
        run_checks,
    )
    from invoicedesk.store.database import StoreError, open_database

    results: list[CheckResult] = []
    try:
        open_database(args.db_target, migrate=False, actor=actor)
    except StoreError as exc:
        return _report_check(args, [CheckResult("database", False, exc.message, 0.0)])
    started = time.perf_counter()
    full = startup.full_check_due()
    ok, message = check_database(full=full)
    if not ok:  # nothing is written into a damaged file
        return _report_check(
            args, [CheckResult("database", False, message, time.perf_counter() - started)]
        )
    open_database(args.db_target, actor=actor)
    results = run_checks([n for n in CHECKS if n != "database"], source="cli", actor=actor)
    results.insert(0, CheckResult("database", ok, message, time.perf_counter() - started))
    record("database", ok, message, results[0].seconds, "cli", actor)
    if full:
        record(startup.FULL_CHECK_NAME, ok, message, results[0].seconds, "cli", actor)
    started = time.perf_counter()
    ok, message = backup_health.check_backups()
    seconds = time.perf_counter() - started
    record("backups", ok, message, seconds, "cli", actor)
    results.append(CheckResult("backups", ok, message, seconds))
    return _report_check(args, results)


def _report_check(args: argparse.Namespace, results: list[Any]) -> int:
    from invoicedesk.services.system_checks import check_title

    ok = all(r.ok for r in results)
    if args.as_json:
        _print_json(
            {
                "ok": ok,
                "checks": [
                    {"name": r.name, "ok": r.ok, "detail": r.text, "seconds": round(r.seconds, 3)}
                    for r in results
                ],
            }
        )
    else:
        for r in results:
            state = (
                _t(QT_TRANSLATE_NOOP("Cli", "正常"))
                if r.ok
                else _t(QT_TRANSLATE_NOOP("Cli", "异常"))
            )
            print(f"{state}  {check_title(r.name):<12} {r.text}")
    return EXIT_OK if ok else EXIT_PROBLEMS
