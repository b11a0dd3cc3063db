"""Accounts: hashing, sign-in and its slowing down, the last 店长, four eyes through services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from invoicedesk.core import clock
from invoicedesk.core.i18n import Message
from invoicedesk.services import accounts, month_end, periods, session
from invoicedesk.services.accounts import SignInFailed
from invoicedesk.services.errors import NotAllowed, ValidationFailed
from invoicedesk.services.session import Person
from invoicedesk.store.models import AuditEntry, PeriodLock, User


def _period() -> str:
    return clock.period_of(clock.today())


@pytest.fixture
def shop(db: str) -> None:
    accounts.add_account("王店长", "owner", "secret-owner", "王店长", pin="1111")
    session.sign_in_as(Person("王店长", "owner"))
    accounts.add_account("李会计", "bookkeeper", "secret-book", "王店长", pin="2222")
    accounts.add_account("张三", "clerk", "secret-clerk", "王店长", pin="3333")
    accounts.add_account("赵会计", "bookkeeper", "secret-book2", "王店长", pin="4444")


def test_secrets_are_scrypt_hashes_never_the_secret(shop: None) -> None:
    row = User.get(User.name == "张三")
    for stored, secret in ((row.password_hash, "secret-clerk"), (row.pin_hash, "3333")):
        assert stored.startswith(f"scrypt${accounts.SCRYPT_N}$8$1$")
        assert secret not in stored
        assert accounts.check_secret(secret, stored)
        assert not accounts.check_secret(secret + "x", stored)
    # the same secret twice: different salts, different hashes
    assert accounts.hash_secret("1234") != accounts.hash_secret("1234")


def test_hashes_are_made_at_the_shipped_cost_and_checked_at_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cheap = accounts.hash_secret("secret-x")  # at the tests' cost (tests/conftest.py)
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**14)  # as shipped
    shipped = accounts.hash_secret("secret-x")
    assert shipped.startswith("scrypt$16384$8$1$") and cheap.startswith("scrypt$1024$8$1$")
    for stored in (cheap, shipped):
        assert accounts.check_secret("secret-x", stored)
        assert not accounts.check_secret("secret-y", stored)


def test_the_first_account_is_the_owner_whatever_was_asked(db: str) -> None:
    first = accounts.add_account("老板", "clerk", "secret-1", "老板")
    assert first.role == "owner"
    assert session.accounts_exist()


def test_after_the_first_only_an_owner_adds_accounts(shop: None) -> None:
    session.sign_in_as(Person("李会计", "bookkeeper"))
    with pytest.raises(session.PermissionDenied, match="店长"):
        accounts.add_account("新人", "clerk", "secret-x", "李会计")
    assert User.get_or_none(User.name == "新人") is None


def test_bad_new_account_names_every_field(shop: None) -> None:
    with pytest.raises(ValidationFailed) as caught:
        accounts.add_account("", "boss", "123", "王店长", pin="12a")
    assert {p.field for p in caught.value.problems} == {"name", "role", "password", "pin"}
    with pytest.raises(NotAllowed, match="已有"):
        accounts.add_account("张三", "clerk", "secret-again", "王店长")


def test_sign_in_with_password_or_pin(shop: None) -> None:
    assert accounts.sign_in("李会计", "secret-book") == Person("李会计", "bookkeeper")
    assert accounts.sign_in("张三", "3333", with_pin=True) == Person("张三", "clerk")
    with pytest.raises(SignInFailed, match="姓名或密码不正确"):
        accounts.sign_in("张三", "3333")  # a PIN is not a password
    with pytest.raises(SignInFailed, match="姓名或密码不正确"):
        accounts.sign_in("没有这个人", "whatever")


def test_failures_are_audited_and_slow_down(shop: None, frozen_clock: clock.ManualClock) -> None:
    waits = []
    for _ in range(5):
        frozen_clock.advance(timedelta(seconds=accounts.wait_left("张三")))
        with pytest.raises(SignInFailed, match="姓名或密码不正确"):
            accounts.sign_in("张三", "wrong")
        waits.append(accounts.wait_left("张三"))
    assert waits == [0, 2, 4, 8, 16]
    failed = AuditEntry.select().where(AuditEntry.action == "user.signin_failed").count()
    assert failed == 5
    # too soon: refused without even checking the password (and the right one waits too)
    with pytest.raises(SignInFailed, match="秒后再试"):
        accounts.sign_in("张三", "secret-clerk")
    frozen_clock.advance(timedelta(seconds=accounts.wait_left("张三")))
    assert accounts.sign_in("张三", "secret-clerk").name == "张三"
    assert User.get(User.name == "张三").failed_count == 0  # a success clears the count


def test_a_disabled_account_cannot_sign_in(shop: None) -> None:
    accounts.disable_account("张三", "王店长")
    with pytest.raises(SignInFailed, match="已停用"):
        accounts.sign_in("张三", "secret-clerk")
    assert [(a.name, a.active) for a in accounts.list_accounts() if a.name == "张三"] == [
        ("张三", False)
    ]


def test_the_last_owner_cannot_be_disabled_or_demoted(shop: None) -> None:
    with pytest.raises(NotAllowed, match="最后一位店长"):
        accounts.disable_account("王店长", "王店长")
    with pytest.raises(NotAllowed, match="最后一位店长"):
        accounts.set_role("王店长", "clerk", "王店长")
    accounts.add_account("钱店长", "owner", "secret-own2", "王店长")
    accounts.disable_account("王店长", "钱店长")
    assert not User.get(User.name == "王店长").active


def _locked() -> str:
    period = _period()
    session.sign_in_as(Person("李会计", "bookkeeper"))
    month_end.lock_month(period, "李会计")
    return period


def test_unlock_needs_a_second_persons_pin(shop: None) -> None:
    period = _locked()
    session.sign_in_as(Person("王店长", "owner"))
    with pytest.raises(NotAllowed, match="另一位会计或店长"):
        month_end.unlock_month(period, "补录", "王店长")
    with pytest.raises(NotAllowed, match="另一位会计或店长"):  # the same person twice
        month_end.unlock_month(period, "补录", "王店长", second_name="王店长", second_pin="1111")
    with pytest.raises(NotAllowed, match="店员"):
        month_end.unlock_month(period, "补录", "王店长", second_name="张三", second_pin="3333")
    with pytest.raises(SignInFailed, match="PIN"):
        month_end.unlock_month(period, "补录", "王店长", second_name="李会计", second_pin="9999")
    assert PeriodLock.get_or_none(PeriodLock.period == period) is not None
    month_end.unlock_month(period, "补录", "王店长", second_name="李会计", second_pin="2222")
    assert PeriodLock.get_or_none(PeriodLock.period == period) is None
    entry = AuditEntry.select().where(AuditEntry.action == "period.unlock").get()
    assert entry.actor == "王店长" and '"confirmed_by":"李会计"' in entry.after


def test_a_bookkeeper_cannot_unlock_even_with_a_second_pin(shop: None) -> None:
    period = _locked()
    session.sign_in_as(Person("赵会计", "bookkeeper"))
    with pytest.raises(session.PermissionDenied, match="店长"):
        month_end.unlock_month(period, "补录", "赵会计", second_name="李会计", second_pin="2222")


def test_four_eyes_setting_compares_real_accounts(shop: None) -> None:
    from decimal import Decimal

    from invoicedesk.services import invoices
    from invoicedesk.services.company import put_setting
    from invoicedesk.store.models import database
    from tests.factories import draft

    with database.atomic():
        put_setting("month_end.four_eyes", True, "王店长")
    session.sign_in_as(Person("李会计", "bookkeeper"))
    invoices.record_invoice(draft(1, issue_date=clock.today()), "passed-name")
    assert invoices.list_views()[0].total == Decimal("106.00")
    with pytest.raises(NotAllowed, match="四眼"):
        periods.lock_period(_period(), "another-name")  # still 李会计, who recorded it
    session.sign_in_as(Person("赵会计", "bookkeeper"))
    periods.lock_period(_period(), "李会计")  # the actor passed does not matter
    assert PeriodLock.get(PeriodLock.period == _period()).locked_by == "赵会计"


def test_the_health_page_says_one_person_or_who_signs_in(db: str) -> None:
    from invoicedesk.services import health_dashboard

    ok, text = accounts.health_text()
    assert ok and text.startswith("一人使用，未启用登录")
    accounts.add_account("王店长", "owner", "secret-owner", "王店长")
    assert accounts.health_text()[1].startswith("一人使用")  # one account is still one person
    session.sign_in_as(Person("王店长", "owner"))
    accounts.add_account("张三", "clerk", "secret-clerk", "王店长")
    ok, text = accounts.health_text()
    assert text == "2 个账户，登录使用（店长 1，会计 0，店员 1）"
    rows = {r.name: r for r in health_dashboard.dashboard("王店长").rows}
    assert rows["accounts"].title == "账户与登录" and rows["accounts"].detail == text


def test_idle_minutes_is_an_owners_setting(shop: None) -> None:
    assert accounts.idle_minutes() == 10
    assert accounts.set_idle_minutes("5", "王店长") == 5
    assert accounts.idle_minutes() == 5
    with pytest.raises(ValidationFailed) as caught:
        accounts.set_idle_minutes("0", "王店长")
    assert caught.value.problems[0].field == "idle_minutes"
    session.sign_in_as(Person("李会计", "bookkeeper"))
    with pytest.raises(session.PermissionDenied, match="店长"):
        accounts.set_idle_minutes(3, "李会计")
    assert accounts.idle_minutes() == 5


def test_one_account_is_still_one_person_without_signing_in(db: str) -> None:
    from invoicedesk.services import invoices

    accounts.add_account("王店长", "owner", "secret-owner", "王店长", pin="1111")
    assert session.accounts_exist() and not session.signing_in_required()
    invoices.list_views()  # nobody signed in, allowed
    # the owner adds the second person without signing in; from then on everyone signs in
    accounts.add_account("张三", "clerk", "secret-clerk", "王店长")
    assert session.signing_in_required()
    with pytest.raises(session.PermissionDenied, match="请先登录"):
        invoices.list_views()
    session.sign_in_as(Person("王店长", "owner"))
    accounts.disable_account("张三", "王店长")  # back to one person
    session.sign_out()
    invoices.list_views()


def test_every_audit_entry_carries_the_signed_in_person(shop: None) -> None:
    """Unguarded writes too (a check, maintenance, a setting written by a feature): the entry
    names who is signed in, not the name the caller passed (the window's start-up user)."""
    from invoicedesk.services.system_checks import record
    from invoicedesk.store.models import AuditEntry

    session.sign_in_as(Person("张三", "clerk"))
    record("disk_space", True, Message("Check", "ok"), 0.1, "manual", "启动时的用户")
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().actor == "张三"
    session.sign_out()
    record("disk_space", True, Message("Check", "ok"), 0.1, "manual", "启动时的用户")
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().actor == "启动时的用户"
