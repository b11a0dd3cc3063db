"""The accounts on the command line: user add/list/disable, signing every command in, exit 2."""

from __future__ import annotations

import json
import re

import pytest

from invoicedesk.cli import main
from invoicedesk.core import clock
from invoicedesk.core.permissions import PERMISSIONS, RANK, ROLES
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import AuditEntry, PeriodLock
from tests.factories import as_json


@pytest.fixture
def cli(db_target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(exit code, stdout, stderr) of one command; ``env`` sets the password variables."""

    def invoke(*args: str, **env: str) -> tuple[int, str, str]:
        for key in (
            "INVOICEDESK_PASSWORD",
            "INVOICEDESK_NEW_PASSWORD",
            "INVOICEDESK_NEW_PIN",
            "INVOICEDESK_SECOND_PIN",
        ):
            monkeypatch.delenv(key, raising=False)
        for key, value in env.items():
            monkeypatch.setenv(f"INVOICEDESK_{key.upper()}", value)
        try:
            code = main(["--db", db_target, *args])
        finally:
            close_database()
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def _audit_count(db_target: str) -> int:
    open_database(db_target)
    try:
        return AuditEntry.select().count()
    finally:
        close_database()


@pytest.fixture
def shop(cli, db_target: str):  # type: ignore[no-untyped-def]
    assert (
        cli(
            "user", "add", "王店长", "--role", "owner", new_password="secret-owner", new_pin="1111"
        )[0]
        == 0
    )
    owner = ("--user", "王店长")
    for name, role, pw, pin in (
        ("李会计", "bookkeeper", "secret-book", "2222"),
        ("张三", "clerk", "secret-clerk", "3333"),
    ):
        code, _, err = cli(
            *owner,
            "user",
            "add",
            name,
            "--role",
            role,
            password="secret-owner",
            new_password=pw,
            new_pin=pin,
        )
        assert (code, err) == (0, ""), err
    return cli


def test_first_user_add_needs_no_sign_in_and_list_json(shop) -> None:  # type: ignore[no-untyped-def]
    code, out, err = shop("--user", "张三", "user", "list", "--json", password="secret-clerk")
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {"name": "王店长", "role": "owner", "active": True},
        {"name": "李会计", "role": "bookkeeper", "active": True},
        {"name": "张三", "role": "clerk", "active": True},
    ]


def test_no_accounts_means_no_sign_in(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("user", "list", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert cli("list")[0] == 0


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("list",), {}, "--user"),
        (("--user", "张三", "list"), {}, "INVOICEDESK_PASSWORD"),
        (("--user", "张三", "list"), {"password": "wrong"}, "姓名或密码不正确"),
        (("--user", "无名", "list"), {"password": "wrong"}, "姓名或密码不正确"),
        (("--user", "张三", "user", "disable", "李会计"), {"password": "secret-clerk"}, "店长"),
        (
            ("--user", "王店长", "user", "disable", "王店长"),
            {"password": "secret-owner"},
            "最后一位店长",
        ),
        (
            ("--user", "李会计", "unlock", "--period", "2026-01", "--reason", "x"),
            {"password": "secret-book"},
            "店长",
        ),
    ],
)
def test_refusals_exit_2_with_one_line_and_change_nothing(  # type: ignore[no-untyped-def]
    shop, db_target: str, args: tuple[str, ...], env: dict[str, str], says: str
) -> None:
    before = _audit_count(db_target)
    code, out, err = shop(*args, **env)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and says in err, err
    after = _audit_count(db_target)
    failed_sign_in = "password" in env and env["password"].startswith("wrong")
    assert after == before + (1 if failed_sign_in else 0)  # only the failure itself is audited


def test_disable_then_that_person_is_refused(shop) -> None:  # type: ignore[no-untyped-def]
    assert shop("--user", "王店长", "user", "disable", "张三", password="secret-owner")[0] == 0
    code, _, err = shop("--user", "张三", "list", password="secret-clerk")
    assert code == 2 and "已停用" in err


# One command per table action that the command line offers, run as each role.
CLI_ACTIONS = {
    "invoice.search": ("list",),
    "month.lock": ("lock", "--period", "{period}"),
    "accounts.manage": ("user", "disable", "李会计"),
    "settings.edit": ("user", "idle", "--minutes", "5"),
    "invoice.record": ("add", "--json", "{invoice}"),
}
PASSWORDS = {
    "owner": ("王店长", "secret-owner"),
    "bookkeeper": ("李会计", "secret-book"),
    "clerk": ("张三", "secret-clerk"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(CLI_ACTIONS))
def test_matrix_through_the_cli(shop, role: str, action: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    name, password = PASSWORDS[role]
    invoice = tmp_path / "one.json"
    invoice.write_text(
        json.dumps(as_json(1, issue_date=clock.today().isoformat()), ensure_ascii=False),
        encoding="utf-8",
    )
    args = [
        a.format(period=clock.period_of(clock.today()), invoice=invoice)
        for a in CLI_ACTIONS[action]
    ]
    code, _, err = shop("--user", name, *args, password=password)
    if RANK[role] >= RANK[PERMISSIONS[action][0]]:
        assert code == 0, err
    else:
        assert code == 2 and "无权" in err


def test_unlock_with_a_second_person_on_the_cli(shop, db_target: str) -> None:  # type: ignore[no-untyped-def]
    period = clock.period_of(clock.today())
    assert shop("--user", "李会计", "lock", "--period", period, password="secret-book")[0] == 0
    code, _, err = shop(
        "--user",
        "王店长",
        "unlock",
        "--period",
        period,
        "--reason",
        "补录",
        password="secret-owner",
    )
    assert code == 2 and "另一位会计或店长" in err
    code, _, err = shop(
        "--user",
        "王店长",
        "unlock",
        "--period",
        period,
        "--reason",
        "补录",
        "--second",
        "李会计",
        password="secret-owner",
        second_pin="2222",
    )
    assert (code, err) == (0, "")
    open_database(db_target)
    try:
        assert PeriodLock.get_or_none(PeriodLock.period == period) is None
    finally:
        close_database()


def test_accounts_in_english(shop, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INVOICEDESK_LANG", "en")
    code, out, err = shop("--user", "张三", "user", "list", password="secret-clerk")
    assert (code, err) == (0, "")
    assert "李会计\t" in out and "\tactive" in out
    code, _, err = shop("list")
    assert code == 2 and "--user NAME" in err and not re.search(r"[\u4e00-\u9fff（）：]", err)
    code, out, _ = shop(
        "--user", "王店长", "user", "idle", "--minutes", "5", password="secret-owner"
    )
    assert (code, out) == (0, "The window locks itself after 5 idle minutes\n")
