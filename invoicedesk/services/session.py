"""The signed-in person, and the permission check every guarded service makes.

The GUI and the CLI set the session (``sign_in_as`` after ``accounts.sign_in``); services call
``require(action)`` through the ``guarded`` decorator. Until a ledger has a second person's account,
nobody needs to sign in and everything is allowed (one person, today's behaviour); the command
line asks for ``--user`` and a password as soon as there is one account. Each check reads the person's account
again (one indexed query), so a disabled account or a role changed while signed in takes effect at
the next action.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from peewee import PeeweeException

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.permissions import allows, least_role, role_label
from invoicedesk.services.errors import NotAllowed
from invoicedesk.store.models import User, database

F = TypeVar("F", bound=Callable[..., Any])


class PermissionDenied(NotAllowed):
    """The signed-in person's role is below the action's, or nobody is signed in."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass
class Session:
    person: Person | None = None


_session = Session()

# "module.function" → action, for every guarded service (filled as modules are imported).
GUARDED: dict[str, str] = {}


def current() -> Person | None:
    return _session.person


def sign_in_as(person: Person | None) -> None:
    """Make ``person`` the one acting (None: nobody signed in)."""
    _session.person = person


def sign_out() -> None:
    _session.person = None


def accounts_exist() -> bool:
    """Whether the ledger has at least one active account (then everyone signs in).

    No database bound (a damaged ledger being restored from outside): no accounts to ask."""
    if database.obj is None:
        return False
    try:
        return bool(User.select().where(User.active & (User.password_hash != "")).exists())
    except PeeweeException:  # a ledger too damaged to read: restoring from outside must work
        return False


def signing_in_required() -> bool:
    """Two or more active accounts: everyone signs in. With none or one, the ledger is used by
    one person without signing in (as before accounts), and the 体检 page says so."""
    if database.obj is None:
        return False
    active = User.select(User.name).where(User.active & (User.password_hash != "")).limit(2)
    try:
        return len(list(active)) >= 2
    except PeeweeException:  # a ledger too damaged to read: restoring from outside must work
        return False


def require(action: str) -> Person | None:
    """Refuse unless the signed-in person's role allows ``action``; returns that person.

    None means nobody needs to sign in yet (fewer than two people): one person, allowed everything.
    """
    needed = least_role(action)
    person = _session.person
    if person is None:
        if not signing_in_required():
            return None
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("Service", "请先登录：此操作需要{role}或以上的账户"),
            role=role_label(needed),
        )
    row = (
        User.select(User.role, User.active)
        .where((User.name == person.name) & (User.password_hash != ""))
        .first()
    )
    if row is None and not accounts_exist():
        return person  # a ledger without accounts (the practice ledger): one person, as ever
    if row is None or not row.active:
        _session.person = None
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("Service", "账户 {name} 已停用或不存在：请重新登录"),
            name=person.name,
        )
    if row.role != person.role:  # changed while signed in: the account's role counts
        person = Person(person.name, row.role)
        _session.person = person
    if not allows(person.role, action):
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("Service", "{name}（{current}）无权执行此操作：需要{role}或以上"),
            name=person.name,
            current=role_label(person.role),
            role=role_label(needed),
        )
    return person


def guarded(action: str) -> Callable[[F], F]:
    """Decorate a service: ``require(action)`` first; with someone signed in, the ``actor`` it
    writes into the audit chain is that person, whatever the caller passed."""
    least_role(action)  # KeyError at import time: a guard without a rule in the table

    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)
        takes_actor = "actor" in signature.parameters

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            person = require(action)
            if person is not None and takes_actor:
                bound = signature.bind_partial(*args, **kwargs)
                if bound.arguments.get("actor", person.name) != person.name:
                    bound.arguments["actor"] = person.name
                    return fn(*bound.args, **bound.kwargs)
            return fn(*args, **kwargs)

        wrapper.guarded_action = action  # type: ignore[attr-defined]
        GUARDED[f"{fn.__module__}.{fn.__qualname__}"] = action
        return cast(F, wrapper)

    return decorate
