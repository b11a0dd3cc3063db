"""The permission matrix, generated from core/permissions.py: every role × every guarded service.

A guarded service is called with arguments that break as soon as it touches them: the guard runs
first, so a refusal (PermissionDenied, naming the role needed) comes before any use of them and an
allowed call fails later, on the arguments, with anything else. A public service that writes
(takes ``actor``) must be guarded or listed in UNGUARDED with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import invoicedesk.services as services_pkg
from invoicedesk.core.permissions import PERMISSIONS, RANK, ROLES, markdown_table, role_label
from invoicedesk.services import accounts, session
from invoicedesk.services.session import GUARDED, PermissionDenied, Person, guarded
from invoicedesk.store.models import AuditEntry

README = Path(__file__).resolve().parents[2] / "README.md"

# Public services that take an actor yet need no rule, each with why.
UNGUARDED: dict[str, str] = {
    "accounts.add_account": "the first account needs nobody signed in; later ones are guarded",
    "invoices.insert_invoice": "the write inside record_invoice and red_flush, which are guarded "
    "and hold its transaction",
    "backup_runs.run_backup": "a backup only copies: anyone may make one",
    "backup_runs.snapshot_before": "the backup made before a guarded change",
    "backup_runs.backup_on_exit": "the backup when the app closes",
    "backup_verify.verify": "reading backups back changes nothing in the ledger",
    "backup_restore.log_restore": "records a restore already confirmed by restore_to",
    "outbox.save_invoice": "records through invoices.record_invoice (guarded), now or at replay",
    "outbox.save_request": "records through requests.create_request (guarded), now or at replay",
    "outbox.retry_conflict": "records again through the guarded use case",
    "outbox.discard_conflict": "audited through auditing.record_outbox_discard (guarded), "
    "now or at replay; otherwise this computer's outbox file only",
    "outbox.save_conversion": "records through requests.convert_request (guarded), now or at "
    "replay",
    "outbox.queue_invoices": "this computer's outbox file only; recorded at replay through "
    "invoices.record_invoice (guarded)",
    "ledger_switch.switch_to_restored": "puts in place a restore already confirmed by restore_to",
    "startup.follow_replacements": "opens the database a confirmed restore put in place, as "
    "open_checked opens the ledger (at most its schema is brought up to date)",
    "backup_restore.restore_drill": "a drill restores into a temporary file and deletes it",
    "health_dashboard.dashboard": "read-only (the actor names whose training row to show)",
    "health_dashboard.training_row": "read-only",
    "case_changes.link_other": "helper called by guarded case services",
    "case_changes.save_draft": "a person's own unsaved form",
    "case_changes.load_draft": "a person's own unsaved form",
    "case_changes.drop_draft": "a person's own unsaved form",
    "cases.event": "helper called by guarded case services",
    "cases.link_once": "helper called by guarded case services",
    "cases.touch": "helper called by guarded case services",
    "incident_items.link_item": "helper called by guarded incident services",
    "incident_views.add_event": "helper called by guarded incident services",
    "company.put_setting": "storage helper; the settings services that call it are guarded",
    "demo.generate": "demo data only into demo ledgers (refused elsewhere)",
    "first_start.save_shop": "the first-start wizard runs before any account exists",
    "first_start.try_backup_place": "the first-start wizard runs before any account exists",
    "first_start.save_people": "the first-start wizard runs before any account exists",
    "first_start.postpone": "the first-start wizard runs before any account exists",
    "first_start.finish": "the first-start wizard runs before any account exists",
    "lessons.start": "practice ledger only",
    "lessons.complete": "practice ledger only",
    "lessons.abandon": "practice ledger only",
    "maintenance.run_maintenance": "housekeeping (ANALYZE, search index, WAL, VACUUM); at exit too",
    "outage.start_outage": "anyone at the counter must be able to say the platform is down",
    "outage.end_outage": "anyone at the counter must be able to say the platform is back",
    "practice.enter": "the practice ledger is separate from the real one",
    "practice.reset": "the practice ledger is separate from the real one",
    "session.sign_in_as": "the session itself",
    "startup.record_full_check": "the background check at start",
    "startup.open_checked": "opening the ledger at start",
    "system_checks.record": "the health checks' own log",
    "system_checks.run_checks": "the health checks' own log",
    "training.record_completion": "each person records their own training",
    "training.register": "read-only",
}


def _all_service_modules() -> list[Any]:
    return [
        importlib.import_module(f"invoicedesk.services.{m.name}")
        for m in pkgutil.iter_modules(services_pkg.__path__)
    ]


def _writers() -> dict[str, Any]:
    """Every public service function that takes ``actor`` (or ``person``): it writes."""
    found = {}
    for mod in _all_service_modules():
        for name, fn in vars(mod).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != mod.__name__:
                continue
            params = inspect.signature(fn).parameters
            if "actor" in params or "person" in params:
                found[f"{mod.__name__.removeprefix('invoicedesk.services.')}.{name}"] = fn
    return found


def _guarded_functions() -> dict[str, Any]:
    mods = {m.__name__: m for m in _all_service_modules()}
    out = {}
    for qualified in GUARDED:
        module, _, name = qualified.rpartition(".")
        out[qualified] = getattr(mods[module], name)
    return out


def test_every_writing_service_has_a_rule_or_a_reason() -> None:
    writers = _writers()
    guarded_names = {q.removeprefix("invoicedesk.services.") for q in GUARDED}
    missing = sorted(set(writers) - guarded_names - set(UNGUARDED))
    assert not missing, f"services that write without a permission rule: {missing}"
    stale = sorted(set(UNGUARDED) - set(writers))
    assert not stale, f"UNGUARDED names no such service: {stale}"


def test_every_action_in_the_table_guards_a_service() -> None:
    _all_service_modules()
    assert set(GUARDED.values()) == set(PERMISSIONS)


def test_a_guard_without_a_rule_fails_at_import() -> None:
    with pytest.raises(KeyError):
        guarded("invoice.teleport")


def test_the_readme_table_is_the_code_table() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8")


class _Poison:
    """Any use of an argument fails: a guarded call reaches it only after the guard allowed it."""

    def __getattr__(self, name: str) -> Any:
        raise TypeError("poison")

    def __str__(self) -> str:
        raise TypeError("poison")

    def __fspath__(self) -> str:
        raise TypeError("poison")

    def __iter__(self) -> Any:
        raise TypeError("poison")

    def __bool__(self) -> bool:
        raise TypeError("poison")


def _call(fn: Any) -> BaseException | None:
    params = inspect.signature(fn).parameters.values()
    args = [
        _Poison()
        for p in params
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    kwargs = {
        p.name: _Poison()
        for p in params
        if p.default is inspect.Parameter.empty and p.kind is p.KEYWORD_ONLY
    }
    try:
        fn(*args, **kwargs)
    except BaseException as exc:
        return exc
    return None


@pytest.fixture
def people(db: str) -> dict[str, Person]:
    accounts.add_account("王店长", "owner", "secret-owner", "王店长", pin="1111")
    session.sign_in_as(Person("王店长", "owner"))
    accounts.add_account("李会计", "bookkeeper", "secret-book", "王店长", pin="2222")
    accounts.add_account("张三", "clerk", "secret-clerk", "王店长", pin="3333")
    session.sign_out()
    return {
        "owner": Person("王店长", "owner"),
        "bookkeeper": Person("李会计", "bookkeeper"),
        "clerk": Person("张三", "clerk"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_matrix_every_guarded_service_for_one_role(role: str, people: dict[str, Person]) -> None:
    functions = _guarded_functions()
    assert len(functions) >= 60
    session.sign_in_as(people[role])
    wrong = []
    for qualified, fn in sorted(functions.items()):
        action = GUARDED[qualified]
        should = RANK[role] >= RANK[PERMISSIONS[action][0]]
        entries = AuditEntry.select().count()
        outcome = _call(fn)
        refused = isinstance(outcome, PermissionDenied)
        if refused:  # nothing written by a refusal
            assert AuditEntry.select().count() == entries, qualified
        if refused == should:
            wrong.append(f"{qualified} ({action}): {'refused' if refused else 'allowed'}")
        if refused:
            needed = role_label(PERMISSIONS[action][0])
            assert needed in str(outcome.message), qualified
        session.sign_in_as(people[role])  # a refusal never signs out an active account
    assert not wrong, wrong


def test_nobody_signed_in_is_refused_once_accounts_exist(people: dict[str, Person]) -> None:
    from invoicedesk.services import invoices

    with pytest.raises(PermissionDenied, match="请先登录"):
        invoices.list_views()


def test_without_accounts_one_person_may_do_everything(db: str) -> None:
    from invoicedesk.services import month_end

    assert not session.accounts_exist()
    month_end.lock_month(_period(), "一人店")
    month_end.unlock_month(_period(), "补录", "一人店")  # no second person to ask


def _period() -> str:
    from invoicedesk.core import clock

    return clock.period_of(clock.today())


def test_disabled_while_signed_in_is_refused_at_the_next_action(
    people: dict[str, Person],
) -> None:
    from invoicedesk.services import invoices

    session.sign_in_as(people["owner"])
    accounts.disable_account("张三", "王店长")
    session.sign_in_as(people["clerk"])
    with pytest.raises(PermissionDenied, match="已停用"):
        invoices.list_views()
    assert session.current() is None


def test_role_removed_while_signed_in_counts_at_the_next_action(
    people: dict[str, Person],
) -> None:
    from invoicedesk.services import month_end

    session.sign_in_as(people["owner"])
    accounts.set_role("李会计", "clerk", "王店长")
    session.sign_in_as(people["bookkeeper"])  # signed in before the change
    with pytest.raises(PermissionDenied, match="会计"):
        month_end.lock_month(_period(), "李会计")


def test_the_audit_entry_names_the_signed_in_person(people: dict[str, Person]) -> None:
    from invoicedesk.services import month_end

    session.sign_in_as(people["bookkeeper"])
    month_end.lock_month(_period(), "someone else")
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (last.action, last.actor) == ("period.lock", "李会计")


def test_refusal_names_the_role_needed(people: dict[str, Person]) -> None:
    from invoicedesk.services import month_end

    session.sign_in_as(people["clerk"])
    with pytest.raises(PermissionDenied) as caught:
        month_end.lock_month(_period(), "张三")
    assert re.search("需要会计或以上", str(caught.value.message))


def test_signed_in_on_a_ledger_without_accounts_is_one_person(db: str) -> None:
    """The practice ledger has no accounts: whoever is signed in on the real one may practise."""
    from invoicedesk.services import month_end

    session.sign_in_as(Person("张三", "clerk"))
    month_end.lock_month(_period(), "张三")
    assert session.current() == Person("张三", "clerk")
