"""The emergency plan: a setting in the database, audited, with the guide's default steps."""

from __future__ import annotations

from dataclasses import replace

import pytest

from invoicedesk.services.company import get_setting
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.services.plan import Person, get_plan, new_custom_step, save_plan
from invoicedesk.services.system_checks import PLATFORM_ADDRESS_KEY, check_platform
from invoicedesk.store.models import AuditEntry

pytestmark = pytest.mark.usefixtures("db")


def test_default_plan_comes_from_the_guide() -> None:
    plan = get_plan()
    keys = [s.key for s in plan.steps]
    assert keys[0] == "symptom" and keys[-1] == "close"
    assert {"checks", "notify", "collect", "customers", "tax_office"} <= set(keys)
    assert plan.contacts["tax_hotline"].phone == "12366"
    assert plan.role("in_charge") == Person()


def test_save_people_contacts_address_and_edited_steps() -> None:
    plan = get_plan()
    roles = {**plan.roles, "in_charge": Person("王店长", "138 0000 0000")}
    contacts = {
        **plan.contacts,
        "tax_office": Person("海淀区税务局", "010-12345678", "中关村大街1号"),
    }
    steps = list(plan.steps)
    steps.insert(2, new_custom_step(steps, "拍照留存报错画面", "technical", 3))
    steps[3], steps[4] = steps[4], steps[3]  # reorder
    steps = [replace(s, minutes=7) if s.key == "notify" else s for s in steps]
    saved = save_plan(
        replace(plan, roles=roles, contacts=contacts, steps=steps, platform_address="127.0.0.1:1"),
        "老板",
    )
    assert saved.role("in_charge").phone == "138 0000 0000"
    assert saved.contacts["tax_office"].address == "中关村大街1号"
    assert [s.key for s in saved.steps] == [s.key for s in steps]
    assert saved.steps[2].title == "拍照留存报错画面" and saved.steps[2].key == "custom-1"
    assert next(s for s in saved.steps if s.key == "notify").minutes == 7
    # The platform address is the setting the health check reads.
    assert get_setting(PLATFORM_ADDRESS_KEY) == "127.0.0.1:1"
    assert check_platform()[0] is False
    keys = [e.entity_id for e in AuditEntry.select().where(AuditEntry.action == "setting.change")]
    assert keys == ["emergency_plan", PLATFORM_ADDRESS_KEY]
    assert get_plan() == saved


def test_bad_plan_names_the_field_and_changes_nothing() -> None:
    plan = get_plan()
    entries = AuditEntry.select().count()
    bad = replace(plan, roles={**plan.roles, "collector": Person("李四", "打电话给我")})
    with pytest.raises(ValidationFailed) as err:
        save_plan(bad, "老板")
    assert err.value.problems[0].field == "roles.collector.phone"
    assert "电话号码" in str(err.value.message)
    first_optional = replace(plan, steps=[replace(plan.steps[0], required=False), *plan.steps[1:]])
    with pytest.raises(ValidationFailed):
        save_plan(first_optional, "老板")
    untitled = replace(
        plan,
        steps=[*plan.steps[:-1], replace(plan.steps[1], title=" ", key="custom-9"), plan.steps[-1]],
    )
    with pytest.raises(ValidationFailed) as err:
        save_plan(untitled, "老板")
    assert err.value.problems[0].field.endswith(".title")
    assert AuditEntry.select().count() == entries
