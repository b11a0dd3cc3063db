"""The first-start services on both backends: what is stored, what is refused, what is audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from invoicedesk.services import backup_places, company, first_start
from invoicedesk.services.errors import ServiceError, ValidationFailed
from invoicedesk.store.models import AuditEntry

SHOP = ("北京小满餐饮有限公司", "91110108551385082Q")


def test_a_new_ledger_is_set_up_step_by_step(db: str, tmp_path: Path) -> None:
    view = first_start.status()
    assert view.wanted and view.step == "shop" and view.empty_ledger
    with pytest.raises(ValidationFailed) as refused:
        first_start.save_shop("", "9111010855138508", "店主")
    assert [p.field for p in refused.value.problems] == ["company", "tax_id"]
    assert company.get_company() == company.Company("", "")

    before = AuditEntry.select().count()
    view = first_start.save_shop(f" {SHOP[0]} ", SHOP[1].lower(), "店主")
    assert view.company == company.Company(*SHOP) and view.step == "backup"
    assert AuditEntry.select().count() == before + 2  # the company and the setup's state

    usb = tmp_path / "usb"
    usb.mkdir()
    tried = first_start.try_backup_place(str(usb), "店主")
    assert [d.path for d in backup_places.list_destinations()] == [str(usb)]
    assert tried.view is not None and tried.view.step == "people"
    assert tried.snapshot_id and "已备份到" in str(tried.message)  # pg_dump on PostgreSQL

    with pytest.raises(ValidationFailed) as bad_phone:
        first_start.save_people({"in_charge": ("王店长", "电话号码")}, "店主")
    assert bad_phone.value.problems[0].field == "roles.in_charge.phone"
    view = first_start.save_people({"in_charge": ("王店长", "138-0013-8000")}, "店主")
    assert view.people["in_charge"] == ("王店长", "138-0013-8000") and view.step == "done"
    assert not first_start.finish("店主").wanted
    assert str(first_start.first_steps()[0]).startswith("按 Ctrl+N")


def test_nothing_filled_in_leaves_the_people_for_later(db: str) -> None:
    first_start.save_shop(*SHOP, "店主")
    first_start.postpone("backup", "店主")
    view = first_start.save_people({"in_charge": (" ", "")}, "店主")
    assert view.state.postponed == ("backup", "people") and view.step == "done"
    steps = " ".join(str(m) for m in first_start.first_steps())
    assert "备份位置" in steps and "应急预案" in steps
    with pytest.raises(ValidationFailed):
        first_start.postpone("shop", "店主")


@pytest.mark.parametrize("kind", ["missing", "a file", "relative", "the ledger's folder"])
def test_unusable_backup_places_are_refused_and_not_kept(
    sqlite_db: str, tmp_path: Path, kind: str
) -> None:
    first_start.save_shop(*SHOP, "店主")
    place = {
        "missing": str(tmp_path / "no-such-usb"),
        "a file": str(tmp_path / "file.txt"),
        "relative": "usb",
        "the ledger's folder": str(Path(sqlite_db).parent),
    }[kind]
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ServiceError) as refused:
        first_start.try_backup_place(place, "店主")
    assert str(refused.value.message)
    assert backup_places.list_destinations() == []
    assert first_start.status().step == "backup"


def test_an_existing_ledger_does_not_get_the_wizard(db: str) -> None:
    company.set_company(*SHOP, "init")  # as `invoicedesk init --company … --tax-id …` does
    assert not first_start.status().wanted
