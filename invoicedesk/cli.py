"""The command line: the same services as the GUI, for scripts and scheduled jobs.

A contract other tools script against: keep command names, options, JSON shapes and exit codes.
Exit codes: 0 success, 1 the work found problems, 2 bad input (one line on stderr saying why),
3 an internal error (details in the log file), 75 another program kept the ledger busy for
longer than the 30 s a writer waits, or the ledger's PostgreSQL server did not answer (nothing
was written; try again: sysexits' EX_TEMPFAIL),
141 stdout's reader went away (``… | head``): the command ended there, quietly, as a Unix tool
killed by SIGPIPE (128 + 13).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, Protocol

from invoicedesk import __version__
from invoicedesk.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_READER_GONE,
    BadInput,
    _period,
    _positive,
    _read_json,
    _t,
)
from invoicedesk.core.i18n import (
    QT_TRANSLATE_NOOP,
    Translator,
    colon,
    install_translator,
    qm_translator,
    translate,
)
from invoicedesk.core.registry import Feature
from invoicedesk.paths import current_user, default_database, log_file, resources_dir


class CommandModule(Protocol):
    """A feature module adding subcommands: ``register`` sets ``handler=fn(args, actor) -> int``
    on its parsers (``opens_db=False`` to open the database itself)."""

    def register(self, sub: argparse._SubParsersAction[Any], /) -> None: ...


# Each a plain import deferred to build_parser (the modules' own imports of services stay in their
# handlers, so ``--help`` loads no database code).
def _reconcile() -> CommandModule:
    from invoicedesk.commands import reconcile

    return reconcile


def _backup() -> CommandModule:
    from invoicedesk.commands import backup

    return backup


def _month_end() -> CommandModule:
    from invoicedesk.commands import month_end

    return month_end


def _cases() -> CommandModule:
    from invoicedesk.commands import cases

    return cases


def _training() -> CommandModule:
    from invoicedesk.commands import training

    return training


def _maintain() -> CommandModule:
    from invoicedesk.commands import maintain

    return maintain


def _users() -> CommandModule:
    from invoicedesk.commands import users

    return users


def _changes() -> CommandModule:
    from invoicedesk.commands import changes

    return changes


FEATURE_COMMANDS: tuple[Feature[CommandModule], ...] = (
    Feature("reconcile", _reconcile),
    Feature("backup", _backup),
    Feature("month_end", _month_end),
    Feature("cases", _cases),
    Feature("training", _training),
    Feature("maintain", _maintain),
    Feature("users", _users),
    Feature("changes", _changes),
)
log = logging.getLogger("invoicedesk")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP("Cli", "参数错误：{message}（用 --help 查看用法）"),
                message=message,
            )
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="invoicedesk",
        description=_t(QT_TRANSLATE_NOOP("Cli", "发票台账助手：不带子命令时打开图形界面。")),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--selftest",
        action="store_true",
        help=_t(
            QT_TRANSLATE_NOOP(
                "Cli", "自检：Qt、中文字体、翻译、台账、Excel、PDF、备份（全部通过时退出码为 0）"
            )
        ),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        dest="selftest_json",
        help=_t(QT_TRANSLATE_NOOP("Cli", "与 --selftest 一起：输出 JSON")),
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=_t(QT_TRANSLATE_NOOP("Cli", "数据库文件或 postgresql:// 地址（默认：用户数据目录）")),
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help=_t(
            QT_TRANSLATE_NOOP(
                "Cli",
                "操作人（写入审计日志）；台账有账户后必填，密码取自 INVOICEDESK_PASSWORD 或终端输入",
            )
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "init", help=_t(QT_TRANSLATE_NOOP("Cli", "创建或升级数据库，设置本店名称和税号"))
    )
    p.add_argument("--company", metavar="NAME", help=_t(QT_TRANSLATE_NOOP("Cli", "本店名称")))
    p.add_argument(
        "--tax-id", metavar="ID", help=_t(QT_TRANSLATE_NOOP("Cli", "本店统一社会信用代码"))
    )

    p = sub.add_parser("demo", help=_t(QT_TRANSLATE_NOOP("Cli", "生成演示数据")))
    p.add_argument("--invoices", type=_positive, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.add_argument("--months", type=_positive, default=12, metavar="M")

    p = sub.add_parser(
        "add", help=_t(QT_TRANSLATE_NOOP("Cli", "从 JSON 登记发票（全部成功或全部不登记）"))
    )
    p.add_argument(
        "--json",
        required=True,
        metavar="FILE",
        dest="json_file",
        help=_t(QT_TRANSLATE_NOOP("Cli", "文件，- 为标准输入")),
    )
    p.add_argument(
        "--queue",
        action="store_true",
        help=_t(
            QT_TRANSLATE_NOOP(
                "Cli",
                "台账服务器连不上时，先存入本机待同步（服务器恢复后由下一次 add 或图形界面登记）",
            )
        ),
    )

    p = sub.add_parser("list", help=_t(QT_TRANSLATE_NOOP("Cli", "列出或搜索发票")))
    p.add_argument("--period", type=_period, metavar="YYYY-MM")
    p.add_argument("--search", metavar="TEXT", default="")
    p.add_argument("--limit", type=_positive, default=100_000, metavar="N")
    p.add_argument("--json", action="store_true", dest="as_json")

    p = sub.add_parser("audit", help=_t(QT_TRANSLATE_NOOP("Cli", "审计日志")))
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=_Parser)
    v = audit_sub.add_parser("verify", help=_t(QT_TRANSLATE_NOOP("Cli", "校验审计链")))
    v.add_argument("--json", action="store_true", dest="as_json")

    for feature in FEATURE_COMMANDS:
        feature.load().register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a closed stdout (``… | head``) ends it quietly.

    The commands write to no pipe but stdout and stderr (no subprocesses; the one socket only
    connects), so a BrokenPipeError means the reader has gone. Output still buffered is flushed
    here, where that shows, rather than at interpreter shutdown.
    """
    try:
        try:
            return _main(argv)
        finally:
            if sys.stdout is not None:  # None in a windowed build
                sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """Nothing more to say, and no one to say it to: Python would flush stdout again at exit and
    print "Exception ignored … BrokenPipeError", so stdout goes to devnull first (as the Python
    documentation advises, in the signal module's note on SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a real file (captured or None)
        pass
    return EXIT_READER_GONE


def _command_language() -> Translator | None:
    """English when ``INVOICEDESK_LANG`` asks for it: services' messages, reports and workbooks.

    Read from the compiled translation without Qt; a missing file keeps the Chinese source.
    """
    if not os.environ.get("INVOICEDESK_LANG", "").lower().startswith("en"):
        return None
    qm = resources_dir() / "translations" / "invoicedesk_en.qm"
    try:
        return qm_translator(qm)
    except (OSError, ValueError) as exc:
        logging.getLogger("invoicedesk").warning("no English translation: %s", exc)
        return None


def _main(argv: Sequence[str] | None) -> int:
    translator = _command_language()
    if translator is None:
        return _parse_and_run(argv)
    previous = install_translator(translator)
    try:
        return _parse_and_run(argv)
    finally:
        install_translator(previous)


def _parse_and_run(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
    except BadInput as exc:
        return _fail(str(exc))
    if args.selftest:
        from invoicedesk.commands.selftest import run_selftest

        return run_selftest(args.selftest_json)
    if args.selftest_json:
        return _fail(
            _t(QT_TRANSLATE_NOOP("Cli", "参数错误：--json 只能与 --selftest 一起放在子命令之前"))
        )
    if args.command is None:
        from invoicedesk.gui.preflight import gui_problem

        problem = gui_problem()
        if problem:
            return _fail(problem)
        from invoicedesk.gui.app import run_gui

        return run_gui(args.db, args.user)
    _setup_logging()
    try:
        return _run(args)
    except BadInput as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        raise  # the reader has gone: not an error to report (see main)
    except Exception as exc:
        return _handle(exc)


def _follow_replacement(args: argparse.Namespace, actor: str) -> None:
    """A restore at a counter put a new PostgreSQL database in place of --db's: use that one, as
    the app does, and say so (a script's --db still names the old one)."""
    from invoicedesk.services.ledger_db import is_postgres_url, redact
    from invoicedesk.services.startup import follow_replacements

    if not is_postgres_url(args.db_target):
        return
    moved = follow_replacements(args.db_target, actor)
    if moved:
        print(
            _t(
                QT_TRANSLATE_NOOP("Cli", "台账已从备份恢复为新数据库，已改用：{target}"),
                target=redact(moved),
            ),
            file=sys.stderr,
        )
        args.db_target = moved


def _run(args: argparse.Namespace) -> int:
    from invoicedesk.store.database import LedgerUnreachable, open_database, open_offline

    actor = args.user or current_user()
    args.db_target = args.db or default_database()
    args.offline = False
    if getattr(args, "opens_db", True):
        try:
            open_database(args.db_target, actor=actor)
        except LedgerUnreachable:
            if not getattr(args, "queue", False):
                raise
            # Nobody can sign in without the server: the save is replayed as whoever replays it.
            open_offline(args.db_target, actor=actor)
            args.offline = True
        else:
            _follow_replacement(args, actor)
            actor = _sign_in(args, actor)
    handler = (
        getattr(args, "handler", None)
        or {
            "init": _cmd_init,
            "demo": _cmd_demo,
            "add": _cmd_add,
            "list": _cmd_list,
            "audit": _cmd_audit,
        }[args.command]
    )
    return int(handler(args, actor))


def _sign_in(args: argparse.Namespace, actor: str) -> str:
    """Once the ledger has accounts, every command acts as ``--user`` with that person's password.

    Without accounts (one person), the actor is ``--user`` or the login name, as before."""
    import getpass

    from invoicedesk.services import accounts, session

    if not session.accounts_exist():
        return actor
    if not args.user:
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli",
                    "此台账已启用账户：请用 --user NAME 指明操作人（密码取自 INVOICEDESK_PASSWORD）",
                )
            )
        )
    password = os.environ.get("INVOICEDESK_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            raise BadInput(
                _t(
                    QT_TRANSLATE_NOOP(
                        "Cli", "{name} 的密码：请设置环境变量 INVOICEDESK_PASSWORD，或在终端中运行"
                    ),
                    name=args.user,
                )
            )
        password = getpass.getpass(_t(QT_TRANSLATE_NOOP("Cli", "{name} 的密码："), name=args.user))
    person = accounts.sign_in(args.user, password)
    session.sign_in_as(person)
    return person.name


def _handle(exc: Exception) -> int:
    from peewee import OperationalError

    from invoicedesk.services.errors import ServiceError, ValidationFailed
    from invoicedesk.store.database import LedgerUnreachable, StoreError
    from invoicedesk.store.writer_queue import WriterBusy

    if isinstance(exc, OperationalError) and "locked" in str(exc):
        # A program that does not take turns (an SQLite tool, an old version) held the lock.
        exc = WriterBusy(30)
    if isinstance(exc, WriterBusy):
        print(str(exc.message), file=sys.stderr)
        return EXIT_BUSY
    if isinstance(exc, LedgerUnreachable):  # nothing written; the same command may run again
        print(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli", "{problem}。未登记任何发票；请稍后重试，或用 add --queue 先存入本机"
                ),
                problem=str(exc.message),
            ),
            file=sys.stderr,
        )
        return EXIT_BUSY

    if isinstance(exc, ValidationFailed):
        errors = [p for p in exc.problems if p.is_error] or exc.problems
        return _fail(
            _t(
                QT_TRANSLATE_NOOP("Cli", "输入有误：{problems}"),
                problems=_t(QT_TRANSLATE_NOOP("Cli", "；")).join(
                    colon(p.field) + p.text() for p in errors
                ),
            )
        )
    if isinstance(exc, ServiceError | StoreError):
        return _fail(str(exc.message))
    if isinstance(exc, OSError):
        return _fail(
            _t(
                QT_TRANSLATE_NOOP("Cli", "文件错误：{reason}（{file}）"),
                reason=exc.strerror or exc,
                file=exc.filename or "",
            )
        )
    log.exception("internal error")
    print(
        _t(
            QT_TRANSLATE_NOOP("Cli", "内部错误：{error}；详情见日志 {log}"),
            error=repr(exc),
            log=log_file(),
        ),
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _fail(message: str) -> int:
    """One line on stderr; what the input put there (ESC, NUL, a direction override) is shown as
    ``<U+001B>``, never sent to the terminal."""
    from invoicedesk.core.limits import safe_text

    print(safe_text(message.replace("\n", " ")), file=sys.stderr)
    return EXIT_BAD_INPUT


def _setup_logging() -> None:
    if log.handlers:
        return
    try:
        handler: logging.Handler = logging.FileHandler(log_file(), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


# ---------------------------------------------------------------- commands


def _cmd_init(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services.company import set_company
    from invoicedesk.store.migrations import LATEST

    if args.company is not None or args.tax_id is not None:
        company = set_company(args.company, args.tax_id, actor)
        print(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli", "数据库已就绪（结构版本 {version}）；本店：{name} {tax_id}"
                ),
                version=LATEST,
                name=company.name,
                tax_id=company.tax_id,
            ).rstrip()
        )
    else:
        print(_t(QT_TRANSLATE_NOOP("Cli", "数据库已就绪（结构版本 {version}）"), version=LATEST))
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services import demo

    summary = demo.generate(args.invoices, actor, seed=args.seed, months=args.months)
    print(
        _t(
            QT_TRANSLATE_NOOP(
                "Cli",
                "已生成演示发票 {invoices} 张（其中红字 {red} 张，作废 {voided} 张），"
                "明细 {lines} 行，用时 {seconds} 秒",
            ),
            invoices=summary.invoices,
            red=summary.red,
            voided=summary.voided,
            lines=summary.lines,
            seconds=f"{summary.seconds:.1f}",
        )
    )
    return EXIT_OK


def _cmd_add(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services.bulk_record import add_from_dicts

    data = _read_json(args.json_file)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise BadInput(_t(QT_TRANSLATE_NOOP("Cli", "JSON 中没有发票")))
    if args.offline:
        from invoicedesk.services import outbox

        kept = outbox.queue_invoices(items, actor)
        print(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli",
                    "台账服务器连不上：发票 {count} 张已存入本机待同步（共 {pending} 张），"
                    "服务器恢复后由下一次 add 或图形界面登记",
                ),
                count=len(kept),
                pending=outbox.state().pending,
            )
        )
        return EXIT_OK
    if args.queue:  # what earlier runs kept goes first, in order
        from invoicedesk.services import outbox

        replayed = outbox.replay()
        if replayed.recorded or replayed.conflicts:
            print(
                _t(
                    QT_TRANSLATE_NOOP(
                        "Cli", "已同步本机待同步发票 {count} 张；冲突待处理 {conflicts} 张"
                    ),
                    count=len(replayed.recorded),
                    conflicts=replayed.conflicts,
                )
            )
    created = add_from_dicts(items, actor)
    print(_t(QT_TRANSLATE_NOOP("Cli", "已登记发票 {count} 张"), count=created.count))
    return EXIT_OK


def _cmd_list(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.core.invoice import invoice_to_dict
    from invoicedesk.core.kinds import STATUSES
    from invoicedesk.core.money import format_money
    from invoicedesk.services.invoices import draft_of, ledger_totals, list_views
    from invoicedesk.store.invoice_queries import InvoiceFilter

    flt = InvoiceFilter(text=args.search, period=args.period)
    views = list_views(flt, limit=args.limit)
    if args.as_json:
        out = [invoice_to_dict(draft_of(view)) for view in views]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    for view in views:
        key = f"{view.code}-{view.number}" if view.code else view.number
        print(
            f"{view.issue_date}  {key:<29} {view.buyer_name[:20]:<20} "
            f"{format_money(view.total):>16}  {translate('Status', STATUSES.get(view.status, view.status))}"
        )
    totals = ledger_totals(flt)
    print(
        _t(
            QT_TRANSLATE_NOOP(
                "Cli",
                "共 {count} 张；金额 {amount}，税额 {tax}，价税合计 {total}（不含作废 {voided} 张）",
            ),
            count=totals.count,
            amount=format_money(totals.amount),
            tax=format_money(totals.tax),
            total=format_money(totals.total),
            voided=totals.voided,
        )
    )
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace, actor: str) -> int:
    from invoicedesk.services.auditing import verify_audit

    if args.audit_command != "verify":
        raise BadInput(_t(QT_TRANSLATE_NOOP("Cli", "用法：invoicedesk audit verify [--json]")))
    report = verify_audit()
    if args.as_json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "entries": report.entries,
                    "head": report.head,
                    "first_broken": report.first_broken,
                    "problem": report.problem_text or None,
                    "records_checked": report.records_checked,
                    "anchors": report.anchors,
                    "anchor_problems": [str(m) for m in report.anchor_problems],
                    "changed_outside": [
                        {
                            "entity": f.entity,
                            "id": f.entity_id,
                            "kind": f.kind,
                            "fields": [list(item) for item in f.fields],
                            "text": f.text,
                        }
                        for f in report.findings
                    ],
                    "problems": report.problem_texts,
                    "seconds": round(report.seconds, 3),
                },
                ensure_ascii=False,
            )
        )
    elif report.ok:
        print(
            _t(
                QT_TRANSLATE_NOOP(
                    "Cli",
                    "审计链完整：共 {entries} 条，末条哈希 {head}；"
                    "{records} 条记录与审计记录一致，{anchors} 个锚点相符",
                ),
                entries=report.entries,
                head=report.head,
                records=report.records_checked,
                anchors=report.anchors,
            )
        )
    else:
        if report.problem is not None:
            print(
                _t(
                    QT_TRANSLATE_NOOP("Cli", "审计链损坏：{problem}（此前 {entries} 条完好）"),
                    problem=report.problem_text,
                    entries=report.entries,
                )
            )
        for message in report.anchor_problems:
            print(_t(QT_TRANSLATE_NOOP("Cli", "审计链被截短或改写：{message}"), message=message))
        for finding in report.findings:
            print(
                _t(
                    QT_TRANSLATE_NOOP("Cli", "数据在程序之外被改动：{finding}"),
                    finding=finding.text,
                )
            )
    return EXIT_OK if report.ok else EXIT_PROBLEMS
